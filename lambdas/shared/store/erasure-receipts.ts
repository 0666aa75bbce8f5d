import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ErasureReceipt, PrivacyChange } from "../privacy/types";
import { unlessConditionFails } from "./conditional";
import { statusFrom } from "./erasure-requests";
import type { StoreContext } from "./context";
import { isNumber, isText, requireShape } from "./item-guards";
import { erasureReceiptPrefix, keys } from "./keys";
import { queryAll } from "./pages";
import type { TableAction } from "./table-actions";

/**
 * Erasure receipts, in the home Region's table (`ERASURE#<account>` / `RECEIPT#<version>#<region>`):
 * one per (request, Region), the single record of what happened there — status, items erased (and
 * how many of them were waiting outbox items), start, end, failed attempts, and until when a backup
 * could still restore what was erased. Ids, counts, times and error names only, never user content.
 * Kept in the home table (not the Region's own) so an unreachable Region still has a readable
 * receipt saying it is pending. Not user data: they stay after an opt-out, as the proof.
 */

export const ERASURE_RECEIPTS_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"];

export interface AttemptFailure {
  readonly attempts: number;
  readonly lastError: string;
  readonly nextAttemptAt: number;
  readonly gaveUp: boolean;
  readonly at: string;
}

export function createErasureReceipts(context: StoreContext) {
  const { doc, tableName } = context;

  /** Creates a Region's receipt (pending, nothing erased yet) unless it exists. */
  async function ensure(change: PrivacyChange, requestId: string, region: string, startedAt: string): Promise<void> {
    await unlessConditionFails(() => doc.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.erasureReceipt(change.accountId, change.version, region),
        entity: "erasure-receipt",
        requestId,
        region,
        version: change.version,
        status: "pending",
        attempts: 0,
        itemsDeleted: 0,
        outboxItemsErased: 0,
        startedAt,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    })));
  }

  /** The receipts of one request, by Region. */
  async function read(accountId: string, version: number): Promise<ErasureReceipt[]> {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": keys.erasurePartition(accountId), ":prefix": erasureReceiptPrefix(version) },
      ConsistentRead: true,
    });
    return items.map(erasureReceiptFrom);
  }

  /** Adds what one batch erased (durable progress: a resumed run starts from here); `outbox` counts waiting notifications among them. */
  async function addErased(accountId: string, version: number, region: string, count: number, what: "user-data" | "outbox" = "user-data"): Promise<void> {
    await doc.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.erasureReceipt(accountId, version, region),
      UpdateExpression: what === "outbox" ? "ADD itemsDeleted :count, outboxItemsErased :count" : "ADD itemsDeleted :count",
      ExpressionAttributeValues: { ":count": count },
    }));
  }

  /** A failed attempt: the receipt stays pending (or, having given up, says failed), with the count and when the next attempt starts. */
  async function recordAttemptFailure(accountId: string, version: number, region: string, failure: AttemptFailure): Promise<void> {
    await doc.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.erasureReceipt(accountId, version, region),
      UpdateExpression: `SET attempts = :attempts, lastError = :error, nextAttemptAt = :next${failure.gaveUp ? ", #status = :failed, endedAt = :at" : ""}`,
      ConditionExpression: "#status = :pending",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":attempts": failure.attempts, ":error": failure.lastError, ":next": failure.nextAttemptAt, ":pending": "pending",
        ...(failure.gaveUp ? { ":failed": "failed", ":at": failure.at } : {}),
      },
    }));
  }

  /** The Region is done (erased and verified, or for an opt-in its copy is current); `restorableUntil` is when its last restorable copy ages out. */
  async function complete(accountId: string, version: number, region: string, endedAt: string, restorableUntil: string): Promise<ErasureReceipt> {
    const { Attributes } = await doc.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.erasureReceipt(accountId, version, region),
      UpdateExpression: "SET #status = :complete, endedAt = :at, restorableUntil = :restorable REMOVE nextAttemptAt",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":complete": "complete", ":at": endedAt, ":restorable": restorableUntil },
      ReturnValues: "ALL_NEW",
    }));
    return erasureReceiptFrom(Attributes ?? {});
  }

  return { ensure, read, addErased, recordAttemptFailure, complete };
}

export type ErasureReceipts = ReturnType<typeof createErasureReceipts>;

/** A stored receipt, validated: a malformed item is an error that names it. */
export function erasureReceiptFrom(item: Record<string, unknown>): ErasureReceipt {
  requireShape(item, "erasure receipt", { requestId: isText, region: isText, version: isNumber, startedAt: isText });
  const { requestId, region, version, startedAt } = item as { requestId: string; region: string; version: number; startedAt: string };
  const count = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : 0);
  return {
    requestId,
    region,
    version,
    status: statusFrom(item.status),
    attempts: count(item.attempts),
    itemsDeleted: count(item.itemsDeleted),
    outboxItemsErased: count(item.outboxItemsErased),
    startedAt,
    ...(typeof item.endedAt === "string" ? { endedAt: item.endedAt } : {}),
    ...(typeof item.restorableUntil === "string" ? { restorableUntil: item.restorableUntil } : {}),
    ...(typeof item.lastError === "string" ? { lastError: item.lastError } : {}),
    ...(typeof item.nextAttemptAt === "number" ? { nextAttemptAt: item.nextAttemptAt } : {}),
  };
}
