import { BatchDeleteError, type ItemKey } from "../store/batch-delete";
import type { ErasureReceipts } from "../store/erasure-receipts";
import type { PrivacyRecords } from "../store/privacy-records";
import type { KeyPage, UserDataStore } from "../store/user-data";
import type { WaitingItem, WaitingOutbox } from "../store/waiting-outbox";
import type { ErasureReceipt, ErasureRequest, PrivacyChange } from "./types";

/**
 * One Region's part of a privacy change, until it is done, gives up, or the deadline comes:
 *   1. bring the Region's copy of the privacy record to V (only if its version is lower), so from
 *      then on user-data writes there fail their condition;
 *   2. for an opt-out, delete every user-data item of the account written under a version < V
 *      (paginated, strongly consistent Query; BatchWriteItem; UnprocessedItems retried), query
 *      again to verify none remain, then erase the waiting outbox items that hold notification
 *      text and would otherwise outlive the erasure (`outboxItemsToErase`);
 *   3. complete its receipt (home table): counts, end, and until when a backup could restore what
 *      was erased.
 * A failure becomes an attempt on the receipt, with capped exponential backoff; never a throw.
 *
 * Why resuming from a checkpoint misses nothing: once step 1 has run no item with a version < V can
 * be written in that Region, so the set to delete only shrinks; every such item with a key at or
 * before the checkpoint was returned by a page that was fully deleted, and every one after it is
 * returned by the query resumed there. Receipts count deletes page by page as they succeed, so a
 * resumed run does not count an item twice.
 */

