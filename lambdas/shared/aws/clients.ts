import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * The one place AWS clients are built. Endpoints follow the SDK's standard variables
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, AWS_USE_FIPS_ENDPOINT), so the same code runs
 * in AWS, in tests against DynamoDB Local and in the local runtime.
 */
export function createDocumentClient(region?: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(region ? { region } : {}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
