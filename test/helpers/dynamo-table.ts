import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createHeraldTable, type DynamoDbLocal, startDynamoDbLocal } from "../../local/dynamodb-local";

/** DynamoDB Local with Herald's table created in each given Region, and a document client per Region. */
export async function startTable(regions: readonly string[] = ["us-east-1"], tableName = "herald-test") {
  const dynamo: DynamoDbLocal = await startDynamoDbLocal();
  const docs = new Map<string, DynamoDBDocumentClient>();
  for (const region of regions) {
    await createHeraldTable(dynamo.client(region), tableName);
    docs.set(region, DynamoDBDocumentClient.from(dynamo.client(region), { marshallOptions: { removeUndefinedValues: true } }));
  }
  return {
    dynamo,
    tableName,
    doc: (region = regions[0]) => docs.get(region) ?? (() => { throw new Error(`no table in ${region}`); })(),
    stop: () => dynamo.stop(),
  };
}