export interface RegionStore {
  readonly privacyRecords: PrivacyRecords;
  readonly userData: UserDataStore;
  readonly waitingOutbox: WaitingOutbox;
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

export interface RegionTelemetry {
  regionFinished(outcome: RegionFinished): void;
  attemptFailed(failure: RegionAttemptFailed): void;
}

export interface RegionErasureSettings {
  readonly pageSize: number;
  readonly deleteConcurrency: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly maxAttempts: number;
  /** The tables' point-in-time recovery window: an erased item can be restored from a backup until this long after the erasure. */
  readonly recoveryWindowDays: number;
  /** An outbox item waiting longer than this is not in flight any more (see `outboxItemsToErase`). */
  readonly outboxInFlightMs: number;
}

export interface RegionErasureDeps {
  readonly settings: RegionErasureSettings;
  /** The home table's receipts. */
  readonly receipts: ErasureReceipts;
  readonly telemetry: RegionTelemetry;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export type Cursor = Record<string, unknown>;

export interface RegionProgress {
  readonly region: string;
  readonly status: "pending" | "complete" | "failed";
  readonly itemsDeleted: number;
  readonly attempts: number;
}

export interface RegionRun extends RegionProgress {
  /** Where the next run resumes (absent: from the start). */
  readonly cursor?: Cursor;
}

/**
 * Which waiting outbox items an opt-out erases. A notification accepted for delivery is normally
 * posted within seconds (Slack's pace, digests of dozens), and a delivery is not kept data: the
 * opt-out does not cancel it. But an item that waits for a channel the platform is refusing
 * (channel_not_found, not_in_channel, revoked token: the drainer's error streak is above 0), or
 * that has waited longer than `inFlightMs` for any reason, is stored notification text that may
 * never leave: it is erased, and its delivery record says `erased-by-opt-out`.
 */
export function outboxItemsToErase(items: readonly WaitingItem[], channelFailing: boolean, now: number, inFlightMs: number): WaitingItem[] {
  return channelFailing ? [...items] : items.filter((item) => now - item.enqueuedAt > inFlightMs);
}

export function createRegionErasure(deps: RegionErasureDeps) {
  const { settings, receipts, telemetry, now, sleep } = deps;
  const iso = () => new Date(now()).toISOString();

  async function run(request: ErasureRequest, region: string, store: RegionStore, receipt: ErasureReceipt, startCursor: Cursor | undefined, deadline: number): Promise<RegionRun> {
    const { change, requestId } = request;
    const { accountId, version } = change;
    let cursor = startCursor;
    let itemsDeleted = receipt.itemsDeleted;
    let attempts = receipt.attempts;
    let nextAttemptAt = receipt.nextAttemptAt ?? 0;
    let copyApplied = false;
    const progress = (status: RegionProgress["status"]): RegionRun => ({ region, status, itemsDeleted, attempts, ...(cursor ? { cursor } : {}) });
    const erased = async (count: number, what: "user-data" | "outbox") => {
      if (count === 0) return;
      await receipts.addErased(accountId, version, region, count, what);
      itemsDeleted += count;
    };
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
          await store.privacyRecords.applyCopy(change);
          copyApplied = true;
        }
        if (!change.shareUserData) {
          const pass = await erasePass(store.userData, change, cursor, deadline, {
            checkpoint: (next) => (cursor = next),
            deleted: (count) => erased(count, "user-data"),
          });
          if (pass === "out-of-time") return progress("pending");
          cursor = undefined;
          // Cannot happen once the copy is at V (writes under older versions fail); if it ever does, erase again.
          if ((await store.userData.countOlderThan(accountId, version)) > 0) continue;
          await eraseWaitingOutbox(store.waitingOutbox, (count) => erased(count, "outbox"));
        }
        const endedAt = iso();
        const done = await receipts.complete(accountId, version, region, endedAt, restorableUntil(endedAt));
        itemsDeleted = done.itemsDeleted;
        telemetry.regionFinished({ requestId, region, status: "complete", itemsDeleted, attempts: Math.max(done.attempts, attempts), startedAt: done.startedAt, endedAt: done.endedAt ?? endedAt });
        return progress("complete");
      } catch (error) {
        attempts += 1;
        const gaveUp = attempts >= settings.maxAttempts;
        nextAttemptAt = now() + backoffDelay(attempts);
        const failure = { requestId, region, attempts, error: errorName(error), nextAttemptAt, gaveUp };
        telemetry.attemptFailed(failure);
        try {
          await receipts.recordAttemptFailure(accountId, version, region, { attempts, lastError: failure.error, nextAttemptAt, gaveUp, at: iso() });
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
    userData: UserDataStore,
    change: PrivacyChange,
    cursor: Cursor | undefined,
    deadline: number,
    on: { checkpoint(next: Cursor | undefined): void; deleted(count: number): Promise<void> },
  ): Promise<"done" | "out-of-time"> {
    const pages = userData.olderThan(change.accountId, change.version, settings.pageSize, cursor);
    let next: Promise<IteratorResult<KeyPage>> = pages.next();
    try {
      for (;;) {
        const result = await next;
        if (result.done) {
          on.checkpoint(undefined);
          return "done";
        }
        const page = result.value;
        if (page.next) {
          next = pages.next();
          // Settled later or dropped at the deadline: never an unhandled rejection.
          next.catch(() => undefined);
        }
        if (page.keys.length > 0) await deletePage(userData, page.keys, on.deleted);
        on.checkpoint(page.next);
        if (!page.next) return "done";
        if (now() >= deadline) return "out-of-time";
      }
    } finally {
      // Stops the paginator; a page it was fetching is dropped (the checkpoint is before it).
      void pages.return(undefined).catch(() => undefined);
    }
  }

  async function deletePage(userData: UserDataStore, pageKeys: readonly ItemKey[], deleted: (count: number) => Promise<void>): Promise<void> {
    let count: number;
    let failure: unknown;
    try {
      count = await userData.remove(pageKeys, { concurrency: settings.deleteConcurrency });
    } catch (error) {
      if (!(error instanceof BatchDeleteError)) throw error;
      count = error.deleted;
      failure = error;
    }
    await deleted(count);
    if (failure) throw failure;
  }

  /** Every channel with a drainer: its waiting items that `outboxItemsToErase` picks (also the sweep's, while sharing stays off). */
  async function eraseWaitingOutbox(outbox: WaitingOutbox, erased: (count: number) => Promise<void> | void): Promise<void> {
    for (const channel of await outbox.channels()) {
      const items = outboxItemsToErase(await outbox.waiting(channel), channel.failures > 0, now(), settings.outboxInFlightMs);
      await erased(await outbox.erase(items));
    }
  }

  function restorableUntil(endedAt: string): string {
    return new Date(Date.parse(endedAt) + settings.recoveryWindowDays * 86_400_000).toISOString();
  }

  function backoffDelay(attempt: number): number {
    const ceiling = Math.min(settings.backoffBaseMs * 2 ** (attempt - 1), settings.backoffMaxMs);
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  return { run, eraseWaitingOutbox };
}

export type RegionErasure = ReturnType<typeof createRegionErasure>;

/** The error's name (never its message, which can quote data); a failed batch is named by its cause. */
export function errorName(error: unknown): string {
  if (error instanceof BatchDeleteError && error.cause instanceof Error) return error.cause.name;
  return error instanceof Error ? error.name : "UnknownError";
}
