import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  changePrivacy,
  PrivacyNotAdminError,
  rankedSuggestions,
  readLatestErasure,
  readPrivacy,
  recentCommands,
  storeUserData,
  type UserDataInput,
} from "../../lambdas/shared/privacy";
import { keys } from "../../lambdas/shared/store/keys";
import { startTable } from "../helpers/dynamo-table";
import { ADMIN, countUserData, engineFor, freshAccountId, HOME, REGIONS, runToEnd, wrapSend } from "../helpers/privacy-fixtures";

/** The "Share user data" setting and the only path that writes user data, against DynamoDB Local (3 Regions). */

let table: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  table = await startTable([...REGIONS]);
}, 60_000);
afterAll(() => table?.stop());

const admins = [ADMIN, "W0ADMIN02"];
const input = (text: string, at: number, userId = "U0MEMBER1", channelId = "C0OPS0001"): UserDataInput => ({
  kind: "user-input", teamId: "T0HERALD1", channelId, at, data: { userId, text, source: "slash-command" },
});
const home = () => table.doc(HOME);

describe("the setting", () => {
  test("is on, at version 0, when the account has no record yet", async () => {
    const setting = await readPrivacy(home(), table.tableName, freshAccountId());
    expect(setting).toMatchObject({ shareUserData: true, version: 0, floorVersion: 0, recorded: false });
  });

  test("a non-admin is refused with a clear message, and nothing is written", async () => {
    const accountId = freshAccountId();
    const attempt = changePrivacy(home(), table.tableName, accountId, { shareUserData: false, changedBy: "U0MEMBER1", admins });
    await expect(attempt).rejects.toThrow(PrivacyNotAdminError);
    await expect(attempt).rejects.toMatchObject({ expose: true, message: expect.stringMatching(/Only Herald's admins/) });
    expect((await readPrivacy(home(), table.tableName, accountId)).recorded).toBe(false);
    expect(await readLatestErasure(home(), table.tableName, accountId)).toBeUndefined();
  });

  test("an admin's change records who and when, bumps the version and creates the request in the same write", async () => {
    const accountId = freshAccountId();
    const result = await changePrivacy(home(), table.tableName, accountId, {
      shareUserData: false, changedBy: ADMIN, admins, notify: { teamId: "T0HERALD1", channelId: "C0OPS0001" }, now: () => Date.UTC(2026, 5, 1),
    });
    expect(result).toMatchObject({ changed: true, requestId: "opt-out-v1" });
    expect(await readPrivacy(home(), table.tableName, accountId)).toMatchObject({
      shareUserData: false, version: 1, floorVersion: 1, changedBy: ADMIN, changedAt: "2026-06-01T00:00:00.000Z",
    });
    expect((await readLatestErasure(home(), table.tableName, accountId))?.request).toMatchObject({
      requestId: "opt-out-v1", status: "pending", change: { version: 1, shareUserData: false, notify: { teamId: "T0HERALD1", channelId: "C0OPS0001" } },
    });
  });

  test("asking for the value it already has changes nothing (idempotent)", async () => {
    const accountId = freshAccountId();
    expect(await changePrivacy(home(), table.tableName, accountId, { shareUserData: true, changedBy: ADMIN, admins })).toMatchObject({ changed: false, setting: { version: 0 } });
    await changePrivacy(home(), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins });
    const again = await changePrivacy(home(), table.tableName, accountId, { shareUserData: false, changedBy: "W0ADMIN02", admins });
    expect(again).toMatchObject({ changed: false, setting: { version: 1, changedBy: ADMIN } });
  });

  test("admins changing it at the same time: each change gets its own version, none is lost or doubled", async () => {
    const accountId = freshAccountId();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      changePrivacy(home(), table.tableName, accountId, { shareUserData: i % 2 === 1, changedBy: ADMIN, admins })));
    const versions = results.flatMap((r) => (r.changed ? [r.change.version] : [])).sort((a, b) => a - b);
    const final = await readPrivacy(home(), table.tableName, accountId);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    expect(final.version).toBe(versions.length);
    // Consecutive versions alternate: off, on, off… (a change is only made when the value differs).
    expect(final.shareUserData).toBe(versions.length % 2 === 0);
  });
});

