import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { ParamSpec, ResourceScope, ServiceSpec } from "../../operation-model";
import { arnOrNamed } from "../arns";
import { sdkOperation } from "../sdk-operation";

const topicArn: ParamSpec = { name: "topic-arn", sdkName: "TopicArn", type: "string", required: true, description: "The topic's ARN" };
const nextToken: ParamSpec = { name: "next-token", sdkName: "NextToken", type: "string", description: "Token from a previous call's NextToken, for the next page" };

const topicResource = (params: Readonly<Record<string, unknown>>, scope: ResourceScope) =>
  arnOrNamed(params["topic-arn"], scope, "sns", (name) => name);

export const service: ServiceSpec = {
  name: "sns",
  description: "Amazon SNS: topics, subscriptions and publishing",
  operations: [
    sdkOperation({
      name: "list-topics",
      description: "List the topics in the Region (100 per page)",
      iamAction: "sns:ListTopics",
      params: [nextToken],
      resource: () => "*",
      client: SNSClient,
      command: ListTopicsCommand,
    }),
    sdkOperation({
      name: "list-subscriptions-by-topic",
      description: "List a topic's subscriptions",
      iamAction: "sns:ListSubscriptionsByTopic",
      params: [topicArn, nextToken],
      resource: topicResource,
      client: SNSClient,
      command: ListSubscriptionsByTopicCommand,
    }),
    sdkOperation({
      name: "get-topic-attributes",
      description: "Show a topic's attributes (policy, encryption key, subscription counts)",
      iamAction: "sns:GetTopicAttributes",
      params: [topicArn],
      resource: topicResource,
      client: SNSClient,
      command: GetTopicAttributesCommand,
    }),
    sdkOperation({
      name: "publish",
      description: "Publish a message to a topic",
      iamAction: "sns:Publish",
      params: [
        topicArn,
        { name: "message", sdkName: "Message", type: "string", required: true, description: "The message text (or JSON with --message-structure json)" },
        { name: "subject", sdkName: "Subject", type: "string", description: "Subject line for email subscriptions" },
        { name: "message-structure", sdkName: "MessageStructure", type: "string", description: "\"json\" to send a different message per protocol" },
        { name: "message-attributes", sdkName: "MessageAttributes", type: "json", description: "Attributes as JSON: {\"name\": {\"DataType\": \"String\", \"StringValue\": \"v\"}}" },
        { name: "message-group-id", sdkName: "MessageGroupId", type: "string", description: "Message group (FIFO topics)" },
        { name: "message-deduplication-id", sdkName: "MessageDeduplicationId", type: "string", description: "Deduplication ID (FIFO topics)" },
      ],
      resource: topicResource,
      client: SNSClient,
      command: PublishCommand,
    }),
  ],
};
