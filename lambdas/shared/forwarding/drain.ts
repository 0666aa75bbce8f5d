import { setTimeout as sleep } from "node:timers/promises";
import type { ChatPoster, ChatTarget, Mention } from "../chat/chat-platform";
import { ChatDeliveryError } from "../errors";
import { buildDigest } from "../notifications/digest";
import type { DeliveryDetails } from "../store/deliveries";
import type { DrainLease, DrainLeases, PacingState } from "../store/drain-leases";
import type { Outbox, QueuedItem } from "../store/outbox";
import type { ThreadAnchors } from "../store/thread-anchors";
import { strongerMention } from "./channel-routing";
import { afterPost, type Batch, decideOnFailure, DEFAULT_DRAIN_OPTIONS, type DrainOptions, nextPostTime, planBatch } from "./pacing";
import { postThreadDigest, postThreaded, type ThreadedPostDependencies, type ThreadLifecycleHooks } from "./threaded-post";

/**
 * Draining a channel's outbox at Slack's pace. One drainer per channel (it holds the channel's
 * lease), so a burst to one channel never delays another: every channel has its own lease, pace
 * and backlog, and an invocation drains its channels side by side. The holder waits for the
 * channel's next slot, posts the oldest item alone or — when the backlog has reached the digest
 * threshold — a digest of the oldest items, then settles what it posted. It stops when the backlog
 * is empty or its deadline is near, releases the lease with the pacing state, and looks at the
 * outbox once more (a writer may have queued after its last look and failed to take the lease).
 *
 * At least once, never lost: an item leaves the outbox only after its post succeeded (or Slack
 * refused it even as plain text, which is recorded and reported). A crash between the post and
 * settling it repeats that one post once the lease has expired; everything else is exactly once.
 */

export interface DrainTelemetry {
  backlog(target: ChatTarget, depth: number, oldestAgeSeconds: number): void;
  delivered(target: ChatTarget, items: readonly QueuedItem[], details: DeliveryDetails): void;
  rateLimited(target: ChatTarget, retryAfterMs: number): void;
  /** A transient error (5xx, network, token unavailable): retried after `blockedUntil`. */
  retrying(target: ChatTarget, error: ChatDeliveryError, blockedUntil: number): void;
  /** Slack refuses the channel itself: its backlog waits; someone must fix the configuration or the app. */
  channelUnreachable(target: ChatTarget, error: ChatDeliveryError, blockedUntil: number): void;
  /** Items Slack refused even as plain text: recorded as failed, never silently. */
  deliveryFailed(target: ChatTarget, items: readonly QueuedItem[], error: ChatDeliveryError): void;
  threadProblem?(target: ChatTarget, what: string, error: unknown): void;
}

export interface DrainClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface DrainDependencies {
  readonly outbox: Outbox;
  readonly leases: DrainLeases;
  readonly chat: ChatPoster;
  readonly telemetry: DrainTelemetry;
  /** Epoch ms by which draining must stop (the invocation's deadline minus a margin). */
  readonly deadline: () => number;
  /** Thread anchors; without them every notification is posted top-level. */
  readonly threads?: ThreadAnchors;
  /** Alarm lifecycles kept with their threads (on-call); absent: threads only. */
  readonly lifecycle?: ThreadLifecycleHooks;
  readonly options?: Partial<DrainOptions>;
  readonly clock?: DrainClock;
}

/** How often a long backlog is counted for the BacklogDepth metric. */
const BACKLOG_COUNT_INTERVAL_MS = 10_000;

const SYSTEM_CLOCK: DrainClock = { now: Date.now, sleep: (ms) => sleep(ms) };

export interface DrainResult {
  readonly target: ChatTarget;
  /** Messages posted (singles and digests). */
  readonly posts: number;
  /** False when another drainer held the channel. */
  readonly held: boolean;
}

/** Drains each channel side by side; one channel's problem does not stop the others. */
export async function drainChannels(targets: readonly ChatTarget[], deps: DrainDependencies): Promise<PromiseSettledResult<DrainResult>[]> {
  const unique = new Map(targets.map((target) => [`${target.teamId}#${target.channelId}`, target]));
  return Promise.allSettled([...unique.values()].map((target) => drainChannel(target, deps)));
}

/**
 * The sweep (a scheduled event): every channel with a backlog whose lease is free gets a drainer.
 * Picks up what a crashed drainer, a long Retry-After or a drainer's deadline left behind.
 */
