import { ArnFormat, Aspects, CfnOutput, Stack, Tags, Token } from "aws-cdk-lib";
import { Construct } from "constructs";
import { forwarderVariables } from "../lambdas/forwarder/environment";
import { privacyErasureVariables } from "../lambdas/privacy-erasure/environment";
import { type HeraldResourceNames, heraldResourceNames, heraldTopicName } from "../lambdas/shared/config/naming";
import { eventRuleRegions } from "../lambdas/shared/config/event-rules";
import type { HeraldConfig } from "../lambdas/shared/config/schema";
import { channelConfigRecords } from "../lambdas/shared/store/channel-configs";
import { ChannelConfigSync } from "./constructs/channel-config-sync";
import { CommandApi } from "./constructs/command-api";
import { ConfiguredRoles } from "./constructs/configured-roles";
import { HeraldKey } from "./constructs/encryption-key";
import { HeraldEventRules } from "./constructs/event-rules";
import { Forwarder } from "./constructs/forwarder";
import { FipsEndpoints } from "./constructs/herald-function";
import { PrivacyErasure } from "./constructs/privacy-erasure";
import { HeraldTable } from "./constructs/table";
import { operatorAlarmTopic } from "./constructs/operator-alarms";
import { HeraldTopics } from "./constructs/topics";
import { HeraldTrail } from "./constructs/trail";
import { logRetentionFromConfig } from "./retention";
import type { SlackSecretsLocation } from "./secret-arns";

