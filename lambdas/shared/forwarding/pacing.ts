import type { ChatDeliveryError } from "../errors";
import type { PacingState } from "../store/drain-leases";

/**
 * The drainer's decisions, as pure functions of the pacing state, the time and what Slack
 * answered: when the next request to a channel may go, what to post next, and how long to back
 * off after an error. The drainer (drain.ts) only carries them out.
 */

export interface DrainOptions {
  /** At or above this many waiting notifications, a channel gets digests instead of single messages. */
  readonly digestThreshold: number;
  /** One message per this interval per channel (Slack: about one per second). */
  readonly paceMs: number;
  /** Items one digest may cover ("a few dozen": each stays a readable line). */
  readonly maxDigestItems: number;
  /** First backoff after a transient error (5xx, network, token unavailable); doubles per failure in a row. */
  readonly transientBackoffMs: number;
  readonly maxTransientBackoffMs: number;
  /** Backoff while Slack refuses the channel itself (channel_not_found, not_in_channel, invalid_auth…). */
  readonly unreachableBackoffMs: number;
  /** A lease outlives its holder's deadline by this much. */
  readonly leaseMarginMs: number;
  /** Time one post may take (request, retries, records): no post is started with less left. */
  readonly postBudgetMs: number;
}

export const DEFAULT_DRAIN_OPTIONS: DrainOptions = {
  digestThreshold: 4,
  paceMs: 1_000,
  maxDigestItems: 40,
  transientBackoffMs: 1_000,
  maxTransientBackoffMs: 60_000,
  unreachableBackoffMs: 5 * 60_000,
  leaseMarginMs: 5_000,
  postBudgetMs: 6_000,
};

/** The earliest a request may go to the channel. */
export function nextPostTime(state: PacingState): number {
  return Math.max(state.nextPostAt, state.blockedUntil);
}

/** After a successful post: the next one waits a pace interval, and the error streak ends. */
export function afterPost(state: PacingState, now: number, options: DrainOptions): PacingState {
  return { ...state, nextPostAt: now + options.paceMs, failures: 0 };
}

/** Slack's answers that concern one message, not the channel: worth one more try as plain text. */
const ITEM_REJECTED = new Set(["invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long", "no_text", "invalid_attachments"]);

export type FailureDecision =
  /** 429: nothing goes to the channel before `blockedUntil` (Retry-After). */
  | { readonly kind: "rate-limited"; readonly state: PacingState; readonly retryAfterMs: number }
  /** 5xx, network, token unavailable: back off, growing with the failures in a row. */
  | { readonly kind: "transient"; readonly state: PacingState }
  /** Slack refuses the channel itself: keep everything, back off long, raise an alarm. */
  | { readonly kind: "channel-unreachable"; readonly state: PacingState }
  /** Slack refuses this one message as built. */
  | { readonly kind: "item-rejected"; readonly state: PacingState };

export function decideOnFailure(error: ChatDeliveryError, state: PacingState, now: number, options: DrainOptions): FailureDecision {
  if (error.code === "ratelimited" || error.retryAfterMs !== undefined) {
    const retryAfterMs = Math.max(error.retryAfterMs ?? options.paceMs, options.paceMs);
    return { kind: "rate-limited", retryAfterMs, state: { ...state, blockedUntil: now + retryAfterMs } };
  }
  if (ITEM_REJECTED.has(error.code)) {
    // The next request is another message: it keeps the pace.
    return { kind: "item-rejected", state: { ...state, nextPostAt: now + options.paceMs } };
  }
  if (!error.retryable) {
    return { kind: "channel-unreachable", state: { ...state, blockedUntil: now + options.unreachableBackoffMs, failures: state.failures + 1 } };
  }
  const backoff = Math.min(options.transientBackoffMs * 2 ** Math.min(state.failures, 16), options.maxTransientBackoffMs);
  return { kind: "transient", state: { ...state, blockedUntil: now + backoff, failures: state.failures + 1 } };
}

/** What a planned post covers: the oldest waiting items, and the threads already open in the channel. */
export interface Waiting<T> {
  readonly item: T;
  /** The conversation it belongs to, when it has one. */
  readonly threadKey?: string;
}

export type Batch<T> =
  /** Post the oldest item on its own (threaded as usual when it belongs to a conversation). */
  | { readonly kind: "single"; readonly item: T }
  /** Coalesce these (oldest first) into one top-level digest. */
  | { readonly kind: "digest"; readonly items: readonly T[] }
  /** Reply once in an open thread with all of its waiting items. */
  | { readonly kind: "thread-digest"; readonly threadKey: string; readonly parentId: string; readonly items: readonly T[] };

/**
 * What to post next. Below the threshold: the oldest item alone. At or above: the oldest item's
 * open thread gets one reply covering its items, or (the oldest is not in an open thread) one digest
 * covers the oldest items that are not in open threads. `openThreads` maps thread keys to their
 * parent message in this channel; `depth` is the whole backlog, `waiting` its oldest part.
 */
export function planBatch<T>(waiting: readonly Waiting<T>[], depth: number, openThreads: ReadonlyMap<string, string>, options: DrainOptions): Batch<T> | undefined {
  const [oldest] = waiting;
  if (oldest === undefined) return undefined;
  if (depth < options.digestThreshold) return { kind: "single", item: oldest.item };
  const parentOf = (entry: Waiting<T>) => (entry.threadKey === undefined ? undefined : openThreads.get(entry.threadKey));
  const parentId = parentOf(oldest);
  if (parentId !== undefined && oldest.threadKey !== undefined) {
    const items = waiting.filter((entry) => entry.threadKey === oldest.threadKey).slice(0, options.maxDigestItems).map((entry) => entry.item);
    return items.length === 1 ? { kind: "single", item: oldest.item } : { kind: "thread-digest", threadKey: oldest.threadKey, parentId, items };
  }
  const items = waiting.filter((entry) => parentOf(entry) === undefined).slice(0, options.maxDigestItems).map((entry) => entry.item);
  return items.length === 1 ? { kind: "single", item: oldest.item } : { kind: "digest", items };
}
