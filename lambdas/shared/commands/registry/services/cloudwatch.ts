import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  type DescribeAlarmHistoryCommandInput,
  DescribeAlarmsCommand,
  type Dimension,
  GetMetricStatisticsCommand,
  type GetMetricStatisticsCommandInput,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import type { ParamSpec, ResourceScope, ServiceSpec } from "../../operation-model";
import { arnOrNamed } from "../arns";
import { ParameterValueError } from "../errors";
import { inputFromParams, sdkOperation } from "../sdk-operation";
import { optionalString, optionalStringList, type Params, requiredInteger, requiredString } from "../param-values";
import { parseTimestamp } from "../timestamps";

const TIME_HELP = "ISO 8601, Unix seconds, \"now\" or a time ago such as -1h";

const alarmName = (required: boolean): ParamSpec => ({ name: "alarm-name", sdkName: "AlarmName", type: "string", required, description: "The alarm's name" });
const maxRecords: ParamSpec = { name: "max-records", sdkName: "MaxRecords", type: "integer", description: "At most this many results (1–100)" };
const nextToken: ParamSpec = { name: "next-token", sdkName: "NextToken", type: "string", description: "Token from a previous call's NextToken, for the next page" };

const alarmResource = (params: Params, scope: ResourceScope) =>
  arnOrNamed(params["alarm-name"], scope, "cloudwatch", (name) => `alarm:${name}`);

const historyParams: readonly ParamSpec[] = [
  alarmName(false),
  { name: "history-item-type", sdkName: "HistoryItemType", type: "string", description: "ConfigurationUpdate, StateUpdate, Action, AlarmContributorStateUpdate or AlarmContributorAction" },
  { name: "start-date", sdkName: "StartDate", type: "string", description: `Oldest item (${TIME_HELP})` },
  { name: "end-date", sdkName: "EndDate", type: "string", description: `Newest item (${TIME_HELP}; default now)` },
  maxRecords,
  nextToken,
  { name: "scan-by", sdkName: "ScanBy", type: "string", description: "TimestampDescending (default) or TimestampAscending" },
];

const metricParams: readonly ParamSpec[] = [
  { name: "namespace", sdkName: "Namespace", type: "string", required: true, description: "The metric's namespace, e.g. AWS/Lambda" },
  { name: "metric-name", sdkName: "MetricName", type: "string", required: true, description: "The metric's name, e.g. Errors" },
  { name: "dimensions", sdkName: "Dimensions", type: "string-list", description: "Dimensions as Name=Value (or Name=n,Value=v), space-separated" },
  { name: "start-time", sdkName: "StartTime", type: "string", required: true, description: `First data point (${TIME_HELP})` },
  { name: "end-time", sdkName: "EndTime", type: "string", description: `Last data point (${TIME_HELP}; default now)` },
  { name: "period", sdkName: "Period", type: "integer", required: true, description: "Seconds per data point (a multiple of 60)" },
  { name: "statistics", sdkName: "Statistics", type: "string-list", description: "SampleCount, Average, Sum, Minimum and/or Maximum" },
  { name: "extended-statistics", sdkName: "ExtendedStatistics", type: "string-list", description: "Percentiles such as p99" },
  { name: "unit", sdkName: "Unit", type: "string", description: "The unit to report, e.g. Seconds, Count" },
];

