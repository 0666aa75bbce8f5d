import { storeContext } from "../../lambdas/shared/store/index";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { StoredItemError } from "../../lambdas/shared/store/item-guards";
import type { ChatTarget } from "../../lambdas/shared/chat/chat-platform";
import { storedNotification } from "../../lambdas/shared/forwarding/stored-notification";
import type { Notification } from "../../lambdas/shared/notifications/model";
import { createDrainLeases } from "../../lambdas/shared/store/drain-leases";
import { keys } from "../../lambdas/shared/store/keys";
import { createOutbox, type OutboxEntry } from "../../lambdas/shared/store/outbox";
import { startTable } from "../helpers/dynamo-table";

/** The outbox, delivery records and drain leases against DynamoDB Local: transactions, conditional writes, leases, TTL. */

let table: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  table = await startTable();
}, 60_000);
afterAll(() => table?.stop());

let n = 0;
const target = (): ChatTarget => ({ teamId: "T1", channelId: `C${++n}`, botTokenSecretName: "herald/T1/bot-token" });
const notification: Notification = { kind: "text", recognized: false, title: "t", severity: "info", summary: "s", fields: [], lists: [], links: [], context: [] };
const entry = (to: ChatTarget, messageId: string, snsTimestamp: string, shown = notification): OutboxEntry => ({
  target: to, messageId, topicArn: "arn:aws:sns:us-east-1:000000000000:herald-alarms", snsTimestamp, notification: shown, configurationNames: ["ops"], loggingLevel: "INFO",
});
const record = async (messageId: string, to: ChatTarget) =>
  (await table.doc().send(new GetCommand({ TableName: table.tableName, Key: keys.delivery(messageId, to.teamId, to.channelId), ConsistentRead: true }))).Item;

