import type { SNSEventRecord } from "aws-lambda";
import type { SnsNotificationInput } from "../shared/notifications/model";

/** The renderers' read-only view of one SNS record: values passed through exactly as received. */
export function snsInputFromRecord(record: SNSEventRecord): SnsNotificationInput {
  const sns = record.Sns;
  const attributes: Record<string, { type: string; value: string }> = {};
  for (const [name, attribute] of Object.entries(sns.MessageAttributes ?? {})) {
    attributes[name] = { type: attribute.Type, value: attribute.Value };
  }
  return {
    messageId: sns.MessageId,
    topicArn: sns.TopicArn,
    subject: sns.Subject ?? undefined,
    message: sns.Message,
    timestamp: sns.Timestamp,
    messageAttributes: attributes,
  };
}
