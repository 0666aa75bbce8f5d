import { type Duration, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type { Construct } from "constructs";

/**
 * Herald's own alarms (erasure overdue, failed events, channel backlogs) are created without an
 * action: where operators want to be told is theirs to choose (README, "Herald's alarms"). cdk-nag's
 * NIST 800-53 R5 pack asks for an action; this is the one place that says why there is none.
 */
export function acknowledgeOperatorAlarm(alarm: cloudwatch.Alarm): void {
  Validations.of(alarm).acknowledge({
    id: "NIST.800.53.R5-CloudWatchAlarmAction",
    reason: "Herald cannot know where its operators want to be told; they add the action (README, Herald's alarms), for example one of Herald's own topics, which posts the alarm to Slack.",
  });
}

/** One of Herald's own EMF metrics (a `service` dimension, the maximum over the period). */
export interface HeraldMetricAlarmProps {
  readonly description: string;
  readonly metric: { readonly namespace: string; readonly metricName: string; readonly service: string };
  readonly period: Duration;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly treatMissingData: cloudwatch.TreatMissingData;
}

/** An alarm on one of Herald's own metrics, acknowledged as action-less (see above). */
export function heraldMetricAlarm(scope: Construct, id: string, props: HeraldMetricAlarmProps): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: props.description,
    metric: new cloudwatch.Metric({
      namespace: props.metric.namespace,
      metricName: props.metric.metricName,
      dimensionsMap: { service: props.metric.service },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: props.period,
    }),
    threshold: props.threshold,
    comparisonOperator: props.comparisonOperator,
    evaluationPeriods: 1,
    treatMissingData: props.treatMissingData,
  });
  acknowledgeOperatorAlarm(alarm);
  return alarm;
}