describe("outbox and delivery records", () => {
  test("a message is queued once per channel; a redelivery is a duplicate; settling records how it went out", async () => {
    const outbox = createOutbox(storeContext(table.doc(), table.tableName));
    const to = target();
    expect(await outbox.enqueue(entry(to, "m1", "2026-11-28T12:00:00.000Z"))).toBe("queued");
    expect(await outbox.enqueue(entry(to, "m1", "2026-11-28T12:00:00.000Z"))).toBe("duplicate");
    expect(await record("m1", to)).toMatchObject({ status: "queued", entity: "delivery" });
    const [queued] = await outbox.oldest(to, 10);
    expect(queued).toMatchObject({ messageId: "m1", notification, configurationNames: ["ops"], loggingLevel: "INFO" });

    await outbox.settle([queued], "delivered", { chatMessageId: "1700000000.000100", via: "digest" });
    expect(await outbox.oldest(to, 10)).toEqual([]);
    const item = await record("m1", to);
    expect(item).toMatchObject({ status: "delivered", chatMessageId: "1700000000.000100", via: "digest" });
    // Kept long enough to outlast SNS and Lambda retries, then removed by TTL.
    expect(item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 13 * 86_400);
    expect(await outbox.enqueue(entry(to, "m1", "2026-11-28T12:00:00.000Z"))).toBe("duplicate");
  });

  test("an outbox item without the shape the drainer needs is refused on read, naming the item and the attribute, never its content", async () => {
    const outbox = createOutbox(storeContext(table.doc(), table.tableName));
    const to = target();
    await table.doc().send(new PutCommand({
      TableName: table.tableName,
      Item: { ...keys.outbox(to.teamId, to.channelId, "2026-11-28T12:00:00.000Z", "m-bad"), entity: "outbox", messageId: "m-bad", target: to, notification: "secret text, not a notification" },
    }));
    const read = outbox.oldest(to, 10);
    await expect(read).rejects.toThrow(StoredItemError);
    await expect(read).rejects.toThrow(/outbox item OUTBOX#T1#C\d+ \/ 2026-11-28T12:00:00.000Z#m-bad has no valid "topicArn"/);
    await expect(read).rejects.not.toThrow(/secret text/);
  });

  test("of many concurrent deliveries of one message exactly one is queued", async () => {
    const outbox = createOutbox(storeContext(table.doc(), table.tableName));
    const to = target();
    const results = await Promise.all(Array.from({ length: 20 }, () => outbox.enqueue(entry(to, "m-concurrent", "2026-11-28T12:00:00.000Z"))));
    expect(results.filter((r) => r === "queued")).toHaveLength(1);
    expect(await outbox.depth(to)).toBe(1);
  });

  test("the backlog is in publication order whatever the order of arrival, and counted exactly", async () => {
    const outbox = createOutbox(storeContext(table.doc(), table.tableName));
    const to = target();
    for (const [id, second] of [["late", 30], ["early", 10], ["middle", 20]] as const) await outbox.enqueue(entry(to, id, `2026-11-28T12:00:${second}.000Z`));
    expect((await outbox.oldest(to, 10)).map((item) => item.messageId)).toEqual(["early", "middle", "late"]);
    expect((await outbox.oldest(to, 2)).map((item) => item.messageId)).toEqual(["early", "middle"]);
    expect(await outbox.depth(to)).toBe(3);
    expect(await outbox.hasItems(target())).toBe(false);
  });

  test("a notification rendered from a 256 KB message with huge fields and lists is still queued (cut to what a message shows)", async () => {
    const outbox = createOutbox(storeContext(table.doc(), table.tableName));
    const to = target();
    const huge: Notification = {
      ...notification,
      body: { text: "b".repeat(256 * 1024) },
      fields: Array.from({ length: 500 }, (_, i) => ({ label: `field ${i}`, value: "😀".repeat(2_000) })),
      lists: Array.from({ length: 20 }, (_, i) => ({ title: `list ${i}`, items: Array.from({ length: 500 }, () => ({ text: "<&>".repeat(1_000) })) })),
    };
    expect(await outbox.enqueue(entry(to, "huge", "2026-11-28T12:00:00.000Z", storedNotification(huge)))).toBe("queued");
    const [queued] = await outbox.oldest(to, 1);
    expect(queued.notification.body?.text.length).toBeLessThanOrEqual(12_000);
    expect(queued.notification.fields[0].value.startsWith("😀")).toBe(true);
  });
});

describe("drain leases: one drainer per channel", () => {
  test("of many concurrent drainers one holds the lease; released, it keeps the pacing state for the next holder", async () => {
    const leases = createDrainLeases(storeContext(table.doc(), table.tableName));
    const to = target();
    const until = Date.now() + 60_000;
    const results = await Promise.all(Array.from({ length: 10 }, () => leases.acquire(to, until)));
    const held = results.filter((lease) => lease !== undefined);
    expect(held).toHaveLength(1);
    await leases.release(held[0]!, { nextPostAt: 111, blockedUntil: 222, failures: 1 });
    expect(await leases.acquire(to, until)).toMatchObject({ nextPostAt: 111, blockedUntil: 222, failures: 1, target: to });
  });

  test("a crashed holder's lease runs out: the next takes over, and the old holder can no longer persist or release", async () => {
    let now = Date.now();
    const leases = createDrainLeases(storeContext(table.doc(), table.tableName, { now: () => now }));
    const to = target();
    const crashed = await leases.acquire(to, now + 1_000);
    expect(await leases.acquire(to, now + 1_000)).toBeUndefined();
    now += 1_500;
    const next = await leases.acquire(to, now + 1_000);
    expect(next).toBeDefined();
    expect(await leases.persist(crashed!, { nextPostAt: 0, blockedUntil: 0, failures: 0 })).toBe(false);
    await leases.release(crashed!, { nextPostAt: 0, blockedUntil: 0, failures: 0 }); // not theirs any more: a no-op
    expect(await leases.acquire(to, now + 1_000)).toBeUndefined();
    const listed = (await leases.list()).find((channel) => channel.target.channelId === to.channelId);
    expect(listed).toMatchObject({ target: to, leaseUntil: now + 1_000 });
  });
});
