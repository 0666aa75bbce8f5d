/**
 * Thread anchors on DynamoDB Local: one parent per (channel, conversation) however many first
 * messages race for it, leases that lapse after a crash, TTL expiry, and parent updates that only
 * ever move forward in time.
 */
import { storeContext } from "../../lambdas/shared/store/index";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createThreadAnchors, threadAnchorItemKey, type ThreadAnchorKey } from "../../lambdas/shared/store/thread-anchors";
import { startTable } from "../helpers/dynamo-table";

// DynamoDB Local warms up slowly on a busy machine; these tests make many round trips each.
jest.setTimeout(30_000);

let table: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  table = await startTable();
}, 60_000);
afterAll(() => table?.stop());

let counter = 0;
/** A fresh conversation per test, so tests never see each other's anchors. */
function conversation(): ThreadAnchorKey {
  counter += 1;
  return { teamId: "T0HERALD1", channelId: "C0OPS0001", threadKey: `cloudwatch-alarm:arn:aws:cloudwatch:us-east-1:111122223333:alarm:test-${counter}` };
}

function store(now: () => number = Date.now, options: { ttlSeconds?: number; leaseMs?: number } = {}) {
  return createThreadAnchors(storeContext(table.doc(), table.tableName, { now }), options);
}

test("twenty first messages racing for one conversation: exactly one reserves it, the others see it pending", async () => {
  const anchors = store();
  const key = conversation();
  const results = await Promise.all(Array.from({ length: 20 }, (_, index) => anchors.reserve(key, `sns-${index}`)));
  expect(results.filter((result) => result.state === "reserved")).toHaveLength(1);
  expect(results.filter((result) => result.state === "pending")).toHaveLength(19);
});

test("once the parent is recorded, first messages find the thread open, with who opened it", async () => {
  const anchors = store();
  const key = conversation();
  const reserved = await anchors.reserve(key, "sns-1");
  if (reserved.state !== "reserved") throw new Error("expected a reservation");
  await anchors.complete(key, reserved.token, "1741944413.000100", Date.parse("2025-03-14T09:26:53Z"));

  expect(await anchors.reserve(key, "sns-2")).toEqual({ state: "open", messageId: "1741944413.000100", openedBy: "sns-1" });
  expect(await anchors.find(key)).toEqual({ state: "open", messageId: "1741944413.000100", openedBy: "sns-1" });
});

test("a released reservation (the parent could not be posted) lets the next first message open the thread", async () => {
  const anchors = store();
  const key = conversation();
  const first = await anchors.reserve(key, "sns-1");
  if (first.state !== "reserved") throw new Error("expected a reservation");
  await anchors.release(key, first.token);
  expect(await anchors.find(key)).toEqual({ state: "none" });
  expect((await anchors.reserve(key, "sns-2")).state).toBe("reserved");
});

test("a reservation whose holder crashed lapses with its lease; the late holder can no longer record a parent", async () => {
  // A clock of our own, starting now: DynamoDB Local deletes items whose TTL has passed in real time.
  let now = Date.now();
  const anchors = store(() => now, { leaseMs: 60_000 });
  const key = conversation();
  const crashed = await anchors.reserve(key, "sns-1");
  if (crashed.state !== "reserved") throw new Error("expected a reservation");

  now += 30_000;
  expect((await anchors.reserve(key, "sns-2")).state).toBe("pending");
  now += 31_000;
  const takeover = await anchors.reserve(key, "sns-2");
  expect(takeover.state).toBe("reserved");
  await expect(anchors.complete(key, crashed.token, "1.1", now)).rejects.toThrow(/conditional/i);
});

test("an anchor expires TTL seconds after its parent last changed; then the next first message starts a new thread", async () => {
  // A clock of our own, starting now: DynamoDB Local deletes items whose TTL has passed in real time.
  let now = Date.now();
  const anchors = store(() => now, { ttlSeconds: 3600 });
  const key = conversation();
  const reserved = await anchors.reserve(key, "sns-1");
  if (reserved.state !== "reserved") throw new Error("expected a reservation");
  await anchors.complete(key, reserved.token, "1.1", now);

  now += 50 * 60_000;
  expect(await anchors.advance(key, "1.1", now)).toBe(true); // the thread is alive: TTL starts again
  now += 50 * 60_000;
  expect((await anchors.find(key)).state).toBe("open");
  now += 11 * 60_000;
  expect(await anchors.find(key)).toEqual({ state: "none" }); // DynamoDB's TTL deletion may lag; expiry does not
  expect((await anchors.reserve(key, "sns-3")).state).toBe("reserved");

  const { Item } = await table.doc().send(new GetCommand({ TableName: table.tableName, Key: threadAnchorItemKey(key) }));
  expect(Item?.expiresAt).toBe(Math.floor(now / 1000) + 3600);
});

test("the parent only moves forward: an older or equal state never replaces a newer one", async () => {
  const anchors = store();
  const key = conversation();
  const reserved = await anchors.reserve(key, "sns-1");
  if (reserved.state !== "reserved") throw new Error("expected a reservation");
  const t = Date.parse("2025-03-14T09:26:53Z");
  await anchors.complete(key, reserved.token, "1.1", t);

  expect(await anchors.advance(key, "1.1", t + 60_000)).toBe(true);
  expect(await anchors.advance(key, "1.1", t + 30_000)).toBe(false); // arrived late
  expect(await anchors.advance(key, "1.1", t + 60_000)).toBe(false); // same state again
  expect(await anchors.advance(key, "9.9", t + 120_000)).toBe(false); // not this thread's parent
});

test("forgetting a deleted parent drops the anchor, but only if it still names that parent", async () => {
  const anchors = store();
  const key = conversation();
  const reserved = await anchors.reserve(key, "sns-1");
  if (reserved.state !== "reserved") throw new Error("expected a reservation");
  await anchors.complete(key, reserved.token, "1.1", Date.now());
  await anchors.forget(key, "2.2");
  expect((await anchors.find(key)).state).toBe("open");
  await anchors.forget(key, "1.1");
  expect(await anchors.find(key)).toEqual({ state: "none" });
});

test("the table holds a hash of the conversation, not the alarm ARN it names, and anchors are per channel", async () => {
  const anchors = store();
  const key = conversation();
  const { pk, sk } = threadAnchorItemKey(key);
  expect(pk).toBe("THREAD#T0HERALD1#C0OPS0001");
  expect(sk).toMatch(/^ANCHOR#[A-Za-z0-9_-]{43}$/);
  expect(sk).not.toContain("alarm");

  const reserved = await anchors.reserve(key, "sns-1");
  if (reserved.state !== "reserved") throw new Error("expected a reservation");
  await anchors.complete(key, reserved.token, "1.1", Date.now());
  expect((await anchors.reserve({ ...key, channelId: "C0DEV0001" }, "sns-1")).state).toBe("reserved");
});
