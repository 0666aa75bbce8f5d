import { ArnFormat, Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import type * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { PRIVACY_ERASURE_SERVICE_NAME } from "../../lambdas/privacy-erasure/environment";
import { ERASURE_HOME_TABLE_ACTIONS, ERASURE_REMOTE_TABLE_ACTIONS } from "../../lambdas/privacy-erasure/table-access";
import { METRICS_NAMESPACE } from "../../lambdas/shared/runtime/common-variables";
import { keys } from "../../lambdas/shared/store/keys";
import { acknowledge, NO_DEAD_LETTER_QUEUE, remoteTableKeyAcknowledgement } from "../nag-acknowledgements";
import { grantSlackSecretsRead, type SlackSecretsLocation } from "../secret-arns";
import { FailedEvents } from "./failed-events";
import { HeraldFunction } from "./herald-function";
import { heraldMetricAlarm, routeOperatorAlarm } from "./operator-alarms";
import { type HeraldTable, TABLE_KEY_ACTIONS } from "./table";

/** What the event source mapping reads the home table's stream with (the function's role). */
export const STREAM_READ_ACTIONS = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"];

/** The function's metrics (EMF): the overdue alarm watches ErasureOverdue with exactly this dimension. */
export const ERASURE_METRICS = { namespace: METRICS_NAMESPACE, service: PRIVACY_ERASURE_SERVICE_NAME, overdue: "ErasureOverdue" } as const;
/** How often the scheduled check runs (it reports ErasureOverdue and restarts requests nobody works on). */
export const ERASURE_CHECK_MINUTES = 5;

export interface PrivacyErasureProps {
  /** The home Region's key (its table, log group and queue). */
  readonly key: kms.IKey;
  /** The home Region's table, whose stream carries privacy changes. */
  readonly table: HeraldTable;
  /** The home Region (where this construct lives). */
  readonly homeRegion: string;
  /** Every configured Region, the home Region included: the fan-out reaches each one's table. */
  readonly regions: readonly string[];
  /** The tables' physical name, the same in every Region. */
  readonly tableName: string;
  /** The alias every Region's table key has (HeraldKey). */
  readonly keyAlias: string;
  /** The function's physical name, fixed so it can be allowed to invoke itself without a circular reference. */
  readonly functionName: string;
  readonly logRetention: logs.RetentionDays;
  /** Built by the function's contract (`privacyErasureVariables`, lambdas/privacy-erasure/environment.ts). */
  readonly environment: Record<string, string>;
  /** The admin's notice is posted with the workspaces' bot tokens (home Region). */
  readonly slackSecrets: SlackSecretsLocation;
  readonly botTokenSecretNames: readonly string[];
  /** `account.erasureAlarmMinutes`: a privacy change not done in every Region by then raises the overdue alarm. */
  readonly erasureAlarmMinutes: number;
  /** Where the alarms notify (operatorAlarmTopic). @default - no action */
  readonly alarmTopic?: string;
}

/**
 * The deletion orchestrator (home Region only). A privacy change in the home table's stream starts
 * the function, which applies it in every configured Region's table in parallel and erases user data
 * on an opt-out; work that does not fit one invocation continues in an asynchronous invocation of the
 * same function. A schedule runs the overdue check every 5 minutes. Stream batches that keep failing
 * and continuations that cannot be delivered land in an encrypted queue; alarms watch that queue and
 * ErasureOverdue (`account.erasureAlarmMinutes`).
 */
export class PrivacyErasure extends Construct {
  readonly handler: HeraldFunction;
  readonly failedEvents: FailedEvents;
  /** The physical name (PrivacyErasureProps.functionName). */
  readonly functionName: string;
  readonly overdueAlarm: cloudwatch.Alarm;
  readonly failedEventsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PrivacyErasureProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.functionName = props.functionName;

    this.failedEvents = new FailedEvents(this, "FailedEvents", { key: props.key });
    this.handler = new HeraldFunction(this, "Handler", {
      entry: "lambdas/privacy-erasure/index.ts",
      description: "Herald privacy erasure: applies Share user data changes in every Region and erases user data on opt-out",
      key: props.key,
      logRetention: props.logRetention,
      timeout: Duration.minutes(5),
      memorySize: 512,
      environment: props.environment,
    });
    const fn = this.handler.function;
    this.handler.acknowledgeNoDeadLetterQueue(NO_DEAD_LETTER_QUEUE.onFailureDestination);
    const cfnFunction = fn.node.defaultChild as lambda.CfnFunction;
    cfnFunction.functionName = this.functionName;
    // Continuations invoke the function itself on purpose; Lambda would otherwise stop the chain after
    // 16 links. The guard rails: one chain per request (a lease in the table), every link works or
    // backs off, and the chain ends when the request is done.
    cfnFunction.recursiveLoop = "Allow";

    // Continuations: retried twice, then kept in the queue (the scheduled check restarts the request anyway).
    fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: this.failedEvents });
    this.addStreamSource(props);
    new events.Rule(this, "OverdueCheck", {
      description: "Herald: checks for overdue privacy changes and restarts any that nobody is working on",
      schedule: events.Schedule.rate(Duration.minutes(ERASURE_CHECK_MINUTES)),
      targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject({ kind: "privacy-sweep" }), retryAttempts: 2 })],
    });
    this.grantTables(props);
    // The bot tokens, to tell the admin in Slack (nothing else in Secrets Manager), and their key
    // through Secrets Manager only: the same grant as every function that reads a Slack secret.
    grantSlackSecretsRead(this.handler, props.slackSecrets, props.botTokenSecretNames);
    // The unqualified function only, by the name fixed above (its ARN attribute would be a circular reference).
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ["lambda:InvokeFunction"],
      resourceArns: [stack.formatArn({ service: "lambda", resource: "function", resourceName: this.functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    });

    this.overdueAlarm = heraldMetricAlarm(this, "OverdueAlarm", {
      description: `Herald: a privacy change (opt-out erasure or opt-in) has not finished in every Region within ${props.erasureAlarmMinutes} minutes `
        + "(account.erasureAlarmMinutes), or the overdue check has stopped reporting. The receipts in the home table show which Region is pending and why.",
      metric: { namespace: ERASURE_METRICS.namespace, metricName: ERASURE_METRICS.overdue, service: ERASURE_METRICS.service },
      period: Duration.minutes(3 * ERASURE_CHECK_MINUTES),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // The check reports every 5 minutes (0 when all is well): silence means it is not running.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }, props.alarmTopic);
    this.failedEventsAlarm = new cloudwatch.Alarm(this, "FailedEventsAlarm", {
      alarmDescription: "Herald: privacy-change events the deletion function gave up on are waiting in its failed-events queue",
      metric: this.failedEvents.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    routeOperatorAlarm(this.failedEventsAlarm, props.alarmTopic);
  }

  /** Only the account's privacy record, inserted or modified, reaches the function (the handler then compares versions). */
  private addStreamSource(props: PrivacyErasureProps): void {
    const fn = this.handler.function;
    const { pk, sk } = keys.privacy(Stack.of(this).account);
    new lambda.EventSourceMapping(this, "PrivacyChanges", {
      target: fn,
      eventSourceArn: props.table.streamArn,
      // Replays are harmless (one request per version) and nothing recorded before the mapping existed is missed.
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 10,
      parallelizationFactor: 1,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 5,
      // The stream keeps records for 24 hours.
      maxRecordAge: Duration.hours(24),
      onFailure: new FailedEventsDestination(this.failedEvents),
      filters: [lambda.FilterCriteria.filter({
        eventName: lambda.FilterRule.or("INSERT", "MODIFY"),
        dynamodb: {
          Keys: { pk: { S: lambda.FilterRule.isEqual(pk) }, sk: { S: lambda.FilterRule.isEqual(sk) } },
          NewImage: { entity: { S: lambda.FilterRule.isEqual("privacy") } },
        },
      })],
    });
    // Exactly the stream (Table.grantStreamRead would add dynamodb:ListStreams on "*").
    iam.Grant.addToPrincipal({ grantee: fn, actions: STREAM_READ_ACTIONS, resourceArns: [props.table.streamArn] });
  }

  /**
   * The home table through its construct (exact ARNs of table and key). The other Regions' tables
   * and keys belong to other stacks: the tables are addressed by their fixed name; their keys have
   * generated ids, so key use is allowed on `key/*` of those Regions only when the key carries
   * Herald's alias AND is used by DynamoDB in that Region on the caller's behalf — not a general
   * right to any key. (A cross-Region reference to each key ARN would need SSM parameters and a
   * custom resource per Region, for no tighter result.)
   */
  private grantTables(props: PrivacyErasureProps): void {
    const fn = this.handler.function;
    const stack = Stack.of(this);
    props.table.grant(fn, ERASURE_HOME_TABLE_ACTIONS);
    const others = props.regions.filter((region) => region !== props.homeRegion);
    if (others.length === 0) return;
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: [...ERASURE_REMOTE_TABLE_ACTIONS],
      resourceArns: others.map((region) => stack.formatArn({ service: "dynamodb", region, resource: "table", resourceName: props.tableName })),
    });
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: TABLE_KEY_ACTIONS,
      resources: others.map((region) => stack.formatArn({ service: "kms", region, resource: "key", resourceName: "*" })),
      conditions: {
        "StringEquals": { "kms:ViaService": others.map((region) => `dynamodb.${region}.${stack.urlSuffix}`) },
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": props.keyAlias },
      },
    }));
    acknowledge(this.handler.role, ...others.map((region) => remoteTableKeyAcknowledgement(fn, region, props.keyAlias)));
  }
}

/** The stream's on-failure destination: the same encrypted queue, with only what sending to it needs (FailedEvents.bind grants it). */
class FailedEventsDestination implements lambda.IEventSourceDlq {
  constructor(private readonly failedEvents: FailedEvents) {}

  bind(_target: lambda.IEventSourceMapping, targetHandler: lambda.IFunction): lambda.DlqDestinationConfig {
    this.failedEvents.bind(this.failedEvents, targetHandler);
    return { destination: this.failedEvents.queue.queueArn };
  }
}
