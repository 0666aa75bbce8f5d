import { type DynamoDBDocumentClient, paginateQuery, paginateScan, type QueryCommandInput, type ScanCommandInput } from "@aws-sdk/lib-dynamodb";

type Item = Record<string, unknown>;

/** Every item a Query returns, through the SDK's paginator. */
export async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateQuery({ client: doc }, input)) items.push(...(page.Items ?? []));
  return items;
}

/** How many items a Query matches (Select COUNT), through the SDK's paginator. */
export async function countAll(doc: DynamoDBDocumentClient, input: Omit<QueryCommandInput, "Select">): Promise<number> {
  let count = 0;
  for await (const page of paginateQuery({ client: doc }, { ...input, Select: "COUNT" })) count += page.Count ?? 0;
  return count;
}

/** Every item a Scan returns, through the SDK's paginator (the local runtime's views only). */
export async function scanAll(doc: DynamoDBDocumentClient, input: ScanCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateScan({ client: doc }, input)) items.push(...(page.Items ?? []));
  return items;
}
