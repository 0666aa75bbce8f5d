import { heraldTopicName } from "../../lambdas/shared/config/naming";
import { createHash } from "node:crypto";
import { CustomResource, Duration, Stack } from "aws-cdk-lib";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { CHANNEL_CONFIGS_RESOURCE_TYPE, type ChannelConfigsProperties } from "../../lambdas/config-sync/properties";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { channelConfigRecords } from "../../lambdas/shared/store/channel-configs";
import { HeraldFunction } from "./herald-function";
import type { HeraldTable } from "./table";
import type { HeraldTopics } from "./topics";

export interface ChannelConfigSyncProps {
  readonly config: HeraldConfig;
  readonly key: kms.IKey;
  readonly table: HeraldTable;
  readonly topics: HeraldTopics;
  readonly logRetention: logs.RetentionDays;
}

/**
 * syncChannelConfigs lists existing configs (Scan, filtered to channel-config items) and writes
 * and deletes in batches (BatchWriteItem): lambdas/shared/store/channel-configs.ts.
 */
export const CONFIG_SYNC_TABLE_ACTIONS = ["dynamodb:Scan", "dynamodb:BatchWriteItem"];

/**
 * Writes this Region's channel configurations (the config file's channels, with this Region's
 * topic ARNs) to the table on every deploy. A custom resource whose service token is the function
 * itself: no provider framework, so no extra functions on older runtimes.
 */
export class ChannelConfigSync extends Construct {
  readonly handler: HeraldFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ChannelConfigSyncProps) {
    super(scope, id);
    this.handler = new HeraldFunction(this, "Handler", {
      entry: "lambdas/config-sync/index.ts",
      description: "Herald config sync: writes the channel configurations to the table on deploy",
      key: props.key,
      logRetention: props.logRetention,
      timeout: Duration.minutes(2),
      environment: {
        TABLE_NAME: props.table.table.tableName,
      },
    });
    props.table.grant(this.handler.function, CONFIG_SYNC_TABLE_ACTIONS);
    this.handler.acknowledgeNoDeadLetterQueue("CloudFormation's custom resource: a failure fails the deployment, where the operator sees it; a queued event could not be answered later.");

    const records = channelConfigRecords(props.config, (name) => props.topics.topic(name).topicArn);
    const properties: ChannelConfigsProperties = {
      Records: Stack.of(this).toJsonString(records),
      ConfigHash: configHash(props.config),
    };
    this.resource = new CustomResource(this, "Resource", {
      serviceToken: this.handler.function.functionArn,
      resourceType: CHANNEL_CONFIGS_RESOURCE_TYPE,
      properties: { ...properties },
      // Bound CloudFormation's wait should the function never answer (default: one hour).
      serviceTimeout: Duration.minutes(5),
    });
  }
}

/** Hash of the records as configured (topic names instead of ARN tokens, so it is stable across synths). */
function configHash(config: HeraldConfig): string {
  const records = channelConfigRecords(config, heraldTopicName);
  return createHash("sha256").update(JSON.stringify(records)).digest("hex");
}
