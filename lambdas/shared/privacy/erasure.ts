import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import { setTimeout as defaultSleep } from "node:timers/promises";
import { keys } from "../store/keys";
import { BatchDeleteError, deleteKeys, type ItemKey } from "./batch-delete";
import { ErasureRequestNotFoundError, PrivacyError } from "./errors";
import {
  addItemsDeleted,
  completeReceipt,
  type ErasureReceipt,
  type ErasureRequest,
  ensureReceipt,
  ensureRequest,
  finishRequest,
  claimNotice,
  holdLease,
  listRequests,
  markNotified,
  type OverdueErasure,
  overdueAmong,
  readReceipts,
  readRequest,
  recordAttemptFailure,
  releaseNotice,
} from "./receipts";
import { applyPrivacyCopy, type ChatPlace, completeRegionErasure, type PrivacyChange, privacyRequestId, readPrivacy } from "./setting";

/**
 * The erasure engine: applies one privacy change (version V) in every configured Region, in
 * parallel. Per Region it
 *   1. brings that Region's copy of the privacy record to V (only if its version is lower), so from
 *      then on user-data writes there fail their condition;
 *   2. for an opt-out, deletes every user-data item of the account written under a version < V
 *      (paginated, strongly consistent Query; BatchWriteItem; UnprocessedItems retried), then
 *      queries again to verify none remain;
 *   3. records its receipt (home table): items deleted, start, end, status, failed attempts.
 * A Region that fails is retried with capped exponential backoff until it succeeds; its receipt
 * says pending (with the attempts) meanwhile. When every Region is done, `onComplete` gets the
 * per-Region summary, once.
 *
 * Resumable: `run` stops starting pages at the deadline and returns a continuation holding, per
 * Region, the last key of the last page whose deletes all succeeded. Why resuming from it misses
 * nothing: once step 1 has run no item with a version < V can be written in that Region, so the set
 * to delete only shrinks; every such item with a key at or before the checkpoint was returned by a
 * page that was fully deleted, and every one after it is returned by the query resumed there. A
 * lost continuation (a crashed invocation) is also safe: deletes are idempotent, and the sweep
 * restarts the request from the start of the partition once its lease has lapsed. Receipts count
 * deletes page by page as they succeed, so a resumed run does not count an item twice.
 */

