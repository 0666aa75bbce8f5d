import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ChatPlace, ErasureRequest, ErasureStatus, PrivacyChange } from "../privacy/types";
import { unlessConditionFails } from "./conditional";
import type { StoreContext } from "./context";
import { isNumber, isText, requireShape } from "./item-guards";
import { ERASURE_REQUEST_SORT_PREFIX, keys } from "./keys";
import { LEASE_TABLE_ACTIONS, type LeaseHold } from "./lease";
import { queryAll } from "./pages";
import type { TransactPut } from "./privacy-records";
import { type TableAction, tableActions } from "./table-actions";

/**
 * Erasure requests, in the home Region's table (`ERASURE#<account>` / `REQUEST#<version>`): the one
 * record of each privacy change to apply in every Region — what was asked, by whom, whether it is
 * done and whether the admin was told. What happened in each Region is in its receipt
 * (store/erasure-receipts.ts). Requests hold ids and times, never user content; they are not user
 * data and stay after an opt-out. Claims on a request go through store/lease.ts: an invocation
 * chain holds a pending request while it works on it, and whoever posts the admin's notice holds
 * the finished one meanwhile (never both: a request is finished before it is announced).
 */

export const ERASURE_REQUESTS_TABLE_ACTIONS: readonly TableAction[] = tableActions(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], LEASE_TABLE_ACTIONS);

export function createErasureRequests(context: StoreContext) {
  const { doc, tableName, leases } = context;
  const keyOf = (accountId: string, version: number) => keys.erasureRequest(accountId, version);

  /** The request's creation, for the transaction that makes the change (store/privacy-records.ts): the only place its item is written. */
  function creation(change: PrivacyChange, requestId: string): TransactPut {
    return { Put: { TableName: tableName, Item: requestItem(change, requestId), ConditionExpression: "attribute_not_exists(pk)" } };
  }

  /** Creates the request unless it exists (a change that arrived without one: redelivered stream records, replays). */
  async function ensure(change: PrivacyChange, requestId: string): Promise<void> {
    await unlessConditionFails(() => doc.send(new PutCommand(creation(change, requestId).Put)));
  }

  async function read(accountId: string, version: number): Promise<ErasureRequest | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keyOf(accountId, version), ConsistentRead: true }));
    return Item ? erasureRequestFrom(accountId, Item) : undefined;
  }

  /** Every request of the account, oldest first (one per privacy change: a short list). */
  async function list(accountId: string): Promise<ErasureRequest[]> {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": keys.erasurePartition(accountId), ":prefix": ERASURE_REQUEST_SORT_PREFIX },
      ConsistentRead: true,
    });
    return items.map((item) => erasureRequestFrom(accountId, item));
  }

  /** Takes a pending request for one invocation chain until `until`: the hold, or undefined while another chain has it. */
  async function claim(accountId: string, version: number, chainId: string, until: number): Promise<LeaseHold | undefined> {
    const key = keyOf(accountId, version);
    const taken = await leases.acquire({
      key, holder: chainId, until, now: context.now(),
      // Pending: not finished yet (`finish` sets completedAt with the status).
      condition: { expression: "attribute_exists(pk) AND attribute_not_exists(completedAt)", values: {} },
    });
    return taken ? { key, holder: chainId } : undefined;
  }

  /** The hold a chain has on a request if it took it (a continuation carries the chain's id, not the hold). */
  function holdOf(accountId: string, version: number, chainId: string): LeaseHold {
    return { key: keyOf(accountId, version), holder: chainId };
  }

  /** Keeps holding it until `until` (a continuation carries on); false when the lease was lost. */
  function extend(hold: LeaseHold, until: number): Promise<boolean> {
    return leases.update(hold, {}, until);
  }

  /** Closes the request (every Region done, or one gave up) and gives the lease back: true for the one holder that closed it. */
  function finish(hold: LeaseHold, status: "complete" | "failed", at: string): Promise<boolean> {
    return leases.release(hold, { status, completedAt: at });
  }

  /** Takes the right to tell the admin about a finished request until `until`: undefined when told already or someone else is telling them. */
  async function claimNotice(accountId: string, version: number, holder: string, until: number): Promise<LeaseHold | undefined> {
    const key = keyOf(accountId, version);
    const taken = await leases.acquire({
      key, holder, until, now: context.now(),
      condition: { expression: "attribute_exists(completedAt) AND attribute_not_exists(notifiedAt)", values: {} },
    });
    return taken ? { key, holder } : undefined;
  }

  /** The admin was told (`at`), or telling them failed (`at` absent: the claim is given back for the sweep to retry). */
  async function endNotice(hold: LeaseHold, at?: string): Promise<void> {
    await leases.release(hold, at === undefined ? {} : { notifiedAt: at });
  }

  return { creation, ensure, read, list, claim, holdOf, extend, finish, claimNotice, endNotice };
}

export type ErasureRequests = ReturnType<typeof createErasureRequests>;

function requestItem(change: PrivacyChange, requestId: string): Record<string, unknown> {
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

/** A stored request, validated: a malformed item is an error that names it, not a half-read request. */
export function erasureRequestFrom(accountId: string, item: Record<string, unknown>): ErasureRequest {
  requireShape(item, `account ${accountId}'s erasure request`, { requestId: isText, version: isNumber, changedBy: isText, changedAt: isText, createdAt: isText });
  const { requestId, version, changedBy, changedAt, createdAt } = item as { requestId: string; version: number; changedBy: string; changedAt: string; createdAt: string };
  const notify = chatPlaceFrom(item.notify);
  return {
    requestId,
    change: {
      accountId, version, shareUserData: item.shareUserData === true, floorVersion: typeof item.floorVersion === "number" ? item.floorVersion : 0, changedBy, changedAt,
      ...(notify ? { notify } : {}),
    },
    status: statusFrom(item.status),
    createdAt,
    ...(typeof item.completedAt === "string" ? { completedAt: item.completedAt } : {}),
    ...(typeof item.notifiedAt === "string" ? { notifiedAt: item.notifiedAt } : {}),
    ...(typeof item.holder === "string" && typeof item.leaseUntil === "number" ? { leaseUntil: item.leaseUntil } : {}),
  };
}

function chatPlaceFrom(value: unknown): ChatPlace | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { teamId, channelId, userId } = value as Record<string, unknown>;
  if (typeof teamId !== "string" || typeof channelId !== "string") return undefined;
  return { teamId, channelId, ...(typeof userId === "string" ? { userId } : {}) };
}

export function statusFrom(value: unknown): ErasureStatus {
  return value === "complete" || value === "failed" ? value : "pending";
}
