/**
 * CloudWatch alarm state changes (metric, metric-math, anomaly-detection and composite alarms), in
 * the shape CloudWatch publishes to SNS: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
import { parseArn } from "./arn";
import { regionCodeFromDisplayName } from "./aws-region-names";
import {
  cloudWatchAlarmConsoleUrl,
  isRegionCode,
  partitionFromArn,
  partitionFromRegion,
  type Partition,
} from "./console-links";
import { cutText, oneLine } from "./cut-text";
import { formatAwsTime } from "./format-time";
import type { Field, ItemList, Link, Notification, Renderer, Severity, SnsNotificationInput } from "./model";
import {
  arrayAt,
  isRecord,
  lookup,
  numberAt,
  recordAt,
  scalarText,
  stringAt,
  valueAt,
  type JsonRecord,
} from "./untrusted-json";

/** Composite rules can name many children; a handful says what fired without flooding the channel. */
const MAX_LISTED_CHILDREN = 10;
const MAX_LISTED_METRICS = 10;
const MAX_SUMMARY_LENGTH = 300;

const SEVERITY_BY_STATE: Readonly<Record<string, Severity>> = {
  ALARM: "high",
  OK: "ok",
  INSUFFICIENT_DATA: "unknown",
};

const STATISTIC_NAMES: Readonly<Record<string, string>> = {
  AVERAGE: "Average",
  SUM: "Sum",
  MINIMUM: "Minimum",
  MAXIMUM: "Maximum",
  SAMPLE_COUNT: "SampleCount",
};

/** How each comparison reads; band operators compare against an anomaly-detection band, not a number. */
const COMPARISONS: Readonly<Record<string, { readonly phrase: string; readonly band: boolean }>> = {
  GreaterThanOrEqualToThreshold: { phrase: "≥", band: false },
  GreaterThanThreshold: { phrase: ">", band: false },
  LessThanThreshold: { phrase: "<", band: false },
  LessThanOrEqualToThreshold: { phrase: "≤", band: false },
  LessThanLowerOrGreaterThanUpperThreshold: { phrase: "outside the band", band: true },
  LessThanLowerThreshold: { phrase: "below the band", band: true },
  GreaterThanUpperThreshold: { phrase: "above the band", band: true },
};

const MISSING_DATA_TREATMENTS: Readonly<Record<string, string>> = {
  missing: "treated as missing",
  breaching: "treated as breaching",
  notBreaching: "treated as not breaching",
  ignore: "ignored (alarm state kept)",
};

/** The name EventBridge gives the same event, so one filter entry matches alarms from either path. */
export const ALARM_EVENT_TYPE = "CloudWatch Alarm State Change";

export const cloudWatchAlarmRenderer: Renderer = {
  kind: "cloudwatch-alarm",
  render: renderCloudWatchAlarm,
};