export interface ErasureEngineOptions {
  /** The table's name, the same in every Region. */
  readonly tableName: string;
  readonly accountId: string;
  /** Holds the authoritative privacy record, the requests and the receipts. */
  readonly homeRegion: string;
  /** A document client per configured Region, the home Region included. */
  readonly regions: ReadonlyMap<string, DynamoDBDocumentClient>;
  /** Query page size (items per checkpoint). @default 500 */
  readonly pageSize?: number;
  /** BatchWriteItem calls in flight per Region. @default 8 */
  readonly deleteConcurrency?: number;
  /** Backoff between a failing Region's attempts: doubles from `baseMs` up to `maxMs`, with jitter. @default 1 s … 60 s */
  readonly backoff?: { readonly baseMs?: number; readonly maxMs?: number };
  /** After this many failed attempts a Region's receipt says failed and it is no longer retried. @default unlimited */
  readonly maxAttemptsPerRegion?: number;
  /** How long a run's claim on a request outlasts its deadline (time for its continuation to start). @default 60 s */
  readonly leaseMs?: number;
  /** Completed requests whose `onComplete` failed are retried by the sweep for this long. @default 1 day */
  readonly notifyRetryMs?: number;
  /** How long one caller may take to tell the admin before another may try. @default 5 min */
  readonly noticeClaimMs?: number;
  /** Told once per request when every Region is done (the admin's Slack message). May throw: the sweep retries. */
  readonly onComplete?: (summary: ErasureSummary) => Promise<void> | void;
  readonly telemetry?: Partial<ErasureTelemetry>;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What the admin is told: per-Region counts and times, no user content. */
export interface ErasureSummary {
  readonly accountId: string;
  readonly requestId: string;
  readonly version: number;
  /** false: an opt-out (erasure); true: an opt-in applied everywhere. */
  readonly shareUserData: boolean;
  readonly status: "complete" | "failed";
  /** Slack user id of the admin who changed the setting. */
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly completedAt: string;
  readonly notify?: ChatPlace;
  readonly regions: readonly ErasureReceipt[];
  readonly itemsDeleted: number;
}

export interface RegionFinished {
  readonly requestId: string;
  readonly region: string;
  readonly status: "complete" | "failed";
  readonly itemsDeleted: number;
  readonly attempts: number;
  readonly startedAt: string;
  readonly endedAt: string;
}

export interface RegionAttemptFailed {
  readonly requestId: string;
  readonly region: string;
  readonly attempts: number;
  /** The error's name only. */
  readonly error: string;
  readonly nextAttemptAt: number;
  readonly gaveUp: boolean;
}

export interface ErasureTelemetry {
  regionFinished(outcome: RegionFinished): void;
  attemptFailed(failure: RegionAttemptFailed): void;
  notifyFailed(requestId: string, error: unknown): void;
}

/** What the next invocation needs to carry on where this one stopped. Holds keys and ids only. */
export interface ErasureContinuation {
  readonly kind: "privacy-erasure-continuation";
  readonly accountId: string;
  readonly version: number;
  readonly requestId: string;
  /** The invocation chain that holds the request's lease. */
  readonly chainId: string;
  /** Per Region: resume after this key (absent: from the start). */
  readonly cursors: Readonly<Record<string, Record<string, unknown>>>;
}

export interface RegionProgress {
  readonly region: string;
  readonly status: "pending" | "complete" | "failed";
  readonly itemsDeleted: number;
  readonly attempts: number;
}

export type ErasureRun =
  /** Every Region is done (`summary` when this run closed the request; absent when it was already closed). */
  | { readonly status: "complete" | "failed"; readonly requestId: string; readonly summary?: ErasureSummary }
  /** Time ran short: invoke again with `continuation`. */
  | { readonly status: "continue"; readonly requestId: string; readonly continuation: ErasureContinuation; readonly regions: readonly RegionProgress[] }
  /** Another invocation chain holds the request: it does the work, this one stops. */
  | { readonly status: "busy"; readonly requestId: string };

export interface SweepResult {
  readonly overdue: readonly OverdueErasure[];
  readonly runs: readonly ErasureRun[];
}

export interface RunOptions {
  /** Epoch ms after which no new page is started. */
  readonly deadline: number;
}

/** The scheduled sweep's interval (the CDK schedule): when a failed reconciliation is tried again. */
const ERASURE_CHECK_INTERVAL_MS = 5 * 60_000;

const DEFAULTS = { pageSize: 500, deleteConcurrency: 8, backoffBaseMs: 1_000, backoffMaxMs: 60_000, leaseMs: 60_000, notifyRetryMs: 86_400_000, noticeClaimMs: 300_000 } as const;

export function createErasureEngine(options: ErasureEngineOptions) {
  const { tableName, accountId, homeRegion } = options;
  const home = options.regions.get(homeRegion);
  if (!home) throw new PrivacyError(`The home Region ${homeRegion} must be one of the engine's Regions (${[...options.regions.keys()].join(", ")})`);
  const regionNames = [...options.regions.keys()];
  const pageSize = options.pageSize ?? DEFAULTS.pageSize;
  const deleteConcurrency = options.deleteConcurrency ?? DEFAULTS.deleteConcurrency;
  const backoffBaseMs = options.backoff?.baseMs ?? DEFAULTS.backoffBaseMs;
  const backoffMaxMs = options.backoff?.maxMs ?? DEFAULTS.backoffMaxMs;
  const maxAttempts = options.maxAttemptsPerRegion ?? Number.POSITIVE_INFINITY;
  const leaseMs = options.leaseMs ?? DEFAULTS.leaseMs;
  const notifyRetryMs = options.notifyRetryMs ?? DEFAULTS.notifyRetryMs;
  const noticeClaimMs = options.noticeClaimMs ?? DEFAULTS.noticeClaimMs;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => defaultSleep(ms));
  const telemetry: ErasureTelemetry = { regionFinished: () => undefined, attemptFailed: () => undefined, notifyFailed: () => undefined, ...options.telemetry };
  const iso = () => new Date(now()).toISOString();

  /** Starts applying a change (from the home table's stream): creates its request if needed, then runs it. */
  async function apply(change: PrivacyChange, run: RunOptions): Promise<ErasureRun> {
    if (change.accountId !== accountId) throw new PrivacyError(`This engine erases account ${accountId}, not ${change.accountId}`);
    const requestId = privacyRequestId(change.version, change.shareUserData);
    await ensureRequest(home!, tableName, change, requestId);
    const request = await readRequest(home!, tableName, accountId, change.version);
    if (!request) throw new ErasureRequestNotFoundError(requestId);
    return runRequest(request, randomUUID(), {}, run.deadline);
  }

