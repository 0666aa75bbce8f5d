import type { SnsApiError } from "./errors";

/** SNS Query API replies, in exactly the XML shape SNS sends (the AWS SDK and CLI parse them). */

const NS = "http://sns.amazonaws.com/doc/2010-03-31/";

export function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export function publishResponseXml(messageId: string, requestId: string): string {
  return `<PublishResponse xmlns="${NS}"><PublishResult><MessageId>${escapeXml(messageId)}</MessageId></PublishResult>` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></PublishResponse>`;
}

export function listTopicsResponseXml(topicArns: readonly string[], requestId: string): string {
  const members = topicArns.map((arn) => `<member><TopicArn>${escapeXml(arn)}</TopicArn></member>`).join("");
  return `<ListTopicsResponse xmlns="${NS}"><ListTopicsResult><Topics>${members}</Topics></ListTopicsResult>` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></ListTopicsResponse>`;
}

export function errorResponseXml(error: SnsApiError, requestId: string): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
}