export const service: ServiceSpec = {
  name: "cloudwatch",
  description: "Amazon CloudWatch alarms and metrics",
  operations: [
    sdkOperation({
      name: "describe-alarms",
      description: "List alarms, optionally by state or name",
      iamAction: "cloudwatch:DescribeAlarms",
      params: [
        { name: "alarm-names", sdkName: "AlarmNames", type: "string-list", description: "Only these alarms (space-separated)" },
        { name: "alarm-name-prefix", sdkName: "AlarmNamePrefix", type: "string", description: "Only alarms whose name starts with this" },
        { name: "state-value", sdkName: "StateValue", type: "string", description: "Only alarms in this state: OK, ALARM or INSUFFICIENT_DATA" },
        { name: "alarm-types", sdkName: "AlarmTypes", type: "string-list", description: "MetricAlarm and/or CompositeAlarm" },
        { name: "action-prefix", sdkName: "ActionPrefix", type: "string", description: "Only alarms with an action starting with this ARN prefix" },
        maxRecords,
        nextToken,
      ],
      resource: () => "*",
      client: CloudWatchClient,
      command: DescribeAlarmsCommand,
    }),
    sdkOperation({
      name: "describe-alarm-history",
      description: "Show the history of an alarm (or of all alarms)",
      iamAction: "cloudwatch:DescribeAlarmHistory",
      params: historyParams,
      resource: alarmResource,
      client: CloudWatchClient,
      command: DescribeAlarmHistoryCommand,
      input: (params): DescribeAlarmHistoryCommandInput => ({
        ...inputFromParams(params, historyParams),
        StartDate: optionalTime(params, "start-date"),
        EndDate: optionalTime(params, "end-date"),
      }),
    }),
    sdkOperation({
      name: "get-metric-statistics",
      description: "Show a metric's statistics over a time range",
      iamAction: "cloudwatch:GetMetricStatistics",
      params: metricParams,
      resource: () => "*",
      client: CloudWatchClient,
      command: GetMetricStatisticsCommand,
      input: (params): GetMetricStatisticsCommandInput => ({
        ...inputFromParams(params, metricParams),
        Namespace: requiredString(params, "namespace"),
        MetricName: requiredString(params, "metric-name"),
        Period: requiredInteger(params, "period"),
        Dimensions: optionalStringList(params, "dimensions")?.map(parseDimension),
        StartTime: parseTimestamp("start-time", requiredString(params, "start-time")),
        EndTime: optionalTime(params, "end-time") ?? new Date(),
      }),
      // CloudWatch returns data points in no particular order; a time series reads oldest first.
      output: (output) => ({ ...output, Datapoints: sortedByTimestamp(output.Datapoints) }),
    }),
    sdkOperation({
      name: "set-alarm-state",
      description: "Set an alarm's state temporarily (to test its actions)",
      iamAction: "cloudwatch:SetAlarmState",
      params: [
        alarmName(true),
        { name: "state-value", sdkName: "StateValue", type: "string", required: true, description: "OK, ALARM or INSUFFICIENT_DATA" },
        { name: "state-reason", sdkName: "StateReason", type: "string", required: true, description: "Why, in words" },
        { name: "state-reason-data", sdkName: "StateReasonData", type: "string", description: "Why, as JSON" },
      ],
      resource: alarmResource,
      client: CloudWatchClient,
      command: SetAlarmStateCommand,
    }),
  ],
};

function optionalTime(params: Params, name: string): Date | undefined {
  const value = optionalString(params, name);
  return value === undefined ? undefined : parseTimestamp(name, value);
}

/** "FunctionName=api" or the AWS CLI's shorthand "Name=FunctionName,Value=api". */
export function parseDimension(text: string): Dimension {
  const shorthand = /^Name=([^,]*),Value=(.*)$/s.exec(text);
  if (shorthand) return { Name: shorthand[1], Value: shorthand[2] };
  const separator = text.indexOf("=");
  if (separator <= 0) throw new ParameterValueError("dimensions", `--dimensions takes Name=Value pairs, got "${text.slice(0, 60)}"`);
  return { Name: text.slice(0, separator), Value: text.slice(separator + 1) };
}

function sortedByTimestamp(datapoints: unknown): unknown {
  if (!Array.isArray(datapoints)) return datapoints;
  const time = (point: unknown) => {
    const timestamp = typeof point === "object" && point !== null ? (point as { Timestamp?: unknown }).Timestamp : undefined;
    return timestamp instanceof Date ? timestamp.getTime() : 0;
  };
  return [...datapoints].sort((a, b) => time(a) - time(b));
}
