import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, type UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { paginateQuery } from "../store/batch";
import { ERASURE_REQUEST_SORT_PREFIX, erasureReceiptPrefix, keys } from "../store/keys";
import type { ChatPlace, PrivacyChange } from "./setting";

/**
 * Erasure requests and their receipts, kept in the home Region's table (partition
 * `ERASURE#<accountId>`): one request per privacy change (`opt-out-v3`, `opt-in-v4`), one receipt
 * per (request, Region). A receipt shows what was done there and when; it holds ids, counts, times
 * and error names, never user content. They are not user data: they stay after an opt-out, as the
 * record that the erasure happened. A receipt lives in the home table (not the Region's own) so an
 * unreachable Region still has a readable receipt saying it is pending.
 */

export type ErasureStatus = "pending" | "complete" | "failed";

export interface ErasureRequest {
  readonly requestId: string;
  readonly change: PrivacyChange;
  readonly status: ErasureStatus;
  readonly createdAt: string;
  readonly completedAt?: string;
  /** When `onComplete` (the admin's Slack message) succeeded; absent until then. */
  readonly notifiedAt?: string;
  /** The invocation chain working on it, and until when (epoch ms): one chain at a time. */
  readonly leaseOwner?: string;
  readonly leaseUntil?: number;
}

export interface ErasureReceipt {
  readonly requestId: string;
  readonly region: string;
  readonly version: number;
  readonly status: ErasureStatus;
  /** Failed attempts so far (0 when every step worked first time). */
  readonly attempts: number;
  readonly itemsDeleted: number;
  readonly startedAt: string;
  readonly endedAt?: string;
  /** The last failure's error name (never its message: messages can quote data). */
  readonly lastError?: string;
  /** Epoch ms before which the next attempt does not start (backoff). */
  readonly nextAttemptAt?: number;
}

export interface OverdueErasure {
  readonly request: ErasureRequest;
  readonly ageMs: number;
}

/** The request item for a change; `changePrivacy` writes it with the change, the engine when a change arrives without one. */
export function erasureRequestItem(change: PrivacyChange, requestId: string): Record<string, unknown> {
  return {
    ...keys.erasureRequest(change.accountId, change.version),
    entity: "erasure-request",
    requestId,
    version: change.version,
    shareUserData: change.shareUserData,
    floorVersion: change.floorVersion,
    changedBy: change.changedBy,
    changedAt: change.changedAt,
    ...(change.notify ? { notify: change.notify } : {}),
    status: "pending",
    createdAt: change.changedAt,
  };
}

/** Creates the request unless it exists (redelivered stream records, replays). */
export async function ensureRequest(doc: DynamoDBDocumentClient, tableName: string, change: PrivacyChange, requestId: string): Promise<void> {
  await putIfAbsent(doc, tableName, erasureRequestItem(change, requestId));
}

export async function readRequest(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number): Promise<ErasureRequest | undefined> {
  const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.erasureRequest(accountId, version), ConsistentRead: true }));
  return Item ? toRequest(accountId, Item) : undefined;
}

/** Every request of the account, oldest first (one per privacy change: a short list). */
export async function listRequests(doc: DynamoDBDocumentClient, tableName: string, accountId: string): Promise<ErasureRequest[]> {
  const items = await paginateQuery(doc, {
    TableName: tableName,
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": keys.erasurePartition(accountId), ":prefix": ERASURE_REQUEST_SORT_PREFIX },
    ConsistentRead: true,
  });
  return items.map((item) => toRequest(accountId, item));
}

/** The receipts of one request, by Region. */
export async function readReceipts(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number): Promise<ErasureReceipt[]> {
  const items = await paginateQuery(doc, {
    TableName: tableName,
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": keys.erasurePartition(accountId), ":prefix": erasureReceiptPrefix(version) },
    ConsistentRead: true,
  });
  return items.map(toReceipt);
}

