import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { parseTopicArn } from "../../lambdas/shared/config/schema";
import { heraldTopicArn } from "../stand-ins/sns-event";

/** The AWS account the local runtime pretends to be (never a real one). */
export const LOCAL_ACCOUNT_ID = "000000000000";

export interface LocalTopic {
  readonly name: string;
  readonly displayName?: string;
  readonly region: string;
  readonly arn: string;
}

/**
 * Every configured topic as the regional stacks would subscribe to it: Herald's own `herald-<name>`
 * in every Region, and a topic given by `arn` (any account) in its own Region only, under that ARN.
 */
export class TopicCatalog {
  readonly topics: readonly LocalTopic[];
  private readonly byArn: ReadonlyMap<string, LocalTopic>;
  private readonly configured: ReadonlyMap<string, string>;

  constructor(config: HeraldConfig, readonly accountId = LOCAL_ACCOUNT_ID) {
    this.configured = new Map(config.topics.flatMap((topic) => (topic.arn === undefined ? [] : [[topic.name, topic.arn] as const])));
    this.topics = config.account.regions.flatMap((region) => config.topics.flatMap((topic): LocalTopic[] => {
      if (topic.arn === undefined) return [{ name: topic.name, displayName: topic.displayName, region, arn: heraldTopicArn(topic.name, region, accountId) }];
      return parseTopicArn(topic.arn)?.region === region ? [{ name: topic.name, region, arn: topic.arn }] : [];
    }));
    this.byArn = new Map(this.topics.map((topic) => [topic.arn, topic]));
  }

  find(arn: string): LocalTopic | undefined {
    return this.byArn.get(arn);
  }

  /** The ARN a topic has in a Region: its configured ARN for an existing topic, else Herald's own. */
  arnFor(name: string, region: string): string {
    return this.configured.get(name) ?? heraldTopicArn(name, region, this.accountId);
  }
}
