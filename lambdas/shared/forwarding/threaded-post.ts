import { setTimeout as sleep } from "node:timers/promises";
import type { ChatPoster, ChatTarget, Mention } from "../chat/chat-platform";
import { ChatDeliveryError } from "../errors";
import type { Notification, ThreadHint } from "../notifications/model";
import type { ThreadAnchorKey, ThreadAnchorStore } from "../store/thread-anchors";
import { threadParentView } from "./thread-parent";

/**
 * Posting a notification that belongs to a thread, in one channel. The first message of a
 * conversation reserves the thread's anchor and becomes the parent; later ones reply in its
 * thread and, when newer, update the parent. It runs inside the delivery claim of (SNS message,
 * channel), so each message is still posted at most once per channel.
 */

export interface ThreadedPostDependencies {
  readonly anchors: ThreadAnchorStore;
  readonly chat: ChatPoster;
  readonly deadline: () => number;
  /** Told about problems that do not stop the post (a parent that could not be updated, an anchor not recorded). */
  readonly onThreadProblem?: (what: string, error: unknown) => void;
  /** How long to wait for a parent that another delivery is posting right now, and how often to look. */
  readonly pendingWait?: { readonly maxMs: number; readonly intervalMs: number };
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
      const posted = await deps.chat.post(post.target, post.notification, { deadline: deps.deadline(), mention: post.mention });
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
    ({ messageId } = await deps.chat.post(post.target, threadParentView(post.notification, "opened"), { deadline: deps.deadline(), mention: post.mention }));
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
  return { role: "parent", messageId };
}

async function postReply(post: Post, key: ThreadAnchorKey, parentId: string, shownAt: number, deps: ThreadedPostDependencies): Promise<ThreadedPost> {
  const reply = await deps.chat.post(post.target, post.notification, { deadline: deps.deadline(), mention: post.mention, threadId: parentId });
  if (post.hint.updatesParent && deps.chat.update !== undefined) {
    try {
      // Only a newer state replaces the parent: SNS does not keep order.
      if (await deps.anchors.advance(key, parentId, shownAt)) {
        await deps.chat.update(post.target, parentId, threadParentView(post.notification, "updated"), { deadline: deps.deadline() });
      }
    } catch (error) {
      // The reply is posted; the parent shows an older state until the next update.
      deps.onThreadProblem?.("parent-update", error);
      if (error instanceof ChatDeliveryError && PARENT_GONE.has(error.code)) {
        await deps.anchors.forget(key, parentId).catch((forgetError: unknown) => deps.onThreadProblem?.("anchor-forget", forgetError));
      }
    }
  }
  return { role: "reply", messageId: reply.messageId };
}

/** The event's time in epoch ms, or now when it has none (or one that cannot be read). */
function eventTime(occurredAt: string | undefined): number {
  const parsed = occurredAt === undefined ? Number.NaN : Date.parse(occurredAt);
  return Number.isFinite(parsed) ? parsed : Date.now();
}
