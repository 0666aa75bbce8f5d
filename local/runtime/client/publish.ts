import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { LOCAL_CREDENTIALS } from "../../dynamodb-local";
import type { RuntimeState } from "../state";

export interface PublishOptions {
  readonly topic: string;
  readonly message: string;
  readonly subject?: string;
  readonly region?: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A topic ARN as given, or a configured topic's name (with or without `herald-`) in a Region. */
export function resolveTopicArn(topic: string, region: string | undefined, state: RuntimeState): string {
  if (topic.startsWith("arn:")) return topic;
  const name = topic.replace(/^herald-/, "");
  const inRegion = state.regions.find((r) => r.region === (region ?? state.homeRegion));
  if (!inRegion) throw new UsageError(`Region ${region} is not configured; configured: ${state.regions.map((r) => r.region).join(", ")}`);
  // An existing topic (given by arn) lives in one Region only: found there when no Region is named.
  const match = inRegion.topics.find((t) => t.name === name)
    ?? (region === undefined ? state.regions.flatMap((r) => r.topics).find((t) => t.name === name) : undefined);
  if (!match) throw new UsageError(`No topic named ${topic}; configured topics: ${inRegion.topics.map((t) => t.name).join(", ")}`);
  return match.arn;
}

/** Publishes through the runtime's SNS endpoint with the AWS SDK, exactly as an application would. */
export async function publish(baseUrl: string, state: RuntimeState, options: PublishOptions): Promise<{ messageId: string; topicArn: string }> {
  const topicArn = resolveTopicArn(options.topic, options.region, state);
  // The client's Region must be the topic's, as with real SNS.
  const region = topicArn.split(":")[3] || state.homeRegion;
  const client = new SNSClient({ endpoint: `${baseUrl}/aws/sns`, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  try {
    const result = await client.send(new PublishCommand({ TopicArn: topicArn, Message: options.message, Subject: options.subject }));
    return { messageId: result.MessageId ?? "", topicArn };
  } finally {
    client.destroy();
  }
}