  /** Carries on from a continuation (the function's own asynchronous re-invocation). */
  async function resume(continuation: ErasureContinuation, run: RunOptions): Promise<ErasureRun> {
    if (continuation.accountId !== accountId) throw new PrivacyError(`This engine erases account ${accountId}, not ${continuation.accountId}`);
    const request = await readRequest(home!, tableName, accountId, continuation.version);
    if (!request) throw new ErasureRequestNotFoundError(continuation.requestId);
    return runRequest(request, continuation.chainId, continuation.cursors, run.deadline);
  }

  /**
   * The scheduled check: restarts pending requests nobody is working on (a lost continuation, a
   * stream batch that failed), retries admin messages that failed, and reports requests pending for
   * longer than `overdueAfterMs`.
   */
  async function sweep(run: RunOptions & { readonly overdueAfterMs: number }): Promise<SweepResult> {
    const requests = await listRequests(home!, tableName, accountId);
    const at = now();
    const overdue = overdueAmong(requests, at, run.overdueAfterMs);
    const idle = requests.filter((request) => request.status === "pending" && (request.leaseUntil === undefined || request.leaseUntil < at));
    const runs = await Promise.all(idle.map((request) => runRequest(request, randomUUID(), {}, run.deadline)));
    const unannounced = requests.filter((request) => request.status !== "pending" && !request.notifiedAt && request.completedAt && at - Date.parse(request.completedAt) < notifyRetryMs);
    for (const request of unannounced) await announce(await summarize(request, request.status === "failed" ? "failed" : "complete", request.completedAt!));
    if (idle.length === 0 && requests.every((request) => request.status !== "pending")) await reconcileCopies();
    return { overdue, runs };
  }

  /**
   * With nothing pending, every Region's copy should already match the home record; this makes sure
   * of it — e.g. for a Region added to the config after an opt-out, which would otherwise store data
   * until the next change. Conditional (only older copies change), so it costs a write per Region.
   */
  async function reconcileCopies(): Promise<void> {
    const setting = await readPrivacy(home!, tableName, accountId);
    if (!setting.recorded) return;
    const change: PrivacyChange = {
      accountId, version: setting.version, shareUserData: setting.shareUserData, floorVersion: setting.floorVersion,
      changedBy: setting.changedBy ?? "", changedAt: setting.changedAt ?? iso(),
    };
    await Promise.all(regionNames.filter((region) => region !== homeRegion).map(async (region) => {
      try {
        await applyPrivacyCopy(options.regions.get(region)!, tableName, change, { recordErasure: false });
      } catch (error) {
        // Unreachable now: the next sweep tries again.
        telemetry.attemptFailed({ requestId: "reconcile", region, attempts: 1, error: errorName(error), nextAttemptAt: now() + ERASURE_CHECK_INTERVAL_MS, gaveUp: false });
      }
    }));
  }

  async function runRequest(request: ErasureRequest, chainId: string, cursors: Readonly<Record<string, Record<string, unknown>>>, deadline: number): Promise<ErasureRun> {
    const { requestId, change } = request;
    if (request.status !== "pending") return { status: request.status, requestId };
    if (!(await holdLease(home!, tableName, accountId, change.version, chainId, deadline + leaseMs, now()))) return { status: "busy", requestId };

    let receipts = await readReceipts(home!, tableName, accountId, change.version);
    const missing = regionNames.filter((region) => !receipts.some((receipt) => receipt.region === region));
    if (missing.length > 0) {
      const startedAt = iso();
      await Promise.all(missing.map((region) => ensureReceipt(home!, tableName, change, requestId, region, startedAt)));
      receipts = await readReceipts(home!, tableName, accountId, change.version);
    }
    const progress = await Promise.all(regionNames.map((region) => {
      const receipt = receipts.find((r) => r.region === region)!;
      return runRegion(request, region, receipt, cursors[region], deadline);
    }));

    if (progress.every((region) => region.status !== "pending")) {
      const status = progress.some((region) => region.status === "failed") ? "failed" : "complete";
      const completedAt = iso();
      if (!(await finishRequest(home!, tableName, accountId, change.version, status, completedAt))) return { status, requestId };
      const summary = await summarize(request, status, completedAt);
      await announce(summary);
      return { status, requestId, summary };
    }
    // Hand over: the lease now covers the continuation's start.
    await holdLease(home!, tableName, accountId, change.version, chainId, now() + leaseMs, now());
    const nextCursors: Record<string, Record<string, unknown>> = {};
    for (const region of progress) if (region.cursor) nextCursors[region.region] = region.cursor;
    return {
      status: "continue",
      requestId,
      continuation: { kind: "privacy-erasure-continuation", accountId, version: change.version, requestId, chainId, cursors: nextCursors },
      regions: progress.map(({ region, status, itemsDeleted, attempts }) => ({ region, status, itemsDeleted, attempts })),
    };
  }

