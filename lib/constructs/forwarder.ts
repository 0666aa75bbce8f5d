import { grantSlackSecretsRead } from "../secret-arns";
import { Duration } from "aws-cdk-lib";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { FailedEvents } from "./failed-events";
import { HeraldFunction } from "./herald-function";
import type { HeraldTable } from "./table";

export interface ForwarderProps {
  readonly config: HeraldConfig;
  readonly key: kms.IKey;
  readonly table: HeraldTable;
  /** Every topic the forwarder subscribes to. */
  readonly topics: readonly sns.ITopic[];
  readonly logRetention: logs.RetentionDays;
}

/**
 * What the forwarder does to the table: find a topic's channel configs (Query), claim, complete or
 * release each delivery record and thread anchor (PutItem, UpdateItem, DeleteItem), and look up an
 * anchor while another delivery posts its parent (GetItem):
 * lambdas/shared/store/{channel-configs,deliveries,thread-anchors}.ts. Add an action here when the code needs it.
 */
export const FORWARDER_TABLE_ACTIONS = ["dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"];

/**
 * SNS → Slack. Subscribed to every topic; SNS invokes it asynchronously, so Lambda retries twice
 * and then hands the event to the failed-events queue.
 */
export class Forwarder extends Construct {
  readonly handler: HeraldFunction;
  readonly failedEvents: FailedEvents;

  constructor(scope: Construct, id: string, props: ForwarderProps) {
    super(scope, id);
    const { config } = props;
    this.failedEvents = new FailedEvents(this, "FailedEvents", { key: props.key });
    this.handler = new HeraldFunction(this, "Handler", {
      entry: "lambdas/forwarder/index.ts",
      description: "Herald forwarder: posts SNS notifications to the configured Slack channels",
      key: props.key,
      logRetention: props.logRetention,
      environment: {
        TABLE_NAME: props.table.table.tableName,
        // The Slack secrets live in the home Region only.
        SECRETS_REGION: config.account.homeRegion,
        POWERTOOLS_SERVICE_NAME: "herald-forwarder",
        POWERTOOLS_METRICS_NAMESPACE: "Herald",
      },
    });
    const fn = this.handler.function;
    this.handler.acknowledgeNoDeadLetterQueue("Asynchronous failures go to the encrypted failed-events queue through an on-failure destination, which keeps the whole invocation record (a superset of what a dead-letter queue keeps).");
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      // Lambda's maximum: a late notification (it shows its own time) beats a dropped one.
      maxEventAge: Duration.hours(6),
      onFailure: this.failedEvents,
    });
    for (const topic of props.topics) topic.addSubscription(new subscriptions.LambdaSubscription(fn));

    props.table.grant(fn, FORWARDER_TABLE_ACTIONS);
    grantSlackSecretsRead(fn, config, config.workspaces.map((w) => w.botTokenSecretName));
    // Metrics go out as EMF log lines: no cloudwatch:PutMetricData needed.
  }
}
