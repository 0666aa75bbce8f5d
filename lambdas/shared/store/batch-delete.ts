import { BatchWriteCommand, type BatchWriteCommandInput, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { setTimeout as sleep } from "node:timers/promises";
import { PrivacyError } from "../privacy/errors";
import type { TableAction } from "./table-actions";

type WriteRequest = NonNullable<BatchWriteCommandInput["RequestItems"]>[string][number];
export type ItemKey = { readonly pk: string; readonly sk: string };

export const BATCH_DELETE_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:BatchWriteItem"];

export interface DeleteKeysOptions {
  /** BatchWriteItem calls in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Tries per batch of 25 while DynamoDB keeps returning UnprocessedItems. @default 10 */
  readonly maxAttempts?: number;
  /** First backoff delay; doubles per try, up to 2 s. @default 50 */
  readonly baseDelayMs?: number;
}

/** Some batches failed; `deleted` says how many items the others removed (progress to keep). */
export class BatchDeleteError extends PrivacyError {
  constructor(readonly deleted: number, cause: unknown) {
    super(`Deleting items failed after ${deleted} were deleted`, { cause });
  }
}

/**
 * Deletes `keys` with BatchWriteItem, 25 per call and several calls in flight, retrying
 * UnprocessedItems with exponential backoff and jitter. Returns how many deletes DynamoDB
 * processed (deleting an item that is already gone counts too: deletes are idempotent).
 */
export function deleteKeys(doc: DynamoDBDocumentClient, tableName: string, keys: readonly ItemKey[], options: DeleteKeysOptions = {}): Promise<number> {
  return writeAll(doc, tableName, keys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })), options);
}

/** Puts `items` the same way (records written alongside an erasure, e.g. the delivery records of erased outbox items). */
export function putItems(doc: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[], options: DeleteKeysOptions = {}): Promise<number> {
  return writeAll(doc, tableName, items.map((item) => ({ PutRequest: { Item: item } })), options);
}

async function writeAll(doc: DynamoDBDocumentClient, tableName: string, requests: readonly WriteRequest[], options: DeleteKeysOptions): Promise<number> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
  let next = 0;
  let deleted = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      // Not `deleted += await …`: that would read `deleted` before the await and lose other workers' counts.
      const processed = await writeBatch(doc, tableName, batch, options);
      deleted += processed;
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(options.concurrency ?? 8, batches.length) }, worker));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failed) throw new BatchDeleteError(deleted, failed.reason);
  return deleted;
}

async function writeBatch(doc: DynamoDBDocumentClient, tableName: string, batch: readonly WriteRequest[], options: DeleteKeysOptions): Promise<number> {
  const maxAttempts = options.maxAttempts ?? 10;
  const baseDelayMs = options.baseDelayMs ?? 50;
  let pending: WriteRequest[] = [...batch];
  let processed = 0;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > maxAttempts) throw new PrivacyError(`BatchWriteItem left ${pending.length} deletes unprocessed after ${maxAttempts} attempts`);
    if (attempt > 1) await sleep(Math.min(baseDelayMs * 2 ** (attempt - 2), 2_000) * (0.5 + Math.random() / 2));
    const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    const unprocessed = (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    processed += pending.length - unprocessed.length;
    pending = unprocessed;
  }
  return processed;
}
