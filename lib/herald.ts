import { ArnFormat, Aspects, CfnOutput, Stack, Tags, Token } from "aws-cdk-lib";
import { Construct } from "constructs";
import { heraldTopicName } from "../lambdas/shared/config/naming";
import type { HeraldConfig } from "../lambdas/shared/config/schema";
import { ChannelConfigSync } from "./constructs/channel-config-sync";
import { CommandApi } from "./constructs/command-api";
import { HeraldKey } from "./constructs/encryption-key";
import { Forwarder } from "./constructs/forwarder";
import { FipsEndpoints } from "./constructs/herald-function";
import { PrivacyErasure } from "./constructs/privacy-erasure";
import { HeraldTable } from "./constructs/table";
import { HeraldTopics } from "./constructs/topics";
import { HeraldTrail } from "./constructs/trail";
import { logRetentionFromConfig } from "./retention";

/** AWS services that publish notifications to Herald's topics unless told otherwise. */
export const DEFAULT_PUBLISHER_SERVICES = ["cloudwatch.amazonaws.com", "events.amazonaws.com"] as const;

export interface HeraldProps {
  /** The validated Herald config (`loadHeraldConfig`): channels, topics, workspaces, account settings. */
  readonly config: HeraldConfig;
  /**
   * The Region this instance serves: one of `config.account.regions`, and the enclosing stack's
   * Region when that is known.
   */
  readonly region: string;
  /**
   * Whether this is the home Region (`config.account.homeRegion`), which holds the Slack secrets,
   * the Slack command API and the deletion orchestrator.
   * @default region === config.account.homeRegion
   */
  readonly isHomeRegion?: boolean;
  /**
   * Physical name of the Region's table; fixed so every Region's table can be addressed by name.
   * @default "herald"
   */
  readonly tableName?: string;
  /** @default "alias/herald" */
  readonly keyAlias?: string;
  /**
   * AWS service principals allowed to publish to the topics (and use the key to do so), each
   * limited to this account by aws:SourceAccount. Add e.g. "budgets.amazonaws.com" as needed.
   * @default DEFAULT_PUBLISHER_SERVICES (CloudWatch alarms and EventBridge)
   */
  readonly publisherServices?: readonly string[];
}

/**
 * Herald in one Region: a customer-managed key, the configured SNS topics, the table, the
 * forwarder (SNS → Slack) with its failed-events queue, the deploy-time sync of the channel
 * configurations into the table and, in the home Region, the Slack command API and the privacy
 * erasure orchestrator (privacy changes applied in every Region's table). Every resource is
 * tagged `herald:managed=true`; the config's own tags belong to channel configurations and never
 * reach AWS resources.
 */
export class Herald extends Construct {
  readonly region: string;
  readonly isHomeRegion: boolean;
  readonly key: HeraldKey;
  readonly topics: HeraldTopics;
  readonly table: HeraldTable;
  readonly forwarder: Forwarder;
  readonly channelConfigSync: ChannelConfigSync;
  /** The Slack command API and its functions: home Region only. */
  readonly commandApi?: CommandApi;
  /** The deletion orchestrator (privacy changes in every Region): home Region only. */
  readonly privacyErasure?: PrivacyErasure;
  /** The CloudTrail trail (`account.trail.create`): home Region only. */
  readonly trail?: HeraldTrail;

  constructor(scope: Construct, id: string, props: HeraldProps) {
    super(scope, id);
    const { config, region } = props;
    if (!config.account.regions.includes(region)) {
      throw new Error(`Region ${region} is not one of the config's account.regions (${config.account.regions.join(", ")})`);
    }
    const stackRegion = Stack.of(this).region;
    if (!Token.isUnresolved(stackRegion) && stackRegion !== region) {
      throw new Error(`Herald for ${region} must be in a stack for that Region, not ${stackRegion}`);
    }
    this.region = region;
    this.isHomeRegion = props.isHomeRegion ?? region === config.account.homeRegion;
    const logRetention = logRetentionFromConfig(config.account.logRetentionDays);

    this.key = new HeraldKey(this, "Key", { alias: props.keyAlias });
    const key = this.key.key;
    this.topics = new HeraldTopics(this, "Topics", {
      topics: config.topics,
      key,
      publisherServices: props.publisherServices ?? DEFAULT_PUBLISHER_SERVICES,
    });
    this.table = new HeraldTable(this, "Table", { key, tableName: props.tableName });
    this.forwarder = new Forwarder(this, "Forwarder", { config, key, table: this.table, topics: this.topics.all, logRetention });
    this.channelConfigSync = new ChannelConfigSync(this, "ChannelConfigs", { config, key, table: this.table, topics: this.topics, logRetention });
    if (this.isHomeRegion) {
      const stack = Stack.of(this);
      this.privacyErasure = new PrivacyErasure(this, "PrivacyErasure", {
        config, key, table: this.table, logRetention, tableName: props.tableName ?? "herald", keyAlias: props.keyAlias ?? "alias/herald",
      });
      this.commandApi = new CommandApi(this, "Commands", {
        config,
        key,
        table: this.table,
        logRetention,
        // Commands must never act on Herald itself (the command API adds its own resources); the
        // worker treats sub-resources (…/index/x, …:alias) of each entry as Herald's too.
        protectedArns: [
          this.table.table.tableArn,
          key.keyArn,
          // Every topic Herald creates is named herald-<name>.
          stack.formatArn({ service: "sns", resource: heraldTopicName("*") }),
          // Herald in the other Regions (a command may name any Region with --region): topics,
          // table and functions by their names; keys need no entry (KMS commands are always refused).
          ...config.account.regions.filter((r) => r !== region).flatMap((r) => [
            stack.formatArn({ service: "sns", region: r, resource: heraldTopicName("*") }),
            stack.formatArn({ service: "dynamodb", region: r, resource: "table", resourceName: props.tableName ?? "herald" }),
            stack.formatArn({ service: "lambda", region: r, resource: "function", resourceName: `Herald-${r}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          ]),
          this.forwarder.failedEvents.queue.queueArn,
          this.forwarder.handler.function.functionArn,
          this.channelConfigSync.handler.function.functionArn,
          this.privacyErasure.handler.function.functionArn,
          this.privacyErasure.failedEvents.queue.queueArn,
        ],
      });
    }

    if (this.isHomeRegion && config.account.trail?.create) {
      const stack = Stack.of(this);
      const tableName = props.tableName ?? "herald";
      this.trail = new HeraldTrail(this, "Trail", {
        retentionDays: config.account.trail.retentionDays,
        tableArns: config.account.regions.map((r) => stack.formatArn({ service: "dynamodb", region: r, resource: "table", resourceName: tableName })),
        // Functions are named <stack>-<logical id>-<suffix>, the erasure function by its fixed name.
        functionArnPrefixes: [
          ...config.account.regions.map((r) => stack.formatArn({ service: "lambda", region: r, resource: "function", resourceName: `${r === region ? stack.stackName : `Herald-${r}`}-`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
          ...(this.privacyErasure ? [stack.formatArn({ service: "lambda", resource: "function", resourceName: this.privacyErasure.functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })] : []),
        ],
      });
    }
    const trailArn = this.trail?.trailArn ?? config.account.trail?.existingTrailArn;
    if (this.isHomeRegion && trailArn) {
      new CfnOutput(this, "TrailArn", { description: "The CloudTrail trail that records activity on Herald's resources (account.trail)", value: trailArn });
    }
    if (config.account.useFipsEndpoints) Aspects.of(this).add(new FipsEndpoints());
    Tags.of(this).add("herald:managed", "true");
  }
}