export async function sweepChannels(deps: DrainDependencies): Promise<PromiseSettledResult<DrainResult>[]> {
  const clock = deps.clock ?? SYSTEM_CLOCK;
  const now = clock.now();
  const free = (await deps.leases.list()).filter((channel) => channel.leaseUntil < now);
  const waiting = await Promise.all(free.map(async ({ target }) => {
    const [oldest] = await deps.outbox.oldest(target, 1);
    if (oldest === undefined) return undefined;
    // Reported here too: a backed-off channel's drainer posts nothing, and its backlog must still show (and alarm).
    deps.telemetry.backlog(target, await deps.outbox.depth(target), Math.max(0, (now - oldest.enqueuedAt) / 1000));
    return target;
  }));
  return drainChannels(waiting.filter((target): target is ChatTarget => target !== undefined), deps);
}

export async function drainChannel(target: ChatTarget, deps: DrainDependencies): Promise<DrainResult> {
  const options = { ...DEFAULT_DRAIN_OPTIONS, ...deps.options };
  const clock = deps.clock ?? SYSTEM_CLOCK;
  let posts = 0;
  let held = false;
  for (;;) {
    if (clock.now() + options.postBudgetMs > deps.deadline()) break;
    const lease = await deps.leases.acquire(target, deps.deadline() + options.leaseMarginMs);
    if (lease === undefined) break;
    held = true;
    const drainer = new ChannelDrainer(lease, deps, options, clock);
    try {
      await drainer.run();
    } finally {
      posts += drainer.posts;
      await deps.leases.release(lease, drainer.state);
    }
    // Lost-wakeup guard: a writer that queued after our last look could not take the lease.
    if (!(await deps.outbox.hasItems(target))) break;
    if (nextPostTime(drainer.state) + options.postBudgetMs > deps.deadline()) break;
  }
  return { target, posts, held };
}

class ChannelDrainer {
  state: PacingState;
  posts = 0;
  /** Items Slack refused as built: next time they go as plain text. */
  private readonly plainNext = new Set<string>();
  /** A digest Slack refused: the next post is a single item. */
  private singleNext = false;
  private nextCountAt = 0;

  constructor(
    private readonly lease: DrainLease,
    private readonly deps: DrainDependencies,
    private readonly options: DrainOptions,
    private readonly clock: DrainClock,
  ) {
    this.state = { nextPostAt: lease.nextPostAt, blockedUntil: lease.blockedUntil, failures: lease.failures };
  }

  private get target(): ChatTarget {
    return this.lease.target;
  }

  async run(): Promise<void> {
    const { deps, options, clock } = this;
    for (;;) {
      const at = nextPostTime(this.state);
      if (Math.max(at, clock.now()) + options.postBudgetMs > deps.deadline()) return;
      if (at > clock.now()) {
        // Nothing waiting: give the lease back now instead of sitting out the pace (the next writer
        // takes it, and the pace, persisted with the lease, still holds).
        if (!(await deps.outbox.hasItems(this.target))) return;
        await clock.sleep(at - clock.now());
      }
      const waiting = await deps.outbox.oldest(this.target, options.maxDigestItems);
      if (waiting.length === 0) return;
      await this.reportBacklog(waiting);
      // The oldest part decides: it holds at least the threshold whenever the whole backlog does.
      const batch = await this.plan(waiting, waiting.length);
      if (batch === undefined) return;
      await this.post(batch);
    }
  }

  /** Depth and age of the backlog; counting a long backlog reads all of it, so that is done every few seconds only. */
  private async reportBacklog(waiting: readonly QueuedItem[]): Promise<void> {
    const now = this.clock.now();
    const ageSeconds = Math.max(0, (now - waiting[0].enqueuedAt) / 1000);
    if (waiting.length < this.options.maxDigestItems) {
      this.deps.telemetry.backlog(this.target, waiting.length, ageSeconds);
    } else if (now >= this.nextCountAt) {
      this.nextCountAt = now + BACKLOG_COUNT_INTERVAL_MS;
      this.deps.telemetry.backlog(this.target, await this.deps.outbox.depth(this.target), ageSeconds);
    }
  }

  private async plan(waiting: readonly QueuedItem[], depth: number): Promise<Batch<QueuedItem> | undefined> {
    if (this.singleNext || this.plainNext.has(waiting[0].sk)) return { kind: "single", item: waiting[0] };
    const threadKeyOf = (item: QueuedItem) => (this.deps.threads === undefined ? undefined : item.notification.thread?.key);
    const open = new Map<string, string>();
    if (depth >= this.options.digestThreshold && this.deps.threads !== undefined) {
      const threads = this.deps.threads;
      const keys = [...new Set(waiting.map(threadKeyOf).filter((key): key is string => key !== undefined))];
      await Promise.all(keys.map(async (threadKey) => {
        const anchor = await threads.find({ teamId: this.target.teamId, channelId: this.target.channelId, threadKey });
        if (anchor.state === "open") open.set(threadKey, anchor.messageId);
      }));
    }
    return planBatch(waiting.map((item) => ({ item, threadKey: threadKeyOf(item) })), depth, open, this.options);
  }

