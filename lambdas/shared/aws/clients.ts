import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createAwsClient } from "./aws-client";

export { createAwsClient };

/**
 * Sockets one DynamoDB client may open at once. The SDK's default is 50, which queues a message
 * fanned out to hundreds of channels (each channel's writes go out side by side); DynamoDB takes
 * far more concurrent requests than one function sends.
 */
export const DYNAMODB_MAX_SOCKETS = 1_000;

/** A DynamoDB document client for `region` (default: the function's own Region), built by the shared factory. */
export function createDocumentClient(region?: string): DynamoDBDocumentClient {
  const requestHandler = { httpAgent: { keepAlive: true, maxSockets: DYNAMODB_MAX_SOCKETS }, httpsAgent: { keepAlive: true, maxSockets: DYNAMODB_MAX_SOCKETS } };
  return DynamoDBDocumentClient.from(createAwsClient(DynamoDBClient, { ...(region ? { region } : {}), requestHandler }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