export function renderCloudWatchAlarm(_input: SnsNotificationInput, parsed: unknown): Notification | undefined {
  if (!isRecord(parsed)) return undefined;
  const name = stringAt(parsed, "AlarmName");
  const newState = stringAt(parsed, "NewStateValue");
  if (name === undefined || newState === undefined) return undefined;

  const oldState = stringAt(parsed, "OldStateValue");
  const location = locateAlarm(parsed);
  const reason = stringAt(parsed, "NewStateReason");
  const description = stringAt(parsed, "AlarmDescription");
  const trigger = recordAt(parsed, "Trigger");
  const rule = stringAt(parsed, "AlarmRule");

  const fields: Field[] = [
    { label: "State", value: oldState === undefined ? newState : `${oldState} → ${newState}` },
  ];
  if (description !== undefined) fields.push({ label: "Description", value: description });
  const lists: ItemList[] = [];
  if (trigger !== undefined) {
    const described = describeTrigger(trigger);
    fields.push(...described.fields);
    lists.push(...described.lists);
  }
  if (rule !== undefined) fields.push({ label: "Rule", value: rule, code: true });
  const children = describeTriggeringChildren(arrayAt(parsed, "TriggeringChildren"));
  if (children !== undefined) lists.push(children);

  const links: Link[] = [];
  const consoleUrl =
    location.region !== undefined
      ? cloudWatchAlarmConsoleUrl(location.region, name, location.partition)
      : undefined;
  if (consoleUrl !== undefined) links.push({ label: "View alarm in CloudWatch", url: consoleUrl });

  const regionName = location.displayName ?? location.region;
  const where = regionName === undefined ? "" : ` in ${regionName}`;
  const context = [rule !== undefined ? "CloudWatch composite alarm" : "CloudWatch alarm"];
  if (location.accountId !== undefined) context.push(`Account ${location.accountId}`);
  if (location.regionLabel !== undefined) context.push(location.regionLabel);
  const changedAt = stringAt(parsed, "StateChangeTime");
  if (changedAt !== undefined) context.push(`Changed ${formatAwsTime(changedAt)}`);

  return {
    kind: cloudWatchAlarmRenderer.kind,
    recognized: true,
    title: name,
    severity: lookup(SEVERITY_BY_STATE, newState) ?? "unknown",
    // Same wording as CloudWatch's own e-mail subject, which people already recognise.
    summary: cutText(oneLine(`${newState}: "${name}"${where}`), MAX_SUMMARY_LENGTH),
    body: reason === undefined ? undefined : { text: reason },
    fields,
    lists,
    links,
    context,
    eventType: ALARM_EVENT_TYPE,
    ...(newState === "ALARM" ? { alarm: true } : {}),
    thread: {
      key: `cloudwatch-alarm:${stringAt(parsed, "AlarmArn") ?? `${location.accountId ?? ""}:${location.regionLabel ?? ""}:${name}`}`,
      // An alarm's story starts when it fires; an OK or INSUFFICIENT_DATA alone is not worth a thread.
      opens: newState === "ALARM",
      updatesParent: true,
      ...(changedAt === undefined ? {} : { occurredAt: changedAt }),
    },
  };
}

interface AlarmLocation {
  /** Region code, only when it is a well-formed code (it goes into a URL). */
  readonly region?: string;
  /** What to call the Region in text: the code, or the display name when the code is unknown. */
  readonly regionLabel?: string;
  /** The name CloudWatch gave the Region ("US East (N. Virginia)"), as sent. */
  readonly displayName?: string;
  readonly partition?: Partition;
  readonly accountId?: string;
}

/** Region and partition from the AlarmArn when present; otherwise from the "Region" display name. */
function locateAlarm(alarm: JsonRecord): AlarmLocation {
  const alarmArn = stringAt(alarm, "AlarmArn");
  const arn = alarmArn === undefined ? undefined : parseArn(alarmArn);
  const displayName = stringAt(alarm, "Region");
  const region =
    arn !== undefined && isRegionCode(arn.region)
      ? arn.region
      : displayName === undefined
        ? undefined
        : regionCodeFromDisplayName(displayName);
  const partition =
    (alarmArn === undefined ? undefined : partitionFromArn(alarmArn)) ??
    (region === undefined ? undefined : partitionFromRegion(region));
  const accountId = scalarText(valueAt(alarm, "AWSAccountId")) ?? (arn?.accountId || undefined);
  return { region, regionLabel: region ?? displayName, displayName, partition, accountId };
}

