import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  GetQueryResultsCommand,
  StartQueryCommand,
  type StartQueryCommandInput,
} from "@aws-sdk/client-cloudwatch-logs";
import type { ParamSpec, ResourceScope, ServiceSpec } from "../../operation-model";
import { arnOrNamed } from "../arns";
import { optionalInteger, optionalString, optionalStringList, type Params, requiredString } from "../param-values";
import { sdkOperation } from "../sdk-operation";
import { parseTimestamp } from "../timestamps";

const TIME_HELP = "ISO 8601, Unix seconds, \"now\" or a time ago such as -1h";

/** A chat message cannot show 10,000 events (FilterLogEvents' own maximum); ask for a page of them. */
export const DEFAULT_EVENT_LIMIT = 50;
export const MAX_EVENT_LIMIT = 500;
/** FilterLogEvents without a start time scans the group's whole retention: default to the last hour. */
const DEFAULT_LOOKBACK = "-1h";

const logGroupName: ParamSpec = { name: "log-group-name", sdkName: "logGroupName", type: "string", required: true, description: "The log group's name" };
const limit = (description: string): ParamSpec => ({ name: "limit", sdkName: "limit", type: "integer", description });

const logGroupResource = (params: Params, scope: ResourceScope) =>
  arnOrNamed(params["log-group-name"], scope, "logs", (name) => `log-group:${name}`);

export const service: ServiceSpec = {
  name: "logs",
  description: "Amazon CloudWatch Logs: log groups, events and Logs Insights queries",
  operations: [
    sdkOperation({
      name: "describe-log-groups",
      description: "List log groups",
      iamAction: "logs:DescribeLogGroups",
      params: [
        { name: "log-group-name-prefix", sdkName: "logGroupNamePrefix", type: "string", description: "Only groups whose name starts with this" },
        { name: "log-group-name-pattern", sdkName: "logGroupNamePattern", type: "string", description: "Only groups whose name contains this" },
        limit("At most this many groups (1–50)"),
        { name: "next-token", sdkName: "nextToken", type: "string", description: "Token from a previous call's nextToken, for the next page" },
      ],
      resource: () => "*",
      client: CloudWatchLogsClient,
      command: DescribeLogGroupsCommand,
    }),
    sdkOperation({
      name: "filter-log-events",
      description: `Search a log group's events (last hour and ${DEFAULT_EVENT_LIMIT} events unless told otherwise); shows each event's time, stream and message`,
      iamAction: "logs:FilterLogEvents",
      params: [
        logGroupName,
        { name: "filter-pattern", sdkName: "filterPattern", type: "string", description: "CloudWatch Logs filter pattern, e.g. ERROR" },
        { name: "log-stream-names", sdkName: "logStreamNames", type: "string-list", description: "Only these streams (space-separated)" },
        { name: "start-time", sdkName: "startTime", type: "string", description: `Oldest event (${TIME_HELP}; default -1h)` },
        { name: "end-time", sdkName: "endTime", type: "string", description: `Newest event (${TIME_HELP}; default now)` },
        limit(`At most this many events (default ${DEFAULT_EVENT_LIMIT}, at most ${MAX_EVENT_LIMIT})`),
        { name: "next-token", sdkName: "nextToken", type: "string", description: "Token from a previous call's nextToken, for the next page" },
      ],
      resource: logGroupResource,
      client: CloudWatchLogsClient,
      command: FilterLogEventsCommand,
      input: (params): FilterLogEventsCommandInput => ({
        logGroupName: requiredString(params, "log-group-name"),
        filterPattern: optionalString(params, "filter-pattern"),
        logStreamNames: optionalStringList(params, "log-stream-names"),
        startTime: epochMillis(params, "start-time", DEFAULT_LOOKBACK),
        endTime: epochMillis(params, "end-time", "now"),
        limit: eventLimit(params),
        nextToken: optionalString(params, "next-token"),
      }),
      output: chatSizedEvents,
    }),
    sdkOperation({
      name: "start-query",
      description: "Start a Logs Insights query; fetch its results with get-query-results",
      iamAction: "logs:StartQuery",
      params: [
        logGroupName,
        { name: "query-string", sdkName: "queryString", type: "string", required: true, description: "The Logs Insights query, e.g. \"fields @message | limit 20\"" },
        { name: "start-time", sdkName: "startTime", type: "string", description: `Query from (${TIME_HELP}; default -1h)` },
        { name: "end-time", sdkName: "endTime", type: "string", description: `Query to (${TIME_HELP}; default now)` },
        limit("At most this many results (default 1,000)"),
      ],
      resource: logGroupResource,
      client: CloudWatchLogsClient,
      command: StartQueryCommand,
      input: (params): StartQueryCommandInput => ({
        logGroupName: requiredString(params, "log-group-name"),
        queryString: requiredString(params, "query-string"),
        // StartQuery takes seconds, not milliseconds.
        startTime: Math.floor(epochMillis(params, "start-time", DEFAULT_LOOKBACK) / 1000),
        endTime: Math.floor(epochMillis(params, "end-time", "now") / 1000),
        limit: optionalInteger(params, "limit"),
      }),
    }),
    sdkOperation({
      name: "get-query-results",
      description: "Show a Logs Insights query's status and results",
      iamAction: "logs:GetQueryResults",
      params: [{ name: "query-id", sdkName: "queryId", type: "string", required: true, description: "The ID start-query returned" }],
      resource: () => "*",
      client: CloudWatchLogsClient,
      command: GetQueryResultsCommand,
    }),
  ],
};

function epochMillis(params: Params, name: string, fallback: string): number {
  return parseTimestamp(name, optionalString(params, name) ?? fallback).getTime();
}

function eventLimit(params: Params): number {
  const requested = optionalInteger(params, "limit") ?? DEFAULT_EVENT_LIMIT;
  return Math.min(Math.max(requested, 1), MAX_EVENT_LIMIT);
}

/**
 * What a person reads in chat: each event's time (ISO 8601 rather than epoch milliseconds), stream
 * and message. Event and ingestion IDs and the search statistics (searchedLogStreams) would crowd
 * the few events a message has room for.
 */
export function chatSizedEvents(output: Record<string, unknown>): Record<string, unknown> {
  const events: unknown[] = Array.isArray(output.events) ? output.events : [];
  return {
    events: events.filter(isRecord).map((event) => ({
      timestamp: typeof event.timestamp === "number" ? new Date(event.timestamp).toISOString() : event.timestamp,
      logStreamName: event.logStreamName,
      message: typeof event.message === "string" ? event.message.trimEnd() : event.message,
    })),
    nextToken: output.nextToken,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
