import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createErasureReceipts } from "../store/erasure-receipts";
import { createErasureRequests } from "../store/erasure-requests";
import { storeContext } from "../store/index";
import type { Cursor } from "./region-erasure";
import type { ErasureReceipt, ErasureRequest } from "./types";

/**
 * Erasure requests as the rest of Herald sees them: the continuation that carries a request from
 * one invocation to the next, which requests are overdue, and the latest request with its receipts
 * (`/aws privacy status`, the local page). The records themselves: lambdas/shared/store/erasure-*.ts.
 */

/** What the next invocation needs to carry on where this one stopped. Holds keys and ids only. */
export interface ErasureContinuation {
  readonly kind: "privacy-erasure-continuation";
  readonly accountId: string;
  readonly version: number;
  readonly requestId: string;
  /** The invocation chain that holds the request's lease. */
  readonly chainId: string;
  /** Per Region: resume after this key (absent: from the start). */
  readonly cursors: Readonly<Record<string, Cursor>>;
}

export interface OverdueErasure {
  readonly request: ErasureRequest;
  readonly ageMs: number;
}

/** True for the function's own continuation events. */
export function isErasureContinuation(event: unknown): event is ErasureContinuation {
  if (typeof event !== "object" || event === null) return false;
  const candidate = event as Record<string, unknown>;
  return candidate.kind === "privacy-erasure-continuation"
    && typeof candidate.accountId === "string" && typeof candidate.version === "number" && typeof candidate.requestId === "string"
    && typeof candidate.chainId === "string" && typeof candidate.cursors === "object" && candidate.cursors !== null;
}

/**
 * Requests still pending after `boundMs` (the `account.erasureAlarmMinutes` bound): an erasure the
 * admin was promised and that has not finished in every Region. Opt-ins count too: until one is
 * applied everywhere, some Region still refuses new data.
 */
export function overdueAmong(requests: readonly ErasureRequest[], now: number, boundMs: number): OverdueErasure[] {
  return requests
    .filter((request) => request.status === "pending")
    .map((request) => ({ request, ageMs: now - Date.parse(request.createdAt) }))
    .filter((overdue) => overdue.ageMs > boundMs);
}

export async function findOverdueErasures(doc: DynamoDBDocumentClient, tableName: string, accountId: string, now: number, boundMs: number): Promise<OverdueErasure[]> {
  return overdueAmong(await createErasureRequests(storeContext(doc, tableName)).list(accountId), now, boundMs);
}

/** The receipts of one request, by Region (home table). */
export function readReceipts(doc: DynamoDBDocumentClient, tableName: string, accountId: string, version: number): Promise<ErasureReceipt[]> {
  return createErasureReceipts(storeContext(doc, tableName)).read(accountId, version);
}

/** The latest privacy change's request and receipts (for `/aws privacy status`); undefined before the first change. */
export async function readLatestErasure(doc: DynamoDBDocumentClient, tableName: string, accountId: string): Promise<{ request: ErasureRequest; receipts: ErasureReceipt[] } | undefined> {
  const context = storeContext(doc, tableName);
  const request = (await createErasureRequests(context).list(accountId)).at(-1);
  if (!request) return undefined;
  return { request, receipts: await createErasureReceipts(context).read(accountId, request.change.version) };
}