  /** One Region until it is done, it gives up, or the deadline comes. Never throws: failures become attempts. */
  async function runRegion(request: ErasureRequest, region: string, receipt: ErasureReceipt, startCursor: Record<string, unknown> | undefined, deadline: number): Promise<RegionProgress & { cursor?: Record<string, unknown> }> {
    const { change, requestId } = request;
    const doc = options.regions.get(region)!;
    let cursor = startCursor;
    let itemsDeleted = receipt.itemsDeleted;
    let attempts = receipt.attempts;
    let nextAttemptAt = receipt.nextAttemptAt ?? 0;
    let copyApplied = false;
    const progress = (status: RegionProgress["status"]) => ({ region, status, itemsDeleted, attempts, ...(cursor ? { cursor } : {}) });
    if (receipt.status !== "pending") return progress(receipt.status);

    // Every run makes one attempt even if its deadline has passed (unless backing off): progress is guaranteed.
    for (let attempted = false; ; attempted = true) {
      const wait = nextAttemptAt - now();
      if (wait > 0) {
        if (now() >= deadline) return progress("pending");
        await sleep(Math.min(wait, deadline - now()));
        continue;
      }
      if (attempted && now() >= deadline) return progress("pending");
      try {
        if (!copyApplied) {
          await applyPrivacyCopy(doc, tableName, change);
          copyApplied = true;
        }
        if (!change.shareUserData) {
          const pass = await erasePass(doc, region, change, cursor, deadline, {
            checkpoint: (next) => (cursor = next),
            deleted: (count) => (itemsDeleted += count),
          });
          if (pass === "out-of-time") return progress("pending");
          cursor = undefined;
          // Cannot happen once the copy is at V (writes under older versions fail); if it ever does, erase again.
          if ((await countRemaining(doc, change)) > 0) continue;
          await completeRegionErasure(doc, tableName, accountId, requestId, itemsDeleted, iso());
        }
        const done = await completeReceipt(home!, tableName, accountId, change.version, region, iso());
        telemetry.regionFinished({ requestId, region, status: "complete", itemsDeleted: done.itemsDeleted, attempts: Math.max(done.attempts, attempts), startedAt: done.startedAt, endedAt: done.endedAt ?? iso() });
        itemsDeleted = done.itemsDeleted;
        return progress("complete");
      } catch (error) {
        attempts += 1;
        const gaveUp = attempts >= maxAttempts;
        nextAttemptAt = now() + backoffDelay(attempts);
        const failure = { requestId, region, attempts, error: errorName(error), nextAttemptAt, gaveUp };
        telemetry.attemptFailed(failure);
        try {
          await recordAttemptFailure(home!, tableName, accountId, change.version, region, { attempts, lastError: failure.error, nextAttemptAt, gaveUp, at: iso() });
        } catch {
          // The home table is unreachable too: the attempt count carries on in memory and reaches the receipt later.
        }
        if (gaveUp) {
          telemetry.regionFinished({ requestId, region, status: "failed", itemsDeleted, attempts, startedAt: receipt.startedAt, endedAt: iso() });
          return progress("failed");
        }
      }
    }
  }

  /** Deletes pages from `cursor` on; the next page is fetched while this one is deleted. */
  async function erasePass(
    doc: DynamoDBDocumentClient,
    region: string,
    change: PrivacyChange,
    cursor: Record<string, unknown> | undefined,
    deadline: number,
    on: { checkpoint(next: Record<string, unknown> | undefined): void; deleted(count: number): void },
  ): Promise<"done" | "out-of-time"> {
    let next: Promise<QueryCommandOutput> | undefined = queryPage(doc, change, cursor);
    for (;;) {
      const page: QueryCommandOutput = await next!;
      const last = page.LastEvaluatedKey;
      next = last ? queryPage(doc, change, last) : undefined;
      // Settled later or dropped at the deadline: never an unhandled rejection.
      next?.catch(() => undefined);
      const pageKeys = (page.Items ?? []) as ItemKey[];
      if (pageKeys.length > 0) await deletePage(doc, region, change, pageKeys, on.deleted);
      on.checkpoint(last);
      if (!last) return "done";
      if (now() >= deadline) return "out-of-time";
    }
  }

