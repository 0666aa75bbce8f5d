import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { setTimeout as sleep } from "node:timers/promises";

type Item = Record<string, unknown>;
type WriteRequest = NonNullable<BatchWriteCommandInput["RequestItems"]>[string][number];

/** Every item a Query returns, following LastEvaluatedKey. */
export async function paginateQuery(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** How many items a Query matches (Select COUNT), following LastEvaluatedKey. */
export async function countQuery(doc: DynamoDBDocumentClient, input: Omit<QueryCommandInput, "Select">): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, Select: "COUNT", ExclusiveStartKey }));
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

/** Every item a Scan returns, following LastEvaluatedKey. */
export async function paginateScan(doc: DynamoDBDocumentClient, input: ScanCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await doc.send(new ScanCommand({ ...input, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/**
 * Writes requests in batches of 25, retrying UnprocessedItems with exponential backoff
 * (50 ms doubling, up to `maxAttempts` tries per batch) before giving up.
 */
export async function writeBatches(doc: DynamoDBDocumentClient, tableName: string, requests: readonly WriteRequest[], maxAttempts = 8): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: WriteRequest[] = requests.slice(i, i + 25);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) {
        throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${maxAttempts} attempts`);
      }
      if (attempt > 1) await sleep(Math.min(50 * 2 ** (attempt - 2), 2000));
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  }
}