/** The latest privacy change's request and receipts (for `/aws privacy status`); undefined before the first change. */
export async function readLatestErasure(doc: DynamoDBDocumentClient, tableName: string, accountId: string): Promise<{ request: ErasureRequest; receipts: ErasureReceipt[] } | undefined> {
  const requests = await listRequests(doc, tableName, accountId);
  const request = requests.at(-1);
  if (!request) return undefined;
  return { request, receipts: await readReceipts(doc, tableName, accountId, request.change.version) };
}

/**
 * Requests still pending after `boundMs` (the `account.erasureAlarmMinutes` bound): an erasure the
 * admin was promised and that has not finished in every Region. Opt-ins count too: until one is
 * applied everywhere, some Region still refuses new data.
 */
export async function findOverdueErasures(doc: DynamoDBDocumentClient, tableName: string, accountId: string, now: number, boundMs: number): Promise<OverdueErasure[]> {
  return overdueAmong(await listRequests(doc, tableName, accountId), now, boundMs);
}

export function overdueAmong(requests: readonly ErasureRequest[], now: number, boundMs: number): OverdueErasure[] {
  return requests
    .filter((request) => request.status === "pending")
    .map((request) => ({ request, ageMs: now - Date.parse(request.createdAt) }))
    .filter((overdue) => overdue.ageMs > boundMs);
}

/**
 * Takes (or keeps) the request for one invocation chain until `until` (epoch ms): true when this
 * chain holds it, false when another chain holds an unexpired lease (that one is doing the work).
 */
export function holdLease(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number, owner: string, until: number, now: number): Promise<boolean> {
  return updateRequestIf(doc, tableName, accountId, version, {
    UpdateExpression: "SET leaseOwner = :owner, leaseUntil = :until",
    ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner)",
    ExpressionAttributeValues: { ":owner": owner, ":until": until, ":now": now },
  });
}

/** Closes a request (every Region done, or one gave up): true for the one caller that closed it. */
export function finishRequest(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number, status: "complete" | "failed", at: string): Promise<boolean> {
  return updateRequestIf(doc, tableName, accountId, version, {
    UpdateExpression: "SET #status = :status, completedAt = :at REMOVE leaseOwner, leaseUntil",
    ConditionExpression: "#status = :pending",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":status": status, ":at": at, ":pending": "pending" },
  });
}

/**
 * Takes the right to tell the admin about a finished request, until `until` (epoch ms): true for the
 * one caller that may post now. False when it was told already, or another caller is telling them
 * (a run that just closed the request and the sweep can both see it finished and untold).
 */
export function claimNotice(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number, until: number, now: number): Promise<boolean> {
  return updateRequestIf(doc, tableName, accountId, version, {
    UpdateExpression: "SET noticeClaimUntil = :until",
    ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(notifiedAt) AND (attribute_not_exists(noticeClaimUntil) OR noticeClaimUntil < :now)",
    ExpressionAttributeValues: { ":until": until, ":now": now },
  });
}

/** Telling the admin failed: the claim is given back so the sweep tries again. */
export async function releaseNotice(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number): Promise<void> {
  await doc.send(new UpdateCommand({ TableName: tableName, Key: keys.erasureRequest(accountId, version), UpdateExpression: "REMOVE noticeClaimUntil" }));
}

export async function markNotified(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number, at: string): Promise<void> {
  await doc.send(new UpdateCommand({
    TableName: tableName,
    Key: keys.erasureRequest(accountId, version),
    UpdateExpression: "SET notifiedAt = :at REMOVE noticeClaimUntil",
    ExpressionAttributeValues: { ":at": at },
  }));
}

/** Creates a Region's receipt (pending, nothing deleted yet) unless it exists. */
export async function ensureReceipt(doc: DynamoDBDocumentClient, tableName: string, change: PrivacyChange, requestId: string, region: string, startedAt: string): Promise<void> {
  await putIfAbsent(doc, tableName, {
    ...keys.erasureReceipt(change.accountId, change.version, region),
    entity: "erasure-receipt",
    requestId,
    region,
    version: change.version,
    status: "pending",
    attempts: 0,
    itemsDeleted: 0,
    startedAt,
  });
}

