import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { setTimeout as sleep } from "node:timers/promises";

type WriteRequest = NonNullable<BatchWriteCommandInput["RequestItems"]>[string][number];

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
