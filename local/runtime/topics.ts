import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { heraldTopicArn } from "../stand-ins/sns-event";

/** The AWS account the local runtime pretends to be (never a real one). */
export const LOCAL_ACCOUNT_ID = "000000000000";

export interface LocalTopic {
  readonly name: string;
  readonly displayName?: string;
  readonly region: string;
  readonly arn: string;
}

/** Every configured topic in every configured Region, as the regional stacks would create them. */
export class TopicCatalog {
  readonly topics: readonly LocalTopic[];
  private readonly byArn: ReadonlyMap<string, LocalTopic>;

  constructor(config: HeraldConfig, readonly accountId = LOCAL_ACCOUNT_ID) {
    this.topics = config.account.regions.flatMap((region) =>
      config.topics.map((topic) => ({ name: topic.name, displayName: topic.displayName, region, arn: heraldTopicArn(topic.name, region, accountId) })),
    );
    this.byArn = new Map(this.topics.map((topic) => [topic.arn, topic]));
  }

  find(arn: string): LocalTopic | undefined {
    return this.byArn.get(arn);
  }

  arnFor(name: string, region: string): string {
    return heraldTopicArn(name, region, this.accountId);
  }
}