/** Adds the items one page deleted (durable progress: a resumed run starts from here). */
export async function addItemsDeleted(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number, region: string, count: number): Promise<void> {
  await doc.send(new UpdateCommand({
    TableName: tableName,
    Key: keys.erasureReceipt(accountId, version, region),
    UpdateExpression: "ADD itemsDeleted :count",
    ExpressionAttributeValues: { ":count": count },
  }));
}

/** A failed attempt: the receipt stays pending, shows the count and when the next attempt starts. */
export async function recordAttemptFailure(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number, region: string, update: { attempts: number; lastError: string; nextAttemptAt: number; gaveUp: boolean; at: string }): Promise<void> {
  await doc.send(new UpdateCommand({
    TableName: tableName,
    Key: keys.erasureReceipt(accountId, version, region),
    UpdateExpression: `SET attempts = :attempts, lastError = :error, nextAttemptAt = :next${update.gaveUp ? ", #status = :failed, endedAt = :at" : ""}`,
    ConditionExpression: "#status = :pending",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: {
      ":attempts": update.attempts, ":error": update.lastError, ":next": update.nextAttemptAt, ":pending": "pending",
      ...(update.gaveUp ? { ":failed": "failed", ":at": update.at } : {}),
    },
  }));
}

/** The Region is done: everything is erased and verified (or, for an opt-in, the copy is current). */
export async function completeReceipt(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number, region: string, endedAt: string): Promise<ErasureReceipt> {
  const { Attributes } = await doc.send(new UpdateCommand({
    TableName: tableName,
    Key: keys.erasureReceipt(accountId, version, region),
    UpdateExpression: "SET #status = :complete, endedAt = :at REMOVE nextAttemptAt",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":complete": "complete", ":at": endedAt },
    ReturnValues: "ALL_NEW",
  }));
  return toReceipt(Attributes ?? {});
}

/** A conditional update of a request: true when the condition held and it was applied. */
async function updateRequestIf(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number, update: Omit<UpdateCommandInput, "TableName" | "Key">): Promise<boolean> {
  try {
    await doc.send(new UpdateCommand({ TableName: tableName, Key: keys.erasureRequest(accountId, version), ...update }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

async function putIfAbsent(doc: DynamoDBDocumentClient, tableName: string, item: Record<string, unknown>): Promise<void> {
  try {
    await doc.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: "attribute_not_exists(pk)" }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

function toRequest(accountId: string, item: Record<string, unknown>): ErasureRequest {
  const notify = item.notify as ChatPlace | undefined;
  return {
    requestId: String(item.requestId),
    change: {
      accountId,
      version: Number(item.version),
      shareUserData: item.shareUserData === true,
      floorVersion: Number(item.floorVersion ?? 0),
      changedBy: String(item.changedBy),
      changedAt: String(item.changedAt),
      ...(notify ? { notify: { teamId: String(notify.teamId), channelId: String(notify.channelId), ...(typeof notify.userId === "string" ? { userId: notify.userId } : {}) } } : {}),
    },
    status: toStatus(item.status),
    createdAt: String(item.createdAt),
    ...(typeof item.completedAt === "string" ? { completedAt: item.completedAt } : {}),
    ...(typeof item.notifiedAt === "string" ? { notifiedAt: item.notifiedAt } : {}),
    ...(typeof item.leaseOwner === "string" ? { leaseOwner: item.leaseOwner } : {}),
    ...(typeof item.leaseUntil === "number" ? { leaseUntil: item.leaseUntil } : {}),
  };
}

function toReceipt(item: Record<string, unknown>): ErasureReceipt {
  return {
    requestId: String(item.requestId),
    region: String(item.region),
    version: Number(item.version),
    status: toStatus(item.status),
    attempts: Number(item.attempts ?? 0),
    itemsDeleted: Number(item.itemsDeleted ?? 0),
    startedAt: String(item.startedAt),
    ...(typeof item.endedAt === "string" ? { endedAt: item.endedAt } : {}),
    ...(typeof item.lastError === "string" ? { lastError: item.lastError } : {}),
    ...(typeof item.nextAttemptAt === "number" ? { nextAttemptAt: item.nextAttemptAt } : {}),
  };
}

function toStatus(value: unknown): ErasureStatus {
  return value === "complete" || value === "failed" ? value : "pending";
}
