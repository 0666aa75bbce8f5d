import { type Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { heraldTopicName } from "../../lambdas/shared/config/naming";
import { acknowledge, UNROUTED_ALARM_ACKNOWLEDGEMENTS } from "../nag-acknowledgements";

/**
 * Herald's own alarms (channel backlog age, erasure overdue, failed erasure events) notify the SNS
 * topic named by `account.alarmTopic` in the alarm's Region, on ALARM and on OK; without it they have
 * no action: where operators want to be told is theirs to choose.
 *
 * `account.alarmTopic` as a topic name: one of Herald's own topics (`herald-<name>`, whose key
 * already lets CloudWatch publish) when the config names one of its topics, else the operator's
 * topic of that name.
 */
export function operatorAlarmTopic(alarmTopic: string | undefined, heraldTopics: readonly string[]): string | undefined {
  if (alarmTopic === undefined) return undefined;
  return heraldTopics.includes(alarmTopic) ? heraldTopicName(alarmTopic) : alarmTopic;
}

/** Routes one of Herald's alarms to the operators' topic; without one, cdk-nag's NIST 800-53 R5 pack (which asks for an action) is told why. */
export function routeOperatorAlarm(alarm: cloudwatch.Alarm, topicName: string | undefined): void {
  if (topicName === undefined) {
    acknowledge(alarm, ...UNROUTED_ALARM_ACKNOWLEDGEMENTS);
    return;
  }
  const topic = sns.Topic.fromTopicArn(alarm, "AlarmTopic", Stack.of(alarm).formatArn({ service: "sns", resource: topicName }));
  alarm.addAlarmAction(new actions.SnsAction(topic));
  alarm.addOkAction(new actions.SnsAction(topic));
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

/** An alarm on one of Herald's own metrics, routed as above. */
export function heraldMetricAlarm(scope: Construct, id: string, props: HeraldMetricAlarmProps, topicName: string | undefined): cloudwatch.Alarm {
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
  routeOperatorAlarm(alarm, topicName);
  return alarm;
}