function describeTrigger(trigger: JsonRecord): { fields: Field[]; lists: ItemList[] } {
  const fields: Field[] = [];
  const lists: ItemList[] = [];
  const metricQueries = (arrayAt(trigger, "Metrics") ?? []).filter(isRecord);

  const metricName = stringAt(trigger, "MetricName");
  const namespace = stringAt(trigger, "Namespace");
  if (metricName !== undefined) {
    fields.push({ label: "Metric", value: [namespace, metricName].filter(Boolean).join(" "), code: true });
  }
  const dimensions = formatDimensions(arrayAt(trigger, "Dimensions"));
  if (dimensions !== undefined) fields.push({ label: "Dimensions", value: dimensions, code: true });

  const condition = describeCondition(trigger, metricQueries);
  if (condition !== undefined) fields.push({ label: "Condition", value: condition });

  const missingData = stringAt(trigger, "TreatMissingData");
  if (missingData !== undefined) {
    // CloudWatch sends this as "- TreatMissingData:   missing"; keep only the setting.
    const setting = missingData.replace(/^\s*-?\s*TreatMissingData:\s*/i, "").trim();
    if (setting !== "") {
      fields.push({ label: "Missing data", value: lookup(MISSING_DATA_TREATMENTS, setting) ?? setting });
    }
  }

  if (metricQueries.length > 0) {
    const thresholdMetricId = stringAt(trigger, "ThresholdMetricId");
    const items = metricQueries
      .slice(0, MAX_LISTED_METRICS)
      .map((query) => ({ text: describeMetricQuery(query, thresholdMetricId) }));
    if (metricQueries.length > MAX_LISTED_METRICS) {
      items.push({ text: `… and ${metricQueries.length - MAX_LISTED_METRICS} more` });
    }
    lists.push({ title: "Metrics", items });
  }
  return { fields, lists };
}

/** e.g. "Average > 80 Percent for 3 of 5 periods of 5 minutes", or "m1 outside the band ad1 (…)". */
function describeCondition(trigger: JsonRecord, metricQueries: readonly JsonRecord[]): string | undefined {
  const operator = stringAt(trigger, "ComparisonOperator");
  if (operator === undefined) return undefined;
  const comparison = lookup(COMPARISONS, operator) ?? { phrase: operator, band: false };

  const thresholdMetricId = stringAt(trigger, "ThresholdMetricId");
  const evaluated = metricQueries.find(
    (query) => valueAt(query, "ReturnData") !== false && stringAt(query, "Id") !== thresholdMetricId,
  );
  const subject =
    metricQueries.length > 0
      ? (evaluated && (stringAt(evaluated, "Label") ?? stringAt(evaluated, "Id"))) ?? "the metric"
      : (statisticName(trigger) ?? stringAt(trigger, "MetricName") ?? "the metric");

  let against: string | undefined;
  if (thresholdMetricId !== undefined) {
    const band = metricQueries.find((query) => stringAt(query, "Id") === thresholdMetricId);
    const expression = band && stringAt(band, "Expression");
    against = expression === undefined ? thresholdMetricId : `${thresholdMetricId} (${expression})`;
  } else {
    const threshold = numberAt(trigger, "Threshold");
    against = threshold === undefined ? undefined : `${threshold}${unitSuffix(stringAt(trigger, "Unit"))}`;
  }
  const comparisonText =
    against === undefined ? `${subject} ${comparison.phrase}` : `${subject} ${comparison.phrase} ${against}`;
  const evaluation = describeEvaluation(trigger, metricQueries);
  return evaluation === undefined ? comparisonText : `${comparisonText} ${evaluation}`;
}

function describeEvaluation(trigger: JsonRecord, metricQueries: readonly JsonRecord[]): string | undefined {
  const evaluationPeriods = numberAt(trigger, "EvaluationPeriods");
  const datapoints = numberAt(trigger, "DatapointsToAlarm") ?? evaluationPeriods;
  const periodSeconds =
    numberAt(trigger, "Period") ??
    metricQueries
      .map((query) => recordAt(query, "MetricStat"))
      .map((stat) => (stat === undefined ? undefined : numberAt(stat, "Period")))
      .find((period) => period !== undefined);
  const period = periodSeconds === undefined ? undefined : formatPeriod(periodSeconds);
  if (evaluationPeriods === undefined) return period === undefined ? undefined : `over ${period}`;
  const periods = evaluationPeriods === 1 ? "period" : "periods";
  return period === undefined
    ? `for ${datapoints} of ${evaluationPeriods} ${periods}`
    : `for ${datapoints} of ${evaluationPeriods} ${periods} of ${period}`;
}

function statisticName(trigger: JsonRecord): string | undefined {
  const extended = stringAt(trigger, "ExtendedStatistic");
  if (extended !== undefined && stringAt(trigger, "StatisticType") !== "Statistic") return extended;
  const statistic = stringAt(trigger, "Statistic");
  return statistic === undefined ? extended : (lookup(STATISTIC_NAMES, statistic) ?? statistic);
}

