import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../../lambdas/shared/store/keys";
import { createDeliveryStore } from "../../lambdas/shared/store/deliveries";
import { startTable } from "../helpers/dynamo-table";

/** Exactly-once delivery records against DynamoDB Local: conditional writes, leases, TTL. */

let table: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  table = await startTable();
}, 60_000);
afterAll(() => table?.stop());

let n = 0;
const delivery = () => ({ messageId: `msg-${++n}`, teamId: "T1", channelId: "C1" });

describe("delivery records", () => {
  test("the first claim wins; later claims see in-progress, then already-delivered", async () => {
    const store = createDeliveryStore(table.doc(), { tableName: table.tableName });
    const key = delivery();
    const first = await store.claim(key);
    expect(first.outcome).toBe("claimed");
    expect((await store.claim(key)).outcome).toBe("in-progress");
    if (first.outcome !== "claimed") throw new Error("unreachable");
    await store.complete(key, first.token, "1700000000.000100");
    expect((await store.claim(key)).outcome).toBe("already-delivered");

    const item = (await table.doc().send(new GetCommand({ TableName: table.tableName, Key: keys.delivery(key.messageId, key.teamId, key.channelId) }))).Item;
    expect(item).toMatchObject({ status: "delivered", chatMessageId: "1700000000.000100", entity: "delivery" });
    // Kept long enough to outlast SNS and Lambda retries, then removed by TTL.
    expect(item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 13 * 86_400);
  });

  test("of many concurrent claimers exactly one gets the claim", async () => {
    const store = createDeliveryStore(table.doc(), { tableName: table.tableName });
    const key = delivery();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.claim(key)));
    expect(results.filter((r) => r.outcome === "claimed")).toHaveLength(1);
  });

  test("a released claim can be taken again (the post failed)", async () => {
    const store = createDeliveryStore(table.doc(), { tableName: table.tableName });
    const key = delivery();
    const first = await store.claim(key);
    if (first.outcome !== "claimed") throw new Error("expected a claim");
    await store.release(key, first.token);
    expect((await store.claim(key)).outcome).toBe("claimed");
  });

  test("a crashed claimer's lease runs out and a retry may claim; the old claimer can no longer complete or release", async () => {
    let now = Date.now();
    const store = createDeliveryStore(table.doc(), { tableName: table.tableName, leaseMs: 1_000, now: () => now });
    const key = delivery();
    const crashed = await store.claim(key);
    if (crashed.outcome !== "claimed") throw new Error("expected a claim");
    now += 1_500;
    const retry = await store.claim(key);
    expect(retry.outcome).toBe("claimed");
    await expect(store.complete(key, crashed.token, "x")).rejects.toThrow(/conditional/i);
    await store.release(key, crashed.token); // not theirs any more: a no-op
    if (retry.outcome !== "claimed") throw new Error("unreachable");
    await store.complete(key, retry.token, "y");
    expect((await store.claim(key)).outcome).toBe("already-delivered");
  });
});