describe("storing user data", () => {
  test("while sharing is on (no record: the default) it is stored with TTL and the version it was written under", async () => {
    const accountId = freshAccountId();
    const now = Date.UTC(2026, 5, 1);
    const result = await storeUserData(home(), table.tableName, accountId, input("sns list-topics", now), { retentionDays: 30, now: () => now });
    expect(result).toMatchObject({ outcome: "stored", privacyVersion: 0 });
    if (result.outcome !== "stored") throw new Error("unreachable");
    expect(result.key.sk).toMatch(/^INPUT#T0HERALD1#C0OPS0001#2026-06-01T00:00:00.000Z#/);
    const { Item } = await home().send(new GetCommand({ TableName: table.tableName, Key: result.key }));
    expect(Item).toMatchObject({ entity: "user-data", kind: "user-input", privacyVersion: 0, expiresAt: now / 1000 + 30 * 86_400, data: { text: "sns list-topics" } });
  });

  test("with sharing off nothing is stored, of any kind, and it is not an error", async () => {
    const accountId = freshAccountId();
    await changePrivacy(home(), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins });
    const items: UserDataInput[] = [
      input("sns list-topics", Date.now()),
      { kind: "notification", teamId: "T0HERALD1", channelId: "C0OPS0001", data: { messageId: "m-1", topicArn: "arn:aws:sns:us-east-1:111122223333:herald-alarms", kind: "text", severity: "info", title: "Hello", summary: "Hello", channels: ["C0OPS0001"] } },
      { kind: "response", teamId: "T0HERALD1", channelId: "C0OPS0001", data: { outcome: "succeeded", durationMs: 120 } },
      { kind: "interaction", teamId: "T0HERALD1", channelId: "C0OPS0001", data: { userId: "U0MEMBER1", action: "confirm-run", outcome: "ran", elapsedMs: 2_000 } },
    ];
    for (const item of items) expect(await storeUserData(home(), table.tableName, accountId, item)).toEqual({ outcome: "skipped-sharing-off", privacyVersion: 1 });
    expect(await countUserData(home(), table.tableName, accountId)).toBe(0);
  });

  test("another Region stores until its copy of the record says off, and nothing after", async () => {
    const accountId = freshAccountId();
    const europe = table.doc("eu-west-1");
    const { change } = (await changePrivacy(home(), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins })) as Extract<Awaited<ReturnType<typeof changePrivacy>>, { changed: true }>;
    // The engine has not reached eu-west-1 yet: its copy still says on (that item is erased below).
    expect((await storeUserData(europe, table.tableName, accountId, input("sns list-topics", Date.now()))).outcome).toBe("stored");
    const docs = new Map(REGIONS.map((region) => [region, table.doc(region)] as const));
    const engine = engineFor(docs, table.tableName, accountId);
    await runToEnd(engine, await engine.apply(change, { deadline: Date.now() + 30_000 }));
    expect((await storeUserData(europe, table.tableName, accountId, input("sns list-topics", Date.now()))).outcome).toBe("skipped-sharing-off");
    for (const region of REGIONS) expect(await countUserData(table.doc(region), table.tableName, accountId)).toBe(0);
  });

  test("text that looks like a credential is never stored, even when the caller forgot to screen it", async () => {
    const accountId = freshAccountId();
    const result = await storeUserData(home(), table.tableName, accountId, input("lambda invoke --function-name f --payload {\"token\": \"xoxb-123456789012-abcdefghijkl\"}", Date.now()));
    expect(result).toEqual({ outcome: "skipped-credential", what: "a Slack token" });
    expect(await countUserData(home(), table.tableName, accountId)).toBe(0);
  });

  test("a write whose transaction keeps being cancelled by concurrent ones is skipped, not an error", async () => {
    const accountId = freshAccountId();
    let attempts = 0;
    const busy = wrapSend(home(), (command, send) => {
      if (command.constructor.name !== "TransactWriteCommand") return send(command);
      attempts += 1;
      return Promise.reject(new TransactionCanceledException({ message: "Transaction cancelled", $metadata: {}, CancellationReasons: [{ Code: "TransactionConflict" }, { Code: "None" }] }));
    });
    expect(await storeUserData(busy, table.tableName, accountId, input("sns list-topics", Date.now()))).toEqual({ outcome: "skipped-contention" });
    expect(attempts).toBe(8);
    expect(await countUserData(home(), table.tableName, accountId)).toBe(0);
  });

  test("a write racing an opt-out either lands before it (version 0) or is skipped; never after it", async () => {
    const accountId = freshAccountId();
    const writes = Array.from({ length: 30 }, (_, i) => storeUserData(home(), table.tableName, accountId, input(`sns list-topics ${i}`, Date.now() + i)));
    const change = changePrivacy(home(), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins });
    const results = await Promise.all(writes);
    await change;
    for (const result of results) {
      if (result.outcome === "stored") expect(result.privacyVersion).toBe(0);
      else expect(result).toEqual({ outcome: "skipped-sharing-off", privacyVersion: 1 });
    }
    expect(await countUserData(home(), table.tableName, accountId, 1)).toBe(results.filter((r) => r.outcome === "stored").length);
  });
});

