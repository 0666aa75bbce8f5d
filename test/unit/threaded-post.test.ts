/**
 * The edges of posting in a thread, with stand-ins for the anchor store and the chat platform
 * (the usual paths run against DynamoDB Local and the Slack stand-in in test/integration/threading.test.ts).
 */
import type { ChatPoster, ChatTarget } from "../../lambdas/shared/chat/chat-platform";
import { ChatDeliveryError } from "../../lambdas/shared/errors";
import { postThreadDigest, postThreaded } from "../../lambdas/shared/forwarding/threaded-post";
import { buildDigest } from "../../lambdas/shared/notifications/digest";
import type { Notification } from "../../lambdas/shared/notifications/model";
import type { AnchorState, ReserveResult, ThreadAnchors } from "../../lambdas/shared/store/thread-anchors";

const target: ChatTarget = { teamId: "T1", channelId: "C1", botTokenSecretName: "s" };
const notification: Notification = {
  kind: "custom", recognized: true, title: "t", severity: "info", summary: "s", fields: [], lists: [], links: [], context: [],
  thread: { key: "custom:k", opens: true, updatesParent: true, occurredAt: "2025-03-14T09:26:53Z" },
};

function anchors(script: { reserve?: ReserveResult[]; find?: AnchorState[] } = {}) {
  const calls: string[] = [];
  const store: ThreadAnchors = {
    reserve: async () => (calls.push("reserve"), script.reserve?.shift() ?? { state: "reserved", token: "tok" }),
    find: async () => (calls.push("find"), script.find?.shift() ?? { state: "none" }),
    complete: async () => void calls.push("complete"),
    release: async () => void calls.push("release"),
    advance: async () => (calls.push("advance"), true),
    forget: async () => void calls.push("forget"),
  };
  return { store, calls };
}

function chat(failures: Record<string, ChatDeliveryError | undefined> = {}) {
  const calls: string[] = [];
  const poster: ChatPoster = {
    post: async (_target, _notification, options) => {
      const kind = options.threadId === undefined ? "post" : `reply:${options.threadId}`;
      calls.push(kind);
      const failure = failures[kind];
      if (failure !== undefined) {
        delete failures[kind];
        throw failure;
      }
      return { messageId: `${calls.length}.0` };
    },
    postDigest: async (_target, digest, options) => {
      const kind = `digest-reply:${options.threadId}`;
      calls.push(kind);
      const failure = failures[kind];
      if (failure !== undefined) {
        delete failures[kind];
        throw failure;
      }
      return { messageId: `${calls.length}.0`, listed: digest.items.length };
    },
    update: async (_target, messageId, shown) => void calls.push(`update:${messageId}:${shown.title}`),
  };
  return { poster, calls };
}

const deps = (store: ThreadAnchors, poster: ChatPoster) => ({ anchors: store, chat: poster, deadline: () => Date.now() + 10_000, pendingWait: { maxMs: 300, intervalMs: 50 } });
const post = { target, notification, hint: notification.thread!, sourceMessageId: "sns-1" };

test("a parent that cannot be posted gives its reservation back and the error to the caller", async () => {
  const { store, calls } = anchors();
  const { poster } = chat({ post: new ChatDeliveryError("down", "http_500", true) });
  await expect(postThreaded(post, deps(store, poster))).rejects.toMatchObject({ code: "http_500" });
  expect(calls).toEqual(["reserve", "release"]);
});

test("a parent still being posted elsewhere after the wait: a retryable failure, nothing posted", async () => {
  const { store } = anchors({ reserve: Array.from({ length: 20 }, () => ({ state: "pending" as const })) });
  const { poster, calls } = chat();
  await expect(postThreaded(post, deps(store, poster))).rejects.toMatchObject({ code: "thread_pending", retryable: true });
  expect(calls).toEqual([]);
});

test("a reply whose parent was deleted: the anchor is dropped and the message opens a new thread", async () => {
  const { store, calls } = anchors({ reserve: [{ state: "open", messageId: "9.9", openedBy: "sns-0" }] });
  const { poster, calls: chatCalls } = chat({ "reply:9.9": new ChatDeliveryError("gone", "thread_not_found", false) });
  expect(await postThreaded(post, deps(store, poster))).toEqual({ role: "parent", messageId: "2.0" });
  expect(calls).toEqual(["reserve", "forget", "reserve", "complete"]);
  expect(chatCalls).toEqual(["reply:9.9", "post"]);
});

test("a reply that does not update the parent (a pipeline's stage) never edits it", async () => {
  const { store, calls } = anchors({ reserve: [{ state: "open", messageId: "9.9", openedBy: "sns-0" }] });
  const { poster, calls: chatCalls } = chat();
  const stage = { ...post, hint: { ...post.hint, updatesParent: false } };
  expect(await postThreaded(stage, deps(store, poster))).toEqual({ role: "reply", messageId: "1.0" });
  expect(calls).toEqual(["reserve"]);
  expect(chatCalls).toEqual(["reply:9.9"]);
});

test("a platform that cannot edit messages still gets replies in the thread", async () => {
  const { store } = anchors({ reserve: [{ state: "open", messageId: "9.9", openedBy: "sns-0" }] });
  const { poster, calls } = chat();
  const { update: _ignored, ...withoutUpdate } = poster;
  expect(await postThreaded(post, deps(store, withoutUpdate))).toMatchObject({ role: "reply" });
  expect(calls).toEqual(["reply:9.9"]);
});

test("a notification that cannot open a thread and finds none is posted on its own, without touching anchors", async () => {
  const { store, calls } = anchors();
  const { poster, calls: chatCalls } = chat();
  const ok = { ...post, hint: { ...post.hint, opens: false } };
  expect(await postThreaded(ok, deps(store, poster))).toEqual({ role: "top-level", messageId: "1.0" });
  expect(calls).toEqual(["find"]);
  expect(chatCalls).toEqual(["post"]);
});

describe("a storm in one open thread: one digest reply", () => {
  const state = (title: string, occurredAt: string, updatesParent = true): Notification => ({
    ...notification, title, thread: { key: "custom:k", opens: true, updatesParent, occurredAt },
  });
  const digest = buildDigest([
    { id: "a", notification: state("second", "2025-03-14T09:27:00Z"), publishedAt: "2025-03-14T09:27:00Z" },
    { id: "b", notification: state("third", "2025-03-14T09:28:00Z"), publishedAt: "2025-03-14T09:28:00Z" },
    { id: "c", notification: state("stage", "2025-03-14T09:29:00Z", false), publishedAt: "2025-03-14T09:29:00Z" },
  ]);
  const threadDigest = { target, threadKey: "custom:k", parentId: "9.9", digest };

  test("replies once in the thread, and the parent shows the newest state that updates it", async () => {
    const { store, calls } = anchors();
    const { poster, calls: chatCalls } = chat();
    expect(await postThreadDigest(threadDigest, deps(store, poster))).toEqual({ messageId: "1.0", listed: 3 });
    expect(chatCalls).toEqual(["digest-reply:9.9", "update:9.9:third"]);
    expect(calls).toEqual(["advance"]);
  });

  test("a parent deleted in the chat: the anchor is dropped and the failure is retryable (the items then go top-level)", async () => {
    const { store, calls } = anchors();
    const { poster } = chat({ "digest-reply:9.9": new ChatDeliveryError("gone", "thread_not_found", false) });
    await expect(postThreadDigest(threadDigest, deps(store, poster))).rejects.toMatchObject({ code: "thread_gone", retryable: true });
    expect(calls).toEqual(["forget"]);
  });
});
