import { setTimeout as sleep } from "node:timers/promises";
import type { ChatPoster, ChatTarget, Mention, PostedDigest } from "../chat/chat-platform";
import { ChatDeliveryError } from "../errors";
import type { Digest } from "../notifications/digest";
import type { Notification, ThreadHint } from "../notifications/model";
import type { ThreadAnchorKey, ThreadAnchors } from "../store/thread-anchors";
import { threadParentView } from "./thread-parent";

/**
 * Posting a notification that belongs to a thread, in one channel. The first message of a
 * conversation reserves the thread's anchor and becomes the parent; later ones reply in its
 * thread and, when newer, update the parent. It runs in the channel's drainer (one per channel),
 * which posts each queued message once.
 */

export interface ThreadedPostDependencies {
  readonly anchors: ThreadAnchors;
  readonly chat: ChatPoster;
  readonly deadline: () => number;
  /** Told about problems that do not stop the post (a parent that could not be updated, an anchor not recorded). */
  readonly onThreadProblem?: (what: string, error: unknown) => void;
  /** How long to wait for a parent that another delivery is posting right now, and how often to look. */
  readonly pendingWait?: { readonly maxMs: number; readonly intervalMs: number };
  /** An alarm's on-call lifecycle (lambdas/shared/oncall/forwarding.ts); absent: threads only. */
  readonly lifecycle?: ThreadLifecycleHooks;
}

/** What on-call adds to threads: a lifecycle opened with its parent, and the parent's on-call state when it is updated (the OK resolves it). */
export interface ThreadLifecycleHooks {
  opened(target: ChatTarget, notification: Notification, parentId: string, sourceMessageId: string): Promise<void>;
  parentView(target: ChatTarget, notification: Notification): Promise<Notification>;
}

export interface ThreadedPost {
  /** parent: opened the thread; reply: posted in it; top-level: no thread to join; already-posted: this message opened it earlier. */
  readonly role: "parent" | "reply" | "top-level" | "already-posted";
  readonly messageId?: string;
}

interface Post {
  readonly target: ChatTarget;
  readonly notification: Notification;
  readonly hint: ThreadHint;
  readonly mention?: Mention;
  /** The SNS message being delivered. */
  readonly sourceMessageId: string;
}

const DEFAULT_PENDING_WAIT = { maxMs: 5_000, intervalMs: 250 };
/** Slack's answers when the parent was deleted: the thread cannot continue. */
const PARENT_GONE = new Set(["message_not_found", "thread_not_found"]);

export async function postThreaded(post: Post, deps: ThreadedPostDependencies): Promise<ThreadedPost> {
  const key: ThreadAnchorKey = { teamId: post.target.teamId, channelId: post.target.channelId, threadKey: post.hint.key };
  const shownAt = eventTime(post.hint.occurredAt);
  const wait = deps.pendingWait ?? DEFAULT_PENDING_WAIT;
  const giveUpAt = Math.min(Date.now() + wait.maxMs, deps.deadline());
  let parentGoneOnce = false;
  for (;;) {
    const anchor = post.hint.opens ? await deps.anchors.reserve(key, post.sourceMessageId) : await deps.anchors.find(key);
    if (anchor.state === "reserved") return postParent(post, key, anchor.token, shownAt, deps);
    if (anchor.state === "open") {
      // A redelivery of the message that opened the thread, after its delivery record was lost.
      if (anchor.openedBy === post.sourceMessageId) return { role: "already-posted", messageId: anchor.messageId };
      try {
        return await postReply(post, key, anchor.messageId, shownAt, deps);
      } catch (error) {
        if (parentGoneOnce || !(error instanceof ChatDeliveryError) || !PARENT_GONE.has(error.code)) throw error;
        parentGoneOnce = true;
        await deps.anchors.forget(key, anchor.messageId);
        continue;
      }
    }
    if (anchor.state === "none" && !post.hint.opens) {
      const posted = await deps.chat.post(post.target, post.notification, { deadline: deps.deadline(), mention: post.mention, deliveryId: post.sourceMessageId });
      return { role: "top-level", messageId: posted.messageId };
    }
    // Another delivery is posting the parent: its id is moments away. Past the wait, fail retryably.
    if (Date.now() + wait.intervalMs > giveUpAt) {
      throw new ChatDeliveryError(`The thread's parent in ${post.target.channelId} is still being posted by another delivery`, "thread_pending", true);
    }
    await sleep(wait.intervalMs);
  }
}

