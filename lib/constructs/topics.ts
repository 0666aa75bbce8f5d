import { heraldTopicName } from "../../lambdas/shared/config/naming";
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
  /** AWS service principals allowed to publish, each limited to this account. */
  readonly publisherServices: readonly string[];
}

/**
 * The Region's SNS topics: encrypted with the CMK, TLS-only, and open to the AWS services that
 * publish notifications (CloudWatch alarms, EventBridge rules) from this account only.
 */
export class HeraldTopics extends Construct {
  private readonly byName = new Map<string, sns.Topic>();

  constructor(scope: Construct, id: string, props: HeraldTopicsProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    for (const { name, displayName } of props.topics) {
      const topic = new sns.Topic(this, name, {
        topicName: heraldTopicName(name),
        displayName,
        masterKey: props.key,
        enforceSSL: true,
      });
      for (const service of props.publisherServices) {
        // Adds the topic policy statement and, on the CMK, the key use publishing needs
        // (kms:Decrypt, kms:GenerateDataKey*): without it encrypted topics drop these events.
        topic.grants.publish(new iam.ServicePrincipal(service).withConditions({ StringEquals: { "aws:SourceAccount": account } }));
      }
      this.byName.set(name, topic);
    }
  }

  get all(): sns.Topic[] {
    return [...this.byName.values()];
  }

  /** The topic configured as `name` (the config schema guarantees channels only name known topics). */
  topic(name: string): sns.Topic {
    const topic = this.byName.get(name);
    if (!topic) throw new Error(`No Herald topic named ${name}`);
    return topic;
  }
}