function unitSuffix(unit: string | undefined): string {
  if (unit === undefined || unit === "None") return "";
  return unit === "Percent" ? "%" : ` ${unit}`;
}

/** "m1: AWS/EC2 NetworkOut (InstanceId=i-1) Average over 1 minute" or "e1: m1*100 "Error rate" (evaluated)". */
function describeMetricQuery(query: JsonRecord, thresholdMetricId: string | undefined): string {
  const id = stringAt(query, "Id") ?? "?";
  const label = stringAt(query, "Label");
  const expression = stringAt(query, "Expression");
  const metricStat = recordAt(query, "MetricStat");
  let what = "(no metric or expression)";
  if (expression !== undefined) {
    what = expression;
  } else if (metricStat !== undefined) {
    const metric = recordAt(metricStat, "Metric");
    const name = metric && [stringAt(metric, "Namespace"), stringAt(metric, "MetricName")].filter(Boolean).join(" ");
    const dimensions = metric && formatDimensions(arrayAt(metric, "Dimensions"));
    const stat = stringAt(metricStat, "Stat");
    const period = numberAt(metricStat, "Period");
    what = [
      name || "metric",
      dimensions === undefined ? undefined : `(${dimensions})`,
      stat,
      period === undefined ? undefined : `over ${formatPeriod(period)}`,
    ]
      .filter(Boolean)
      .join(" ");
  }
  const labelled = label === undefined || label === id ? what : `${what} "${label}"`;
  if (id === thresholdMetricId) return `${id}: ${labelled} (threshold)`;
  return valueAt(query, "ReturnData") === false ? `${id}: ${labelled}` : `${id}: ${labelled} (evaluated)`;
}

/** "InstanceId=i-123, AutoScalingGroupName=web"; SNS uses lower-case name/value, the API upper-case. */
function formatDimensions(dimensions: readonly unknown[] | undefined): string | undefined {
  if (dimensions === undefined) return undefined;
  const pairs = dimensions.filter(isRecord).map((dimension) => {
    const name = stringAt(dimension, "name") ?? stringAt(dimension, "Name") ?? "?";
    const value = scalarText(valueAt(dimension, "value") ?? valueAt(dimension, "Value")) ?? "";
    return `${name}=${value}`;
  });
  return pairs.length === 0 ? undefined : pairs.join(", ");
}

function formatPeriod(seconds: number): string {
  const units: readonly [number, string][] = [
    [86400, "day"],
    [3600, "hour"],
    [60, "minute"],
  ];
  for (const [size, unit] of units) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return count === 1 ? `1 ${unit}` : `${count} ${unit}s`;
    }
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

/** Composite alarms list the children that fired: documented as strings, sent as {Arn, State} objects. */
function describeTriggeringChildren(children: readonly unknown[] | undefined): ItemList | undefined {
  if (children === undefined || children.length === 0) return undefined;
  const items = children.slice(0, MAX_LISTED_CHILDREN).map((child) => ({ text: describeChild(child) }));
  if (children.length > MAX_LISTED_CHILDREN) {
    items.push({ text: `… and ${children.length - MAX_LISTED_CHILDREN} more` });
  }
  return { title: "Triggered by", items };
}

function describeChild(child: unknown): string {
  if (typeof child === "string") return alarmNameFromArn(child);
  if (!isRecord(child)) return scalarText(child) ?? "(unreadable child alarm)";
  const arn = stringAt(child, "Arn") ?? stringAt(child, "AlarmArn");
  const name = stringAt(child, "AlarmName") ?? (arn === undefined ? "(unnamed alarm)" : alarmNameFromArn(arn));
  const state = recordAt(child, "State");
  const value = state && stringAt(state, "Value");
  const since = state && stringAt(state, "Timestamp");
  if (value === undefined) return name;
  return since === undefined ? `${name}: ${value}` : `${name}: ${value} since ${formatAwsTime(since)}`;
}

function alarmNameFromArn(arn: string): string {
  const resource = parseArn(arn)?.resource;
  return resource?.startsWith("alarm:") ? resource.slice("alarm:".length) : arn;
}
