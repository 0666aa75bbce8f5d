/**
 * CloudWatch alarm state changes delivered by EventBridge ("CloudWatch Alarm State Change", source
 * aws.cloudwatch): https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 *
 * The same alarm may reach a channel by SNS (an alarm action) and by an EventBridge rule. Both must
 * read alike, filter alike and land in one thread, so the event is restated in the shape CloudWatch
 * publishes to SNS and rendered by the one alarm renderer; only the small print says which way it came.
 */
import { parseArn } from "../arn";
import { regionDisplayName } from "../aws-region-names";
import { renderCloudWatchAlarm } from "../cloudwatch-alarm";
import { partitionFromRegion } from "../console-links";
import type { Notification, Renderer } from "../model";
import { arrayAt, isRecord, recordAt, stringAt, valueAt, type JsonRecord } from "../untrusted-json";
import { readEventBridgeEvent, type EventBridgeEvent } from "./event";

export const CLOUDWATCH_ALARM_DETAIL_TYPE = "CloudWatch Alarm State Change";

export const cloudWatchAlarmEventRenderer: Renderer = {
  // The renderer's own name (in error reports); its notifications keep the SNS renderer's kind,
  // "cloudwatch-alarm", so a channel filter naming it takes alarms from either path.
  kind: "cloudwatch-alarm-eventbridge",
  render(input, parsed): Notification | undefined {
    const event = readEventBridgeEvent(parsed);
    if (event === undefined || event.source !== "aws.cloudwatch" || event.detailType !== CLOUDWATCH_ALARM_DETAIL_TYPE) {
      return undefined;
    }
    const alarm = alarmAsSnsMessage(event);
    if (alarm === undefined) return undefined;
    const notification = renderCloudWatchAlarm(input, alarm);
    if (notification === undefined) return undefined;
    return { ...notification, context: [...notification.context, "Via EventBridge"] };
  },
};

/** The event restated with the SNS message's field names, so the alarm renderer reads it unchanged. */
function alarmAsSnsMessage(event: EventBridgeEvent): JsonRecord | undefined {
  const detail = event.detail;
  const name = stringAt(detail, "alarmName");
  const state = recordAt(detail, "state");
  const newState = state && stringAt(state, "value");
  if (name === undefined || newState === undefined) return undefined;
  const previous = recordAt(detail, "previousState");
  const configuration = recordAt(detail, "configuration") ?? {};
  const alarmRule = stringAt(configuration, "alarmRule");
  const metrics = (arrayAt(configuration, "metrics") ?? []).filter(isRecord);

  return {
    AlarmName: name,
    AlarmArn: alarmArn(event, name),
    AlarmDescription: stringAt(configuration, "description"),
    AWSAccountId: event.account,
    // CloudWatch names the Region in SNS messages; the same words make the same summary line.
    Region: event.region === undefined ? undefined : regionDisplayName(event.region),
    NewStateValue: newState,
    NewStateReason: state && stringAt(state, "reason"),
    OldStateValue: previous && stringAt(previous, "value"),
    StateChangeTime: (state && stringAt(state, "timestamp")) ?? event.time,
    ...(alarmRule === undefined ? {} : { AlarmRule: alarmRule, TriggeringChildren: triggeringChildren(state) }),
    ...(metrics.length === 0 ? {} : { Trigger: { Metrics: metrics.map(metricQuery) } }),
  };
}

/**
 * The thread key is the alarm's ARN, as on the SNS path: the event names it in `resources`; built from
 * the envelope (same partition, Region, account and name) when a publisher left it out.
 */
function alarmArn(event: EventBridgeEvent, name: string): string | undefined {
  const named = event.resources.find((resource) => parseArn(resource)?.resource.startsWith("alarm:"));
  if (named !== undefined) return named;
  if (event.region === undefined || event.account === undefined) return undefined;
  return `arn:${partitionFromRegion(event.region)}:cloudwatch:${event.region}:${event.account}:alarm:${name}`;
}

/** A metric query in the SNS Trigger's spelling (EventBridge uses camelCase and a dimensions map). */
function metricQuery(query: JsonRecord): JsonRecord {
  const metricStat = recordAt(query, "metricStat");
  const metric = metricStat && recordAt(metricStat, "metric");
  const dimensions = metric && recordAt(metric, "dimensions");
  return {
    Id: stringAt(query, "id"),
    Label: stringAt(query, "label"),
    Expression: stringAt(query, "expression"),
    ReturnData: valueAt(query, "returnData"),
    ...(metricStat === undefined
      ? {}
      : {
          MetricStat: {
            Metric: {
              Namespace: metric && stringAt(metric, "namespace"),
              MetricName: metric && stringAt(metric, "name"),
              Dimensions: Object.entries(dimensions ?? {}).map(([key, value]) => ({ name: key, value })),
            },
            Period: valueAt(metricStat, "period"),
            Stat: stringAt(metricStat, "stat"),
          },
        }),
  };
}

/** A composite alarm's `state.reasonData` names the children that fired: `{triggeringAlarms: [{arn, state}]}`. */
function triggeringChildren(state: JsonRecord | undefined): readonly JsonRecord[] | undefined {
  const reasonData = state && stringAt(state, "reasonData");
  if (reasonData === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(reasonData);
  } catch {
    return undefined;
  }
  if (!isRecord(data)) return undefined;
  return (arrayAt(data, "triggeringAlarms") ?? []).filter(isRecord).map((child) => {
    const childState = recordAt(child, "state");
    return {
      Arn: stringAt(child, "arn"),
      ...(childState === undefined
        ? {}
        : { State: { Value: stringAt(childState, "value"), Timestamp: stringAt(childState, "timestamp") } }),
    };
  });
}
