import { type Duration, Stack, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { heraldTopicName } from "../../lambdas/shared/config/naming";

/**
 * Herald's own alarms (channel backlog age, erasure overdue, failed erasure events) notify the
 * topic named by `account.alarmTopic` in the alarm's Region, on ALARM and on OK. Without it they
 * have no action: where operators want to be told is theirs to choose, and cdk-nag's NIST 800-53
 * R5 pack, which asks for an action, is told why here, in one place.
 */
export function routeOperatorAlarm(alarm: cloudwatch.Alarm, config: HeraldConfig): void {
  const name = config.account.alarmTopic;
  if (name === undefined) {
    Validations.of(alarm).acknowledge({
      id: "NIST.800.53.R5-CloudWatchAlarmAction",
      reason: "account.alarmTopic is not set: Herald cannot know where its operators want to be told; they set it (README, Herald's alarms) or add an action themselves.",
    });
    return;
  }
  const stack = Stack.of(alarm);
  // One of Herald's own topics (its key already lets CloudWatch publish), or the operator's topic of that name.
  const topicName = config.topics.some((topic) => topic.name === name) ? heraldTopicName(name) : name;
  const topic = sns.Topic.fromTopicArn(alarm, "AlarmTopic", stack.formatArn({ service: "sns", resource: topicName }));
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
export function heraldMetricAlarm(scope: Construct, id: string, props: HeraldMetricAlarmProps, config: HeraldConfig): cloudwatch.Alarm {
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
  routeOperatorAlarm(alarm, config);
  return alarm;
}