async function postParent(post: Post, key: ThreadAnchorKey, token: string, shownAt: number, deps: ThreadedPostDependencies): Promise<ThreadedPost> {
  let messageId: string | undefined;
  try {
    ({ messageId } = await deps.chat.post(post.target, threadParentView(post.notification, "opened"), { deadline: deps.deadline(), mention: post.mention, deliveryId: post.sourceMessageId }));
  } catch (error) {
    await deps.anchors.release(key, token).catch((releaseError: unknown) => deps.onThreadProblem?.("anchor-release", releaseError));
    throw error;
  }
  try {
    if (messageId === undefined) await deps.anchors.release(key, token);
    else await deps.anchors.complete(key, token, messageId, shownAt);
  } catch (error) {
    // Posted: failing now would post it again. The reservation lapses with its lease.
    deps.onThreadProblem?.("anchor-complete", error);
  }
  if (messageId !== undefined && deps.lifecycle !== undefined) {
    await deps.lifecycle.opened(post.target, post.notification, messageId, post.sourceMessageId).catch((error: unknown) => deps.onThreadProblem?.("on-call-open", error));
  }
  return { role: "parent", messageId };
}

async function postReply(post: Post, key: ThreadAnchorKey, parentId: string, shownAt: number, deps: ThreadedPostDependencies): Promise<ThreadedPost> {
  const reply = await deps.chat.post(post.target, post.notification, { deadline: deps.deadline(), mention: post.mention, threadId: parentId, deliveryId: post.sourceMessageId });
  if (post.hint.updatesParent) await showOnParent(post.target, key, parentId, post.notification, shownAt, deps);
  return { role: "reply", messageId: reply.messageId };
}

/** Replaces the parent's content with a newer state; problems are reported, not thrown (the reply is posted). */
async function showOnParent(target: ChatTarget, key: ThreadAnchorKey, parentId: string, shown: Notification, shownAt: number, deps: ThreadedPostDependencies): Promise<void> {
  // The on-call state first: an OK resolves the alarm's lifecycle even when the parent cannot show it.
  const notification = deps.lifecycle === undefined ? shown
    : await deps.lifecycle.parentView(target, shown).catch((error: unknown) => (deps.onThreadProblem?.("on-call-parent", error), shown));
  if (deps.chat.update === undefined) return;
  try {
    // Only a newer state replaces the parent: SNS does not keep order.
    if (await deps.anchors.advance(key, parentId, shownAt)) {
      await deps.chat.update(target, parentId, threadParentView(notification, "updated"), { deadline: deps.deadline() });
    }
  } catch (error) {
    // The parent shows an older state until the next update.
    deps.onThreadProblem?.("parent-update", error);
    if (error instanceof ChatDeliveryError && PARENT_GONE.has(error.code)) {
      await deps.anchors.forget(key, parentId).catch((forgetError: unknown) => deps.onThreadProblem?.("anchor-forget", forgetError));
    }
  }
}

export interface ThreadDigestPost {
  readonly target: ChatTarget;
  readonly threadKey: string;
  /** The thread's parent message, as its anchor records it. */
  readonly parentId: string;
  readonly digest: Digest;
  readonly mention?: Mention;
}

/**
 * Several waiting notifications of one open thread, as one digest reply in it (a storm in one
 * conversation); the parent then shows the newest state among those listed, as single replies do.
 * A parent deleted in the chat drops the anchor and fails retryably: the items then go top-level.
 */
export async function postThreadDigest(post: ThreadDigestPost, deps: ThreadedPostDependencies): Promise<PostedDigest> {
  const key: ThreadAnchorKey = { teamId: post.target.teamId, channelId: post.target.channelId, threadKey: post.threadKey };
  let posted: PostedDigest;
  try {
    posted = await deps.chat.postDigest(post.target, post.digest, { deadline: deps.deadline(), mention: post.mention, threadId: post.parentId });
  } catch (error) {
    if (!(error instanceof ChatDeliveryError) || !PARENT_GONE.has(error.code)) throw error;
    await deps.anchors.forget(key, post.parentId);
    throw new ChatDeliveryError(`The thread's parent in ${post.target.channelId} is gone; its items go top-level`, "thread_gone", true, { cause: error });
  }
  const newest = post.digest.items
    .slice(0, posted.listed)
    .filter((item) => item.notification.thread?.updatesParent === true)
    .map((item) => ({ notification: item.notification, shownAt: eventTime(item.notification.thread?.occurredAt) }))
    .reduce<{ notification: Notification; shownAt: number } | undefined>((latest, item) => (latest === undefined || item.shownAt > latest.shownAt ? item : latest), undefined);
  if (newest !== undefined) await showOnParent(post.target, key, post.parentId, newest.notification, newest.shownAt, deps);
  return posted;
}

/** The event's time in epoch ms, or now when it has none (or one that cannot be read). */
function eventTime(occurredAt: string | undefined): number {
  const parsed = occurredAt === undefined ? Number.NaN : Date.parse(occurredAt);
  return Number.isFinite(parsed) ? parsed : Date.now();
}