  private async post(batch: Batch<QueuedItem>): Promise<void> {
    const { deps, clock, options } = this;
    const plain = batch.kind === "single" && this.plainNext.has(batch.item.sk);
    let posted: { items: readonly QueuedItem[]; details: DeliveryDetails };
    // Slack counts requests as they arrive: the pace runs from when this one was sent.
    const sentAt = clock.now();
    try {
      posted = await this.send(batch, plain);
    } catch (error) {
      if (!(error instanceof ChatDeliveryError)) throw error;
      const decision = decideOnFailure(error, this.state, clock.now(), options);
      this.state = decision.state;
      switch (decision.kind) {
        case "rate-limited":
          deps.telemetry.rateLimited(this.target, decision.retryAfterMs);
          // At once: whoever drains this channel next must honour it too.
          await deps.leases.persist(this.lease, this.state);
          return;
        case "transient":
          deps.telemetry.retrying(this.target, error, this.state.blockedUntil);
          return;
        case "channel-unreachable":
          deps.telemetry.channelUnreachable(this.target, error, this.state.blockedUntil);
          await deps.leases.persist(this.lease, this.state);
          return;
        case "item-rejected":
          if (batch.kind !== "single") {
            this.singleNext = true;
          } else if (!plain) {
            this.plainNext.add(batch.item.sk);
          } else {
            // Refused even as plain text: recorded as failed and reported, so nothing vanishes unseen.
            await deps.outbox.settle([batch.item], "failed", { errorCode: error.code });
            deps.telemetry.deliveryFailed(this.target, [batch.item], error);
            this.plainNext.delete(batch.item.sk);
          }
          return;
      }
    }
    this.posts++;
    this.singleNext = false;
    this.state = afterPost(this.state, sentAt, options);
    if (this.state.blockedUntil > clock.now()) {
      // A step after the post (a thread parent's chat.update) was answered 429: saved at once, as above.
      await deps.leases.persist(this.lease, this.state);
    }
    // A crash right here repeats this post once the lease expires (the items are still queued).
    await deps.outbox.settle(posted.items, "delivered", posted.details);
    for (const item of posted.items) this.plainNext.delete(item.sk);
    deps.telemetry.delivered(this.target, posted.items, posted.details);
  }

  /**
   * A 429 on a step after the post itself (updating a thread parent): the message went out, but
   * the channel is now in a Retry-After window, which the next request must respect too.
   */
  private honourRateLimit(error: unknown): void {
    if (!(error instanceof ChatDeliveryError)) return;
    const decision = decideOnFailure(error, this.state, this.clock.now(), this.options);
    if (decision.kind !== "rate-limited") return;
    this.state = { ...this.state, blockedUntil: Math.max(this.state.blockedUntil, decision.state.blockedUntil) };
    this.deps.telemetry.rateLimited(this.target, decision.retryAfterMs);
  }

  private async send(batch: Batch<QueuedItem>, plain: boolean): Promise<{ items: readonly QueuedItem[]; details: DeliveryDetails }> {
    const { deps, target } = this;
    const threads: ThreadedPostDependencies | undefined = deps.threads === undefined ? undefined : {
      anchors: deps.threads, chat: deps.chat, deadline: deps.deadline, ...(deps.lifecycle === undefined ? {} : { lifecycle: deps.lifecycle }), onThreadProblem: (what, error) => {
        this.honourRateLimit(error);
        deps.telemetry.threadProblem?.(target, what, error);
      },
    };
    if (batch.kind === "single") {
      const { item } = batch;
      const { notification, mention } = item;
      if (plain || notification.thread === undefined || threads === undefined) {
        const { messageId } = await deps.chat.post(target, notification, { deadline: deps.deadline(), mention, plain, deliveryId: item.messageId });
        return { items: [item], details: { chatMessageId: messageId, via: plain ? "plain-text" : "message" } };
      }
      const threaded = await postThreaded({ target, notification, hint: notification.thread, mention, sourceMessageId: item.messageId }, threads);
      return { items: [item], details: { chatMessageId: threaded.messageId, via: "message" } };
    }
    const digest = buildDigest(batch.items.map((item) => ({ id: item.sk, notification: item.notification, publishedAt: item.snsTimestamp })));
    const mention = batch.items.reduce<Mention | undefined>((strongest, item) => strongerMention(strongest, item.mention), undefined);
    // Thread digests are planned only where anchors are known (deps.threads).
    const posted = batch.kind === "thread-digest" && threads !== undefined
      ? await postThreadDigest({ target, threadKey: batch.threadKey, parentId: batch.parentId, digest, mention }, threads)
      : await deps.chat.postDigest(target, digest, { deadline: deps.deadline(), mention });
    const listed = new Set(digest.items.slice(0, posted.listed).map((item) => item.id));
    return { items: batch.items.filter((item) => listed.has(item.sk)), details: { chatMessageId: posted.messageId, via: batch.kind } };
  }
}
