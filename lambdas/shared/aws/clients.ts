import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createAwsClient } from "./aws-client";

export { createAwsClient };

/** A DynamoDB document client for `region` (default: the function's own Region), built by the shared factory. */
export function createDocumentClient(region?: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createAwsClient(DynamoDBClient, region ? { region } : {}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
