import type { SNSEvent, SNSMessageAttributes } from "aws-lambda";
import { randomUUID } from "node:crypto";

export interface SnsPublish {
  readonly topicArn: string;
  readonly message: string;
  readonly subject?: string;
  readonly messageAttributes?: Record<string, { type: string; value: string }>;
  readonly messageId?: string;
  readonly timestamp?: Date;
}

/** The exact `SNSEvent` Lambda receives when SNS delivers one message to a subscribed function. */
export function snsEventFor(publish: SnsPublish): SNSEvent {
  const messageId = publish.messageId ?? randomUUID();
  const [, partition, , region, account] = publish.topicArn.split(":");
  const attributes: SNSMessageAttributes = {};
  for (const [name, { type, value }] of Object.entries(publish.messageAttributes ?? {})) {
    attributes[name] = { Type: type, Value: value };
  }
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: `${publish.topicArn}:${randomUUID()}`,
        Sns: {
          Type: "Notification",
          MessageId: messageId,
          TopicArn: publish.topicArn,
          Subject: publish.subject ?? (null as unknown as string),
          Message: publish.message,
          Timestamp: (publish.timestamp ?? new Date()).toISOString(),
          SignatureVersion: "1",
          Signature: "local",
          SigningCertUrl: `https://sns.${region}.amazonaws.com/local.pem`,
          UnsubscribeUrl: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&partition=${partition}&account=${account}`,
          MessageAttributes: attributes,
        },
      },
    ],
  };
}

export { heraldTopicArn } from "../../lambdas/shared/config/naming";