  async function deletePage(doc: DynamoDBDocumentClient, region: string, change: PrivacyChange, pageKeys: ItemKey[], deleted: (count: number) => void): Promise<void> {
    let count: number;
    let failure: unknown;
    try {
      count = await deleteKeys(doc, tableName, pageKeys, { concurrency: deleteConcurrency });
    } catch (error) {
      if (!(error instanceof BatchDeleteError)) throw error;
      count = error.deleted;
      failure = error;
    }
    if (count > 0) {
      await addItemsDeleted(home!, tableName, accountId, change.version, region, count);
      deleted(count);
    }
    if (failure) throw failure;
  }

  function queryPage(doc: DynamoDBDocumentClient, change: PrivacyChange, cursor: Record<string, unknown> | undefined): Promise<QueryCommandOutput> {
    return doc.send(new QueryCommand({
      ...olderThan(change),
      ProjectionExpression: "pk, sk",
      Limit: pageSize,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }));
  }

  async function countRemaining(doc: DynamoDBDocumentClient, change: PrivacyChange): Promise<number> {
    let remaining = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new QueryCommand({ ...olderThan(change), Select: "COUNT", ExclusiveStartKey }));
      remaining += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return remaining;
  }

  /** The account's user data written before version V (items without a version count as older: nothing escapes). */
  function olderThan(change: PrivacyChange) {
    return {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      FilterExpression: "attribute_not_exists(privacyVersion) OR privacyVersion < :version",
      ExpressionAttributeValues: { ":pk": keys.userDataPartition(accountId), ":version": change.version },
      ConsistentRead: true,
    };
  }

  async function summarize(request: ErasureRequest, status: "complete" | "failed", completedAt: string): Promise<ErasureSummary> {
    const { change } = request;
    const receipts = await readReceipts(home!, tableName, accountId, change.version);
    return {
      accountId,
      requestId: request.requestId,
      version: change.version,
      shareUserData: change.shareUserData,
      status,
      requestedBy: change.changedBy,
      requestedAt: change.changedAt,
      completedAt,
      ...(change.notify ? { notify: change.notify } : {}),
      regions: receipts,
      itemsDeleted: receipts.reduce((sum, receipt) => sum + receipt.itemsDeleted, 0),
    };
  }

  /**
   * `onComplete` once per request: claimed first (so a run and the sweep that both see the request
   * finished cannot both tell the admin), then remembered. A failure gives the claim back, is
   * reported, and is left for the sweep to retry. Only a crash between posting and remembering can
   * repeat the message, once the claim has lapsed.
   */
  async function announce(summary: ErasureSummary): Promise<void> {
    try {
      if (!(await claimNotice(home!, tableName, accountId, summary.version, now() + noticeClaimMs, now()))) return;
      try {
        await options.onComplete?.(summary);
      } catch (error) {
        await releaseNotice(home!, tableName, accountId, summary.version);
        throw error;
      }
      await markNotified(home!, tableName, accountId, summary.version, iso());
    } catch (error) {
      telemetry.notifyFailed(summary.requestId, error);
    }
  }

  function backoffDelay(attempt: number): number {
    const ceiling = Math.min(backoffBaseMs * 2 ** (attempt - 1), backoffMaxMs);
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  return { apply, resume, sweep };
}

export type ErasureEngine = ReturnType<typeof createErasureEngine>;

/** True for the function's own continuation events. */
export function isErasureContinuation(event: unknown): event is ErasureContinuation {
  const candidate = event as Partial<ErasureContinuation> | null;
  return typeof candidate === "object" && candidate !== null && candidate.kind === "privacy-erasure-continuation"
    && typeof candidate.accountId === "string" && typeof candidate.version === "number" && typeof candidate.requestId === "string"
    && typeof candidate.chainId === "string" && typeof candidate.cursors === "object" && candidate.cursors !== null;
}

/** The error's name (never its message, which can quote data); a failed batch is named by its cause. */
function errorName(error: unknown): string {
  if (error instanceof BatchDeleteError && error.cause instanceof Error) return error.cause.name;
  return error instanceof Error ? error.name : "UnknownError";
}
