import { createHash } from "node:crypto";
import { CustomResource, Duration, Stack } from "aws-cdk-lib";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { configSyncVariables } from "../../lambdas/config-sync/environment";
import { CHANNEL_CONFIGS_RESOURCE_TYPE, type ChannelConfigsProperties } from "../../lambdas/config-sync/properties";
import { CONFIG_SYNC_TABLE_ACTIONS } from "../../lambdas/config-sync/table-access";
import { heraldTopicName } from "../../lambdas/shared/config/naming";
import type { ChannelConfigRecord } from "../../lambdas/shared/store/channel-configs";
import { NO_DEAD_LETTER_QUEUE } from "../nag-acknowledgements";
import { HeraldFunction } from "./herald-function";
import type { HeraldTable } from "./table";
import type { HeraldTopics } from "./topics";

export interface ChannelConfigSyncProps {
  readonly key: kms.IKey;
  readonly table: HeraldTable;
  readonly topics: HeraldTopics;
  readonly logRetention: logs.RetentionDays;
  /**
   * The channel configurations to write, given each topic's ARN by its config name
   * (`(topicArn) => channelConfigRecords(config, topicArn)`).
   */
  readonly records: (topicArn: (topicName: string) => string) => ChannelConfigRecord[];
}

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
      environment: configSyncVariables({ tableName: props.table.table.tableName }),
    });
    props.table.grant(this.handler.function, CONFIG_SYNC_TABLE_ACTIONS);
    this.handler.acknowledgeNoDeadLetterQueue(NO_DEAD_LETTER_QUEUE.configSync);

    const properties: ChannelConfigsProperties = {
      Records: Stack.of(this).toJsonString(props.records((name) => props.topics.topic(name).topicArn)),
      // The records as configured (topic names instead of ARN tokens), so the hash is stable across synths.
      ConfigHash: sha256(JSON.stringify(props.records((name) => props.topics.configuredArn(name) ?? heraldTopicName(name)))),
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

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