describe("what the data is for: history and suggestions", () => {
  test("recent commands of the channel, newest first; other channels and kinds are not mixed in", async () => {
    const accountId = freshAccountId();
    const t = Date.UTC(2026, 5, 1);
    for (const [i, text] of ["sns list-topics", "cloudwatch describe-alarms", "lambda list-functions"].entries()) {
      await storeUserData(home(), table.tableName, accountId, input(text, t + i * 1000));
    }
    await storeUserData(home(), table.tableName, accountId, input("sts get-caller-identity", t + 10_000, "U0MEMBER1", "C0DEV0001"));
    await storeUserData(home(), table.tableName, accountId, { kind: "response", teamId: "T0HERALD1", channelId: "C0OPS0001", at: t + 20_000, data: { outcome: "succeeded" } });
    const recent = await recentCommands(home(), table.tableName, accountId, "T0HERALD1", "C0OPS0001", 2);
    expect(recent.map((r) => r.text)).toEqual(["lambda list-functions", "cloudwatch describe-alarms"]);
  });

  test("suggestions are ranked by how often the channel used a command, then by how recently", async () => {
    const accountId = freshAccountId();
    const t = Date.UTC(2026, 5, 1);
    const typed = ["sns list-topics", "cloudwatch describe-alarms", "cloudwatch  describe-alarms", "sns list-topics", "cloudwatch describe-alarms", "cloudwatch get-metric-data", "sns list-subscriptions"];
    for (const [i, text] of typed.entries()) await storeUserData(home(), table.tableName, accountId, input(text, t + i * 1000));
    expect(await rankedSuggestions(home(), table.tableName, accountId, "T0HERALD1", "C0OPS0001")).toEqual([
      { command: "cloudwatch describe-alarms", uses: 3, lastUsedAt: new Date(t + 4000).toISOString() },
      { command: "sns list-topics", uses: 2, lastUsedAt: new Date(t + 3000).toISOString() },
      { command: "sns list-subscriptions", uses: 1, lastUsedAt: new Date(t + 6000).toISOString() },
      { command: "cloudwatch get-metric-data", uses: 1, lastUsedAt: new Date(t + 5000).toISOString() },
    ]);
    expect((await rankedSuggestions(home(), table.tableName, accountId, "T0HERALD1", "C0OPS0001", { prefix: "SNS", limit: 1 })).map((s) => s.command)).toEqual(["sns list-topics"]);
  });

  test("with sharing off both fall back to nothing; after opting in again, only data stored since then is used", async () => {
    const accountId = freshAccountId();
    await storeUserData(home(), table.tableName, accountId, input("sns list-topics", Date.UTC(2026, 5, 1)));
    await changePrivacy(home(), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins });
    expect(await recentCommands(home(), table.tableName, accountId, "T0HERALD1", "C0OPS0001")).toEqual([]);
    expect(await rankedSuggestions(home(), table.tableName, accountId, "T0HERALD1", "C0OPS0001")).toEqual([]);
    // Opted in again before the erasure ran: the old item still exists, but it is never shown again.
    await changePrivacy(home(), table.tableName, accountId, { shareUserData: true, changedBy: ADMIN, admins });
    await storeUserData(home(), table.tableName, accountId, input("lambda list-functions", Date.UTC(2026, 5, 2)));
    expect(await countUserData(home(), table.tableName, accountId)).toBe(2);
    expect((await recentCommands(home(), table.tableName, accountId, "T0HERALD1", "C0OPS0001")).map((r) => r.text)).toEqual(["lambda list-functions"]);
  });

  test("expired items (TTL deletes lag) are not shown", async () => {
    const accountId = freshAccountId();
    const stored = await storeUserData(home(), table.tableName, accountId, input("sns list-topics", Date.UTC(2026, 5, 1)));
    if (stored.outcome !== "stored") throw new Error("expected stored");
    const { Item } = await home().send(new GetCommand({ TableName: table.tableName, Key: stored.key }));
    await home().send(new PutCommand({ TableName: table.tableName, Item: { ...Item, expiresAt: Math.floor(Date.now() / 1000) - 60 } }));
    expect(await recentCommands(home(), table.tableName, accountId, "T0HERALD1", "C0OPS0001")).toEqual([]);
  });

  test("configurations and the privacy record are not user data: an opt-out leaves them", async () => {
    const accountId = freshAccountId();
    const config = { ...keys.channelConfig("T0HERALD1", "C0OPS0001", `cfg-${accountId}`), entity: "channel-config" };
    await home().send(new PutCommand({ TableName: table.tableName, Item: config }));
    await storeUserData(home(), table.tableName, accountId, input("sns list-topics", Date.now()));
    const result = await changePrivacy(home(), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins });
    if (!result.changed) throw new Error("expected a change");
    const docs = new Map(REGIONS.map((region) => [region, table.doc(region)] as const));
    const engine = engineFor(docs, table.tableName, accountId);
    await runToEnd(engine, await engine.apply(result.change, { deadline: Date.now() + 30_000 }));
    expect(await countUserData(home(), table.tableName, accountId)).toBe(0);
    expect((await home().send(new GetCommand({ TableName: table.tableName, Key: { pk: config.pk, sk: config.sk } }))).Item).toBeDefined();
    expect((await readPrivacy(home(), table.tableName, accountId)).recorded).toBe(true);
  });
});
