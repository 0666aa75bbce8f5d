import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * The one place AWS clients are built. No client sets an endpoint of its own: they follow the
 * SDK's standard variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, AWS_USE_FIPS_ENDPOINT),
 * so the same code runs in AWS, in tests against DynamoDB Local and in the local runtime, and
 * `account.useFipsEndpoints` (AWS_USE_FIPS_ENDPOINT=true on every function) reaches every client.
 * test/security/fips.test.ts checks that no code under lambdas/ builds a client anywhere else.
 */
export function createAwsClient<Client, Config extends object>(ClientClass: new (config: Config) => Client, config: Config): Client {
  return new ClientClass(config);
}

/** A DynamoDB document client for `region` (default: the function's own Region). */
export function createDocumentClient(region?: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createAwsClient(DynamoDBClient, region ? { region } : {}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
