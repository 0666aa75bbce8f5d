import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import { FORWARDER_SERVICE_NAME } from "../../lambdas/forwarder/environment";
import { FORWARDER_TABLE_ACTIONS } from "../../lambdas/forwarder/table-access";
import { METRICS_NAMESPACE } from "../../lambdas/shared/runtime/common-variables";
import { NO_DEAD_LETTER_QUEUE } from "../nag-acknowledgements";
import { grantSlackSecretsRead, type SlackSecretsLocation } from "../secret-arns";
import { FailedEvents } from "./failed-events";
import { heraldMetricAlarm } from "./operator-alarms";
import { HeraldFunction } from "./herald-function";
import type { HeraldTable } from "./table";

export interface ForwarderProps {
  readonly key: kms.IKey;
  readonly table: HeraldTable;
  /** Every topic the forwarder subscribes to. */
  readonly topics: readonly sns.ITopic[];
  readonly logRetention: logs.RetentionDays;
  /** Built by the forwarder's contract (`forwarderVariables`, lambdas/forwarder/environment.ts). */
  readonly environment: Record<string, string>;
  /** Where the bot tokens live (the home Region, whatever Region this forwarder serves). */
  readonly slackSecrets: SlackSecretsLocation;
  /** Every workspace's bot-token secret: the forwarder posts with them. */
  readonly botTokenSecretNames: readonly string[];
  /** Where the backlog alarm notifies (operatorAlarmTopic). @default - no action */
  readonly alarmTopic?: string;
}

/** The forwarder's stack-wide metric the backlog alarm watches (EMF, lambdas/forwarder/telemetry.ts). */
export const FORWARDER_METRICS = { namespace: METRICS_NAMESPACE, service: FORWARDER_SERVICE_NAME, oldestBacklogAge: "OldestBacklogAgeSeconds" } as const;
/** A backlog older than this raises the alarm: Slack has refused a channel for long, or nothing drains it. */
export const BACKLOG_ALARM_MINUTES = 15;
/** One drainer can cover a storm (digests of 40 at one per second drain about 2,400 notifications a minute). */
export const FORWARDER_TIMEOUT = Duration.seconds(120);

/**
 * SNS → each channel's outbox → Slack. Subscribed to every topic; SNS invokes it asynchronously, so
 * Lambda retries twice a message it could not queue and then hands the event to the failed-events
 * queue. A schedule invokes it every minute to sweep the backlogs nobody is draining (after a crash,
 * a long Retry-After, a drainer's deadline); an alarm fires when a backlog grows old.
 */
export class Forwarder extends Construct {
  readonly handler: HeraldFunction;
  readonly failedEvents: FailedEvents;
  readonly backlogAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ForwarderProps) {
    super(scope, id);
    this.failedEvents = new FailedEvents(this, "FailedEvents", { key: props.key });
    this.handler = new HeraldFunction(this, "Handler", {
      entry: "lambdas/forwarder/index.ts",
      description: "Herald forwarder: posts SNS notifications to the configured Slack channels",
      key: props.key,
      logRetention: props.logRetention,
      timeout: FORWARDER_TIMEOUT,
      environment: props.environment,
    });
    const fn = this.handler.function;
    this.handler.acknowledgeNoDeadLetterQueue(NO_DEAD_LETTER_QUEUE.onFailureDestination);
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      // Lambda's maximum: a late notification (it shows its own time) beats a dropped one.
      maxEventAge: Duration.hours(6),
      onFailure: this.failedEvents,
    });
    for (const topic of props.topics) topic.addSubscription(new subscriptions.LambdaSubscription(fn));
    new events.Rule(this, "DrainSweep", {
      description: "Herald: drains every channel backlog that no forwarder invocation is draining",
      schedule: events.Schedule.rate(Duration.minutes(1)),
      // The handler recognises the schedule's own event (source aws.events, detail-type Scheduled Event).
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
    });
    this.backlogAlarm = heraldMetricAlarm(this, "BacklogAgeAlarm", {
      description: `Herald: a channel's notifications have waited more than ${BACKLOG_ALARM_MINUTES} minutes to be posted. `
        + "Slack may be refusing the channel (see the forwarder's ERROR logs and its DeliveryFailures metric per ChannelId); nothing is dropped meanwhile.",
      metric: { namespace: FORWARDER_METRICS.namespace, metricName: FORWARDER_METRICS.oldestBacklogAge, service: FORWARDER_METRICS.service },
      period: Duration.minutes(5),
      threshold: BACKLOG_ALARM_MINUTES * 60,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No backlog, no metric.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }, props.alarmTopic);

    props.table.grant(fn, FORWARDER_TABLE_ACTIONS);
    grantSlackSecretsRead(this.handler, props.slackSecrets, props.botTokenSecretNames);
    // Metrics go out as EMF log lines: no cloudwatch:PutMetricData needed.
  }
}
