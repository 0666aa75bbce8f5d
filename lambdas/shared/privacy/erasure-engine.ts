import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import { setTimeout as defaultSleep } from "node:timers/promises";
import { createHeraldStore, type HeraldStore } from "../store/index";
import type { LeaseHold } from "../store/lease";
import { createAnnouncement, type ErasureSummary, summaryOf } from "./erasure-announcement";
import { type ErasureContinuation, type OverdueErasure, overdueAmong } from "./erasure-requests";
import { ErasureRequestNotFoundError, PrivacyError } from "./errors";
import { createRegionErasure, type Cursor, errorName, type RegionAttemptFailed, type RegionFinished, type RegionProgress } from "./region-erasure";
import { privacyRequestId } from "./setting";
import type { ErasureRequest, PrivacyChange } from "./types";

/**
 * The erasure engine: applies one privacy change (version V) in every configured Region, in
 * parallel (each Region's part: region-erasure.ts), and tells the admin once every Region is done
 * (erasure-announcement.ts). A Region that fails is retried with capped exponential backoff until it
 * succeeds; its receipt says pending (with the attempts) meanwhile.
 *
 * Resumable: `run` stops starting pages at the deadline and returns a continuation holding, per
 * Region, the last key of the last page whose deletes all succeeded. A lost continuation (a crashed
 * invocation) is also safe: deletes are idempotent, and the sweep restarts the request from the
 * start of the partition once its lease has lapsed.
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
  /** The tables' point-in-time recovery window (`account.recoveryWindowDays`), for each receipt's `restorableUntil`. @default 35 (PITR's longest) */
  readonly recoveryWindowDays?: number;
  /** An outbox item waiting longer than this is erased by an opt-out (region-erasure.ts `outboxItemsToErase`). @default 1 hour */
  readonly outboxInFlightMs?: number;
  /** Told once per request when every Region is done (the admin's Slack message). May throw: the sweep retries. */
  readonly onComplete?: (summary: ErasureSummary) => Promise<void> | void;
  readonly telemetry?: Partial<ErasureTelemetry>;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ErasureTelemetry {
  regionFinished(outcome: RegionFinished): void;
  attemptFailed(failure: RegionAttemptFailed): void;
  notifyFailed(requestId: string, error: unknown): void;
  /** The sweep erased outbox items queued since the erasure, while sharing stays off. */
  outboxErased(region: string, count: number): void;
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

const DEFAULTS = {
  pageSize: 500, deleteConcurrency: 8, backoffBaseMs: 1_000, backoffMaxMs: 60_000, leaseMs: 60_000, notifyRetryMs: 86_400_000, noticeClaimMs: 300_000,
  recoveryWindowDays: 35, outboxInFlightMs: 3_600_000,
} as const;

export function createErasureEngine(options: ErasureEngineOptions) {
  const { tableName, accountId, homeRegion } = options;
  const now = options.now ?? Date.now;
  const stores = new Map<string, HeraldStore>([...options.regions].map(([region, doc]) => [region, createHeraldStore(doc, tableName, { now })]));
  const homeStore = stores.get(homeRegion);
  if (!homeStore) throw new PrivacyError(`The home Region ${homeRegion} must be one of the engine's Regions (${[...options.regions.keys()].join(", ")})`);
  const home: HeraldStore = homeStore;
  const { erasureRequests: requests, erasureReceipts: receipts } = home;
  const leaseMs = options.leaseMs ?? DEFAULTS.leaseMs;
  const notifyRetryMs = options.notifyRetryMs ?? DEFAULTS.notifyRetryMs;
  const telemetry: ErasureTelemetry = { regionFinished: () => undefined, attemptFailed: () => undefined, notifyFailed: () => undefined, outboxErased: () => undefined, ...options.telemetry };
  const iso = () => new Date(now()).toISOString();
  const regionErasure = createRegionErasure({
    settings: {
      pageSize: options.pageSize ?? DEFAULTS.pageSize,
      deleteConcurrency: options.deleteConcurrency ?? DEFAULTS.deleteConcurrency,
      backoffBaseMs: options.backoff?.baseMs ?? DEFAULTS.backoffBaseMs,
      backoffMaxMs: options.backoff?.maxMs ?? DEFAULTS.backoffMaxMs,
      maxAttempts: options.maxAttemptsPerRegion ?? Number.POSITIVE_INFINITY,
      recoveryWindowDays: options.recoveryWindowDays ?? DEFAULTS.recoveryWindowDays,
      outboxInFlightMs: options.outboxInFlightMs ?? DEFAULTS.outboxInFlightMs,
    },
    receipts,
    telemetry,
    now,
    sleep: options.sleep ?? ((ms: number) => defaultSleep(ms)),
  });
  const announce = createAnnouncement({ requests, onComplete: options.onComplete, claimMs: options.noticeClaimMs ?? DEFAULTS.noticeClaimMs, notifyFailed: (id, error) => telemetry.notifyFailed(id, error), now });

  function ownAccount(other: string): void {
    if (other !== accountId) throw new PrivacyError(`This engine erases account ${accountId}, not ${other}`);
  }

  async function requestFor(version: number, requestId: string): Promise<ErasureRequest> {
    const request = await requests.read(accountId, version);
    if (!request) throw new ErasureRequestNotFoundError(requestId);
    return request;
  }

  /** Starts applying a change (from the home table's stream): creates its request if needed, then runs it. */
  async function apply(change: PrivacyChange, run: RunOptions): Promise<ErasureRun> {
    ownAccount(change.accountId);
    const requestId = privacyRequestId(change.version, change.shareUserData);
    await requests.ensure(change, requestId);
    return runRequest(await requestFor(change.version, requestId), { chainId: randomUUID(), continuing: false }, {}, run.deadline);
  }

  /** Carries on from a continuation (the function's own asynchronous re-invocation). */
  async function resume(continuation: ErasureContinuation, run: RunOptions): Promise<ErasureRun> {
    ownAccount(continuation.accountId);
    const request = await requestFor(continuation.version, continuation.requestId);
    return runRequest(request, { chainId: continuation.chainId, continuing: true }, continuation.cursors, run.deadline);
  }

  /**
   * The scheduled check: restarts pending requests nobody is working on (a lost continuation, a
   * stream batch that failed), retries admin messages that failed, and reports requests pending for
   * longer than `overdueAfterMs`.
   */
  async function sweep(run: RunOptions & { readonly overdueAfterMs: number }): Promise<SweepResult> {
    const all = await requests.list(accountId);
    const at = now();
    const overdue = overdueAmong(all, at, run.overdueAfterMs);
    const idle = all.filter((request) => request.status === "pending" && (request.leaseUntil === undefined || request.leaseUntil < at));
    const runs = await Promise.all(idle.map((request) => runRequest(request, { chainId: randomUUID(), continuing: false }, {}, run.deadline)));
    for (const request of all) {
      const { status, completedAt } = request;
      if (status === "pending" || request.notifiedAt || !completedAt || at - Date.parse(completedAt) >= notifyRetryMs) continue;
      await announce(summaryOf(request, status, completedAt, await receipts.read(accountId, request.change.version)));
    }
    if (idle.length === 0 && all.every((request) => request.status !== "pending")) {
      await reconcileCopies();
      await eraseWaitingWhileOff();
    }
    return { overdue, runs };
  }

  /**
   * While sharing stays off, notifications keep arriving for channels Slack refuses: each sweep erases
   * those (by the erasure's own rule, region-erasure.ts `outboxItemsToErase`), so none waits forever
   * after the erasure said complete. Counted in the logs, not in the (closed) receipts.
   */
  async function eraseWaitingWhileOff(): Promise<void> {
    if ((await home.privacyRecords.read(accountId)).shareUserData) return;
    await Promise.all([...stores].map(async ([region, store]) => {
      try {
        await regionErasure.eraseWaitingOutbox(store.waitingOutbox, (count) => (count > 0 ? telemetry.outboxErased(region, count) : undefined));
      } catch (error) {
        telemetry.attemptFailed({ requestId: "outbox", region, attempts: 1, error: errorName(error), nextAttemptAt: now() + ERASURE_CHECK_INTERVAL_MS, gaveUp: false });
      }
    }));
  }

  /**
   * With nothing pending, every Region's copy should already match the home record; this makes sure
   * of it — e.g. for a Region added to the config after an opt-out, which would otherwise store data
   * until the next change. Conditional (only older copies change), so it costs a write per Region.
   */
  async function reconcileCopies(): Promise<void> {
    const setting = await home.privacyRecords.read(accountId);
    if (!setting.recorded) return;
    const change: PrivacyChange = {
      accountId, version: setting.version, shareUserData: setting.shareUserData, floorVersion: setting.floorVersion,
      changedBy: setting.changedBy ?? "", changedAt: setting.changedAt ?? iso(),
    };
    await Promise.all([...stores].filter(([region]) => region !== homeRegion).map(async ([region, store]) => {
      try {
        await store.privacyRecords.applyCopy(change);
      } catch (error) {
        // Unreachable now: the next sweep tries again.
        telemetry.attemptFailed({ requestId: "reconcile", region, attempts: 1, error: errorName(error), nextAttemptAt: now() + ERASURE_CHECK_INTERVAL_MS, gaveUp: false });
      }
    }));
  }

  /** Holds the request for this chain until `until`: a continuation keeps its chain's lease, anyone else takes a free one. */
  async function hold(request: ErasureRequest, chain: { chainId: string; continuing: boolean }, until: number): Promise<LeaseHold | undefined> {
    const { version } = request.change;
    if (chain.continuing) {
      const held = requests.holdOf(accountId, version, chain.chainId);
      if (await requests.extend(held, until)) return held;
    }
    return requests.claim(accountId, version, chain.chainId, until);
  }

  async function runRequest(request: ErasureRequest, chain: { chainId: string; continuing: boolean }, cursors: Readonly<Record<string, Cursor>>, deadline: number): Promise<ErasureRun> {
    const { requestId, change } = request;
    if (request.status !== "pending") return { status: request.status, requestId };
    const lease = await hold(request, chain, deadline + leaseMs);
    if (!lease) return { status: "busy", requestId };

    let current = await receipts.read(accountId, change.version);
    const missing = [...stores.keys()].filter((region) => !current.some((receipt) => receipt.region === region));
    if (missing.length > 0) {
      const startedAt = iso();
      await Promise.all(missing.map((region) => receipts.ensure(change, requestId, region, startedAt)));
      current = await receipts.read(accountId, change.version);
    }
    const progress = await Promise.all([...stores].map(async ([region, store]) => {
      const receipt = current.find((r) => r.region === region);
      if (!receipt) throw new PrivacyError(`The receipt of ${requestId} in ${region} was not created`);
      return regionErasure.run(request, region, store, receipt, cursors[region], deadline);
    }));

    if (progress.every((region) => region.status !== "pending")) {
      const status = progress.some((region) => region.status === "failed") ? "failed" : "complete";
      const completedAt = iso();
      if (!(await requests.finish(lease, status, completedAt))) return { status, requestId };
      const summary = summaryOf(request, status, completedAt, await receipts.read(accountId, change.version));
      await announce(summary);
      return { status, requestId, summary };
    }
    // Hand over: the lease now covers the continuation's start.
    await requests.extend(lease, now() + leaseMs);
    const nextCursors: Record<string, Cursor> = {};
    for (const region of progress) if (region.cursor) nextCursors[region.region] = region.cursor;
    return {
      status: "continue",
      requestId,
      continuation: { kind: "privacy-erasure-continuation", accountId, version: change.version, requestId, chainId: chain.chainId, cursors: nextCursors },
      regions: progress.map(({ region, status, itemsDeleted, attempts }) => ({ region, status, itemsDeleted, attempts })),
    };
  }

  return { apply, resume, sweep };
}

export type ErasureEngine = ReturnType<typeof createErasureEngine>;