/** AWS services that publish notifications to Herald's topics unless the config's account.publisherServices says otherwise. */
export { DEFAULT_PUBLISHER_SERVICES } from "../lambdas/shared/config/publishers";

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
   * The fixed names of the table, the key alias, the trail and the erasure function: the same in
   * every Region, so each Region's table and key can be addressed by name.
   * @default heraldResourceNames() (all "herald")
   */
  readonly names?: HeraldResourceNames;
  /**
   * The name of the stack that holds Herald in each configured Region (the app's naming, e.g.
   * heraldStackName). CloudFormation names functions `<stack name>-<logical id>-<suffix>`: commands
   * must not touch, and the trail logs, the functions of every Region by that prefix.
   */
  readonly stackNameOf: (region: string) => string;
  /**
   * AWS service principals allowed to publish to the topics (and use the key to do so), each
   * limited to this account (and the config's publisher accounts and organizations).
   * @default config.account.publisherServices (DEFAULT_PUBLISHER_SERVICES unless the config says otherwise)
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
  /** The config's EventBridge rules for this Region (`eventRules[]`). */
  readonly eventRules: HeraldEventRules;
  readonly table: HeraldTable;
  readonly forwarder: Forwarder;
  readonly channelConfigSync: ChannelConfigSync;
  /** The Slack command API and its functions: home Region only. */
  readonly commandApi?: CommandApi;
  /** The roles the config describes (`roles[]`), trusting the command worker: home Region only. */
  readonly roles?: ConfiguredRoles;
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
    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.region) && stack.region !== region) {
      throw new Error(`Herald for ${region} must be in a stack for that Region, not ${stack.region}`);
    }
    this.region = region;
    this.isHomeRegion = props.isHomeRegion ?? region === config.account.homeRegion;
    const names = props.names ?? heraldResourceNames();
    const { account } = config;
    const logRetention = logRetentionFromConfig(account.logRetentionDays);
    const slackSecrets: SlackSecretsLocation = { homeRegion: account.homeRegion, keyAlias: names.keyAlias };
    const botTokenSecretNames = config.workspaces.map((workspace) => workspace.botTokenSecretName);
    const alarmTopic = operatorAlarmTopic(account.alarmTopic, config.topics.map((topic) => topic.name));

    this.key = new HeraldKey(this, "Key", { alias: names.keyAlias });
    const key = this.key.key;
    this.topics = new HeraldTopics(this, "Topics", {
      topics: config.topics,
      key,
      publisherServices: props.publisherServices ?? account.publisherServices,
      publisherAccounts: account.publisherAccounts,
      publisherOrganizations: account.publisherOrganizations,
    });
    this.eventRules = new HeraldEventRules(this, "EventRules", {
      rules: config.eventRules.filter((rule) => eventRuleRegions(rule, account.regions).includes(region)),
      topics: this.topics,
      key,
    });
    this.table = new HeraldTable(this, "Table", { key, tableName: names.tableName, recoveryWindowDays: account.recoveryWindowDays });
    this.forwarder = new Forwarder(this, "Forwarder", {
      key,
      table: this.table,
      topics: this.topics.all,
      logRetention,
      environment: forwarderVariables({ config, tableName: this.table.table.tableName, accountId: stack.account }),
      slackSecrets,
      botTokenSecretNames,
      alarmTopic,
    });
    this.channelConfigSync = new ChannelConfigSync(this, "ChannelConfigs", {
      key,
      table: this.table,
      topics: this.topics,
      logRetention,
      records: (topicArn) => channelConfigRecords(config, topicArn),
    });
    if (this.isHomeRegion) {
      this.privacyErasure = new PrivacyErasure(this, "PrivacyErasure", {
        key,
        table: this.table,
        homeRegion: account.homeRegion,
        regions: account.regions,
        tableName: names.tableName,
        keyAlias: names.keyAlias,
        functionName: names.privacyErasureFunctionName,
        logRetention,
        // The fan-out addresses every Region's table by its fixed name.
        environment: privacyErasureVariables({ config, tableName: names.tableName, accountId: stack.account }),
        slackSecrets,
        botTokenSecretNames,
        erasureAlarmMinutes: account.erasureAlarmMinutes,
        alarmTopic,
      });
      this.commandApi = new CommandApi(this, "Commands", {
        config,
        key,
        table: this.table,
        logRetention,
        slackSecrets,
        remoteTables: { regions: account.regions.filter((region) => region !== account.homeRegion), tableName: names.tableName, keyAlias: names.keyAlias },
        // Commands must never act on Herald itself (the command API adds its own resources); the
        // worker treats sub-resources (…/index/x, …:alias) of each entry as Herald's too.
        protectedArns: [
          this.table.table.tableArn,
          key.keyArn,
          // Every topic Herald creates is named herald-<name>.
          stack.formatArn({ service: "sns", resource: heraldTopicName("*") }),
          // Herald in the other Regions (a command may name any Region with --region): topics,
          // table and functions by their names; keys need no entry (KMS commands are always refused).
          ...account.regions.filter((r) => r !== region).flatMap((r) => [
            stack.formatArn({ service: "sns", region: r, resource: heraldTopicName("*") }),
            stack.formatArn({ service: "dynamodb", region: r, resource: "table", resourceName: names.tableName }),
            stack.formatArn({ service: "lambda", region: r, resource: "function", resourceName: `${props.stackNameOf(r)}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          ]),
          // The config's rules on a bus of yours (rule/<bus>/herald-<name>); herald-named ones are Herald's by name.
          stack.formatArn({ service: "events", region: "*", resource: "rule", resourceName: "*/herald-*" }),
          this.forwarder.failedEvents.queue.queueArn,
          this.forwarder.handler.function.functionArn,
          this.channelConfigSync.handler.function.functionArn,
          this.privacyErasure.handler.function.functionArn,
          this.privacyErasure.failedEvents.queue.queueArn,
        ],
      });
    }

    if (this.commandApi && config.roles.length > 0) {
      this.roles = new ConfiguredRoles(this, "Roles", { roles: config.roles, workerRole: this.commandApi.worker.role });
    }

    if (this.isHomeRegion && account.trail?.create) {
      this.trail = new HeraldTrail(this, "Trail", {
        trailName: names.trailName,
        retentionDays: account.trail.retentionDays,
        tableArns: account.regions.map((r) => stack.formatArn({ service: "dynamodb", region: r, resource: "table", resourceName: names.tableName })),
        // Functions are named <stack>-<logical id>-<suffix>, the erasure function by its fixed name.
        functionArnPrefixes: [
          ...account.regions.map((r) => stack.formatArn({ service: "lambda", region: r, resource: "function", resourceName: `${r === region ? stack.stackName : props.stackNameOf(r)}-`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
          ...(this.privacyErasure ? [stack.formatArn({ service: "lambda", resource: "function", resourceName: this.privacyErasure.functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })] : []),
        ],
      });
    }
    const trailArn = this.trail?.trailArn ?? account.trail?.existingTrailArn;
    if (this.isHomeRegion && trailArn) {
      new CfnOutput(this, "TrailArn", { description: "The CloudTrail trail that records activity on Herald's resources (account.trail)", value: trailArn });
    }
    if (account.useFipsEndpoints) Aspects.of(this).add(new FipsEndpoints());
    Tags.of(this).add("herald:managed", "true");
  }
}
