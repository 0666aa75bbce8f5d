import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { heraldStackName, heraldTopicName } from "../lambdas/shared/config/naming";
import { parseTopicArn } from "../lambdas/shared/config/schema";
import type { HeraldConfig } from "../lambdas/shared/config/schema";
import { COMMAND_API_ID_OUTPUT, SLACK_URL_OUTPUTS } from "./command-api-contract";
import { Herald, type HeraldProps } from "./herald";

export interface HeraldStackProps extends StackProps {
  readonly config: HeraldConfig;
  /** The Region this stack deploys to (also its `env.region`). */
  readonly region: string;
  /**
   * How the app names each Region's stack (the Herald construct protects and audits the other
   * Regions' functions by it).
   * @default heraldStackName (`Herald-<region>`, as bin/herald.ts names them)
   */
  readonly stackNameOf?: (region: string) => string;
  /** Passed through to the Herald construct. */
  readonly herald?: Omit<HeraldProps, "config" | "region" | "stackNameOf">;
}

/** One Region's Herald, with the outputs integration tests and operators look up. */
export class HeraldStack extends Stack {
  readonly herald: Herald;

  constructor(scope: Construct, id: string, props: HeraldStackProps) {
    const { config, region, herald, stackNameOf = heraldStackName, ...stackProps } = props;
    super(scope, id, {
      description: `Herald (self-hosted AWS Chatbot for Slack) in ${region}`,
      ...stackProps,
      env: { ...stackProps.env, region },
    });
    this.herald = new Herald(this, "Herald", { ...herald, config, region, stackNameOf });

    const usedIds = new Set<string>();
    for (const { name, arn } of config.topics) {
      if (arn === undefined) {
        new CfnOutput(this, outputId(`TopicArn-${name}`, usedIds), {
          description: `ARN of the SNS topic ${heraldTopicName(name)}`,
          value: this.herald.topics.topic(name).topicArn,
        });
        continue;
      }
      if (!this.herald.topics.existing.has(name)) continue; // another Region's stack subscribes to it
      new CfnOutput(this, outputId(`TopicArn-${name}`, usedIds), { description: `ARN of the existing SNS topic ${name}, which this Region's forwarder subscribes to`, value: arn });
      const owner = parseTopicArn(arn)?.accountId;
      if (owner !== undefined && owner !== config.account.id) {
        new CfnOutput(this, outputId(`TopicPolicyStatement-${name}`, usedIds), {
          description: `If ${arn} is in another account: the statement its owner adds to the topic policy so Herald can subscribe (before deploying)`,
          value: this.toJsonString(existingTopicPolicyStatement(arn, this.partition, this.account)),
        });
      }
    }
    new CfnOutput(this, "TableName", { description: "The Herald table", value: this.herald.table.table.tableName });
    new CfnOutput(this, "KeyArn", { description: "The customer-managed key encrypting this Region's Herald resources", value: this.herald.key.key.keyArn });
    new CfnOutput(this, "FailedEventsQueueUrl", {
      description: "Events the forwarder gave up on (the original SNS event is in requestPayload)",
      value: this.herald.forwarder.failedEvents.queue.queueUrl,
    });

    const commands = this.herald.commandApi;
    if (commands) {
      // The Slack app's Request URLs: `npm run slack-manifest -- --outputs cdk-outputs.json` reads them.
      new CfnOutput(this, SLACK_URL_OUTPUTS.commands, { description: "Slack app: the /aws slash command's Request URL", value: commands.urls.commands });
      new CfnOutput(this, SLACK_URL_OUTPUTS.events, { description: "Slack app: Event Subscriptions Request URL", value: commands.urls.events });
      new CfnOutput(this, SLACK_URL_OUTPUTS.interactions, { description: "Slack app: Interactivity Request URL", value: commands.urls.interactions });
      new CfnOutput(this, COMMAND_API_ID_OUTPUT, { description: "The Slack command API (API Gateway REST API id)", value: commands.api.restApiId });
      new CfnOutput(this, "CommandWorkerRoleArn", {
        description: "Trust this role (sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity) in every channel role's trust policy",
        value: commands.worker.role.roleArn,
      });
      if (commands.domain) {
        new CfnOutput(this, "CommandApiDomainTarget", {
          description: `Point ${commands.domain.domainName} here (DNS CNAME, or a Route 53 alias with the zone in CommandApiDomainZoneId)`,
          value: commands.domain.domainNameAliasDomainName,
        });
        new CfnOutput(this, "CommandApiDomainZoneId", { description: "Hosted zone of CommandApiDomainTarget (Route 53 alias records)", value: commands.domain.domainNameAliasHostedZoneId });
      }
    }
  }
}

/** Output logical ids are alphanumeric: "TopicArn-ops_alarms" → "TopicArnOpsAlarms", made unique. */
function outputId(raw: string, used: Set<string>): string {
  const base = raw.split(/[^A-Za-z0-9]+/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("");
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}${i}`;
  used.add(id);
  return id;
}

/** What the owner of a topic in another account allows so that Herald's account can subscribe its forwarder. */
export function existingTopicPolicyStatement(topicArn: string, partition: string, heraldAccount: string): Record<string, unknown> {
  return {
    Sid: "AllowHeraldForwarderSubscription",
    Effect: "Allow",
    Principal: { AWS: `arn:${partition}:iam::${heraldAccount}:root` },
    Action: "sns:Subscribe",
    Resource: topicArn,
  };
}
