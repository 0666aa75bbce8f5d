import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createHash } from "node:crypto";
import { storeContext } from "../../lambdas/shared/store";
import { keys } from "../../lambdas/shared/store/keys";
import { createSignedRequests } from "../../lambdas/shared/store/signed-requests";
import { createSlackEvents } from "../../lambdas/shared/store/slack-events";
import { startTable } from "../helpers/dynamo-table";

/** The store's records of inbound requests against DynamoDB Local: Events API deliveries and signed requests seen. */

let table: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  table = await startTable();
}, 60_000);
afterAll(() => table?.stop());

const context = (now?: () => number) => storeContext(table.doc(), table.tableName, { now });

describe("Events API deliveries", () => {
  test("the first delivery of an event id wins; Slack's retries do not", async () => {
    const dedupe = createSlackEvents(context());
    const eventId = `Ev${Date.now()}A`;
    expect(await dedupe.firstDelivery(eventId)).toBe(true);
    expect(await dedupe.firstDelivery(eventId)).toBe(false);
    expect(await dedupe.firstDelivery(`${eventId}B`)).toBe(true);
  });

  test("of concurrent deliveries exactly one is first; the record expires after an hour", async () => {
    let now = Date.now();
    const dedupe = createSlackEvents(context(() => now));
    const eventId = `Ev${now}C`;
    const results = await Promise.all(Array.from({ length: 10 }, () => dedupe.firstDelivery(eventId)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const item = (await table.doc().send(new GetCommand({ TableName: table.tableName, Key: keys.slackEvent(eventId) }))).Item;
    expect(item).toMatchObject({ entity: "slack-event", expiresAt: Math.floor(now / 1000) + 3600 });

    now += 3_600_000 + 1_000; // expired, whether or not TTL has removed it yet
    expect(await dedupe.firstDelivery(eventId)).toBe(true);
  });

  test("an empty or oversized event id is rejected", async () => {
    const dedupe = createSlackEvents(context());
    await expect(dedupe.firstDelivery("")).rejects.toThrow(RangeError);
    await expect(dedupe.firstDelivery("E".repeat(257))).rejects.toThrow(RangeError);
  });
});

describe("signed requests seen", () => {
  let n = 0;
  const digest = () => createHash("sha256").update(`request-${Date.now()}-${++n}`).digest("hex");

  test("of concurrent uses of one signature exactly one is first; the record holds the digest and times only, until it expires", async () => {
    let now = Date.now();
    const requests = createSignedRequests(context(() => now));
    const id = digest();
    const results = await Promise.all(Array.from({ length: 10 }, () => requests.firstUse(id, 900)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const item = (await table.doc().send(new GetCommand({ TableName: table.tableName, Key: keys.signedRequest(id) }))).Item;
    expect(item).toEqual({ ...keys.signedRequest(id), entity: "signed-request", receivedAt: new Date(now).toISOString(), expiresAt: Math.floor(now / 1000) + 900 });

    now += 899_000;
    expect(await requests.firstUse(id, 900)).toBe(false);
    now += 2_000; // expired, whether or not TTL has removed it yet: the signature no longer verifies by then
    expect(await requests.firstUse(id, 900)).toBe(true);
  });

  test("another signature is another request", async () => {
    const requests = createSignedRequests(context());
    expect(await requests.firstUse(digest(), 900)).toBe(true);
    expect(await requests.firstUse(digest(), 900)).toBe(true);
  });

  test("anything but a SHA-256 hex digest is rejected before a key is written", async () => {
    const requests = createSignedRequests(context());
    await expect(requests.firstUse("v0=abc", 900)).rejects.toThrow(RangeError);
    await expect(requests.firstUse("A".repeat(64), 900)).rejects.toThrow(RangeError);
  });
});
