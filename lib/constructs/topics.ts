import { heraldTopicName } from "../../lambdas/shared/config/naming";
import { publisherSourceArnPattern } from "../../lambdas/shared/config/publishers";
import { parseTopicArn } from "../../lambdas/shared/config/schema";
import { Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";

export interface HeraldTopicsProps {
  /** The config's `topics[]`: one SNS topic each, named `herald-<name>`. */
  readonly topics: HeraldConfig["topics"];
  readonly key: kms.IKey;
  /** AWS service principals allowed to publish, each limited to this account (and the publisher accounts and organizations). */
  readonly publisherServices: readonly string[];
  /** Other accounts whose IAM principals, and whose publisher services, may publish. */
  readonly publisherAccounts?: readonly string[];
  /** Organizations whose accounts may publish (aws:PrincipalOrgID, aws:SourceOrgID). */
  readonly publisherOrganizations?: readonly string[];
}

/**
 * The Region's SNS topics: encrypted with the CMK, TLS-only, and open to the AWS services that
 * publish notifications (CloudWatch alarms, EventBridge rules) from this account only.
 */
export class HeraldTopics extends Construct {
  private readonly byName = new Map<string, sns.ITopic>();
  private readonly subscribed: sns.ITopic[] = [];
  private readonly arns = new Map<string, string>();
  /** Existing topics (config `arn`) in this Region, by config name. */
  readonly existing: ReadonlyMap<string, sns.ITopic>;

  constructor(scope: Construct, id: string, props: HeraldTopicsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const account = stack.account;
    const existing = new Map<string, sns.ITopic>();
    for (const { name, displayName, arn } of props.topics) {
      if (arn !== undefined) {
        this.arns.set(name, arn);
        // An existing topic: its owner keeps its policy and key; only its own Region's forwarder subscribes.
        const topic = sns.Topic.fromTopicArn(this, name, arn);
        this.byName.set(name, topic);
        if (parseTopicArn(arn)?.region === stack.region) {
          this.subscribed.push(topic);
          existing.set(name, topic);
        }
        continue;
      }
      const topic = new sns.Topic(this, name, {
        topicName: heraldTopicName(name),
        displayName,
        masterKey: props.key,
        enforceSSL: true,
      });
      for (const statement of publishStatements(topic.topicArn, props, { account, partition: stack.partition, region: stack.region })) {
        topic.addToResourcePolicy(statement);
      }
      this.byName.set(name, topic);
      this.subscribed.push(topic);
    }
    this.existing = existing;
    this.grantKeyUse(props, account);
  }

  /**
   * The key use publishing to an encrypted topic needs (kms:Decrypt, kms:GenerateDataKey*): without
   * it the services' messages are dropped. Limited like the topic policy, minus aws:SourceArn.
   */
  private grantKeyUse(props: HeraldTopicsProps, account: string): void {
    for (const statement of keyStatements(props, account, Stack.of(this).region, Stack.of(this).urlSuffix)) props.key.addToResourcePolicy(statement);
  }

  /** The ARN the config gives a topic (an existing topic), or undefined for a topic Herald creates. */
  configuredArn(name: string): string | undefined {
    return this.arns.get(name);
  }

  /** The topics this Region's forwarder subscribes to: Herald's own and the existing ones of this Region. */
  get all(): sns.ITopic[] {
    return [...this.subscribed];
  }

  /** The topic configured as `name` (the config schema guarantees channels only name known topics). */
  topic(name: string): sns.ITopic {
    const topic = this.byName.get(name);
    if (!topic) throw new Error(`No Herald topic named ${name}`);
    return topic;
  }
}

interface Where {
  readonly account: string;
  readonly partition: string;
  readonly region: string;
}

/** The topic policy's Allow statements: services by principal, other accounts, organizations. */
function publishStatements(topicArn: string, props: HeraldTopicsProps, where: Where): iam.PolicyStatement[] {
  const accounts = [where.account, ...(props.publisherAccounts ?? [])];
  const organizations = props.publisherOrganizations ?? [];
  const statements: iam.PolicyStatement[] = [];
  props.publisherServices.forEach((service, index) => {
    const sourceArn = publisherSourceArnPattern(service, where.partition, where.region);
    const arnCondition = sourceArn === undefined ? {} : { ArnLike: { "aws:SourceArn": sourceArn } };
    const publish = (sid: string, conditions: Record<string, unknown>) =>
      new iam.PolicyStatement({ sid, principals: [new iam.ServicePrincipal(service)], actions: ["sns:Publish"], resources: [topicArn], conditions: { ...conditions, ...arnCondition } });
    statements.push(publish(`PublisherService${index}`, { StringEquals: { "aws:SourceAccount": accounts.length === 1 ? accounts[0] : accounts } }));
    if (organizations.length > 0) statements.push(publish(`PublisherService${index}FromOrganization`, { StringEquals: { "aws:SourceOrgID": organizations } }));
  });
  if (props.publisherAccounts !== undefined && props.publisherAccounts.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: "PublisherAccounts",
      principals: props.publisherAccounts.map((id) => new iam.AccountPrincipal(id)),
      actions: ["sns:Publish"],
      resources: [topicArn],
    }));
  }
  if (organizations.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: "PublisherOrganizations",
      principals: [new iam.AnyPrincipal()],
      actions: ["sns:Publish"],
      resources: [topicArn],
      conditions: { StringEquals: { "aws:PrincipalOrgID": organizations } },
    }));
  }
  return statements;
}

/** The key policy's statements for the same publishers; IAM principals only through SNS in this Region. */
function keyStatements(props: HeraldTopicsProps, account: string, region: string, urlSuffix: string): iam.PolicyStatement[] {
  const actions = ["kms:Decrypt", "kms:GenerateDataKey*"];
  const accounts = [account, ...(props.publisherAccounts ?? [])];
  const organizations = props.publisherOrganizations ?? [];
  const services = props.publisherServices.map((service) => new iam.ServicePrincipal(service));
  const statements: iam.PolicyStatement[] = [];
  if (services.length > 0) {
    statements.push(new iam.PolicyStatement({ sid: "PublisherServicesUseKeyForTopics", principals: services, actions, resources: ["*"], conditions: { StringEquals: { "aws:SourceAccount": accounts.length === 1 ? accounts[0] : accounts } } }));
    if (organizations.length > 0) {
      statements.push(new iam.PolicyStatement({ sid: "PublisherServicesOfOrganizationsUseKeyForTopics", principals: services, actions, resources: ["*"], conditions: { StringEquals: { "aws:SourceOrgID": organizations } } }));
    }
  }
  const viaSns = { "kms:ViaService": `sns.${region}.${urlSuffix}` };
  if (props.publisherAccounts !== undefined && props.publisherAccounts.length > 0) {
    statements.push(new iam.PolicyStatement({ sid: "PublisherAccountsUseKeyThroughSns", principals: props.publisherAccounts.map((id) => new iam.AccountPrincipal(id)), actions, resources: ["*"], conditions: { StringEquals: viaSns } }));
  }
  if (organizations.length > 0) {
    statements.push(new iam.PolicyStatement({ sid: "PublisherOrganizationsUseKeyThroughSns", principals: [new iam.AnyPrincipal()], actions, resources: ["*"], conditions: { StringEquals: { ...viaSns, "aws:PrincipalOrgID": organizations } } }));
  }
  return statements;
}
