import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { createPrivacyErasureHandler, DEADLINE_MARGIN_MS, type PrivacyErasureEvent } from "../../lambdas/privacy-erasure/handler";
import type { PrivacyErasureTelemetry } from "../../lambdas/privacy-erasure/telemetry";
import type { ChatTarget } from "../../lambdas/shared/chat/chat-platform";
import { createAliases } from "../../lambdas/shared/store/aliases";
import { storeContext } from "../../lambdas/shared/store";
import type { Notification } from "../../lambdas/shared/notifications/model";
import { changePrivacy, type ErasureContinuation, readReceipts } from "../../lambdas/shared/privacy";
import { createDrainLeases } from "../../lambdas/shared/store/drain-leases";
import { keys } from "../../lambdas/shared/store/keys";
import { createOutbox } from "../../lambdas/shared/store/outbox";
import { scanAll } from "../../lambdas/shared/store/pages";
import { createThreadAnchors } from "../../lambdas/shared/store/thread-anchors";
import { startTable } from "../helpers/dynamo-table";
import { testLambdaContext } from "../helpers/lambda-context";
import { ADMIN, countUserData, engineFor, freshAccountId, HOME, REGIONS, seedUserData } from "../helpers/privacy-fixtures";

/**
 * Every copy of user content the opt-out reaches, in every Region (DynamoDB Local, three Regions),
 * through the deletion function's handler with the real engine: notifications waiting in the
 * outbox of a channel Slack refuses (channel_not_found: the drainer's error streak, as it saves
 * it), an alias a member typed, a thread anchor. What remains is what the README's "What is kept"
 * lists as not user data, and the receipts say what was erased and until when backups can restore it.
 */

let table: Awaited<ReturnType<typeof startTable>>;
let docs: Map<string, DynamoDBDocumentClient>;
beforeAll(async () => {
  table = await startTable([...REGIONS]);
  docs = new Map(REGIONS.map((region) => [region, table.doc(region)]));
}, 60_000);
afterAll(() => table?.stop());

const SECRET_TEXT = "PAYMENTS-DB-ROTATION-PLAN";
const TEAM = "T0HERALD1";
const refused: ChatTarget = { teamId: TEAM, channelId: "C0GONE0001", botTokenSecretName: "herald/T0HERALD1/bot-token" };
const healthy: ChatTarget = { teamId: TEAM, channelId: "C0OPS00001", botTokenSecretName: "herald/T0HERALD1/bot-token" };

function notification(title: string): Notification {
  return { kind: "text", recognized: false, title, severity: "info", summary: title, body: { text: `${title}: details` }, fields: [], lists: [], links: [], context: [] };
}

const queue = (doc: DynamoDBDocumentClient, now: number) => createOutbox(storeContext(doc, table.tableName, { now: () => now }));
const entry = (target: ChatTarget, messageId: string, title: string, when: number) => ({
  target, messageId, topicArn: "arn:aws:sns:us-east-1:111122223333:ops", snsTimestamp: new Date(when).toISOString(), notification: notification(title), configurationNames: ["ops"], loggingLevel: "INFO" as const,
});

/** A channel's drain lease as the drainer leaves it: an error streak of `failures` (Slack refusing the channel) or none. */
async function drained(doc: DynamoDBDocumentClient, target: ChatTarget, failures: number, at: number): Promise<void> {
  const leases = createDrainLeases(storeContext(doc, table.tableName));
  const lease = await leases.acquire(target, at + 10_000);
  if (!lease) throw new Error("lease expected");
  await leases.release(lease, { nextPostAt: at, blockedUntil: failures > 0 ? at + 300_000 : 0, failures });
}

/** What the forwarder leaves in a Region: its outbox items and drain leases as its own stores write them. */
async function seedRegion(doc: DynamoDBDocumentClient, at: number): Promise<void> {
  const hourAgo = at - 2 * 3_600_000;
  // Refused for hours, and one that arrived just now: both wait for a channel Slack refuses.
  await queue(doc, hourAgo).enqueue(entry(refused, "m-old-1", `${SECRET_TEXT} step 1`, hourAgo));
  await queue(doc, hourAgo).enqueue(entry(refused, "m-old-2", `${SECRET_TEXT} step 2`, hourAgo + 1));
  await queue(doc, at).enqueue(entry(refused, "m-new-3", `${SECRET_TEXT} step 3`, at));
  // A healthy channel's notification accepted a moment ago: in flight, about to be posted.
  await queue(doc, at).enqueue(entry(healthy, "m-fresh-4", "Deploy finished", at));
  await drained(doc, refused, 7, at);
  await drained(doc, healthy, 0, at);
  // A thread anchor (a conversation named by the alarm) and an alias a member typed.
  const anchors = createThreadAnchors(storeContext(doc, table.tableName));
  const anchorKey = { teamId: TEAM, channelId: healthy.channelId, threadKey: `cloudwatch-alarm:${SECRET_TEXT}` };
  const reserved = await anchors.reserve(anchorKey, "m-fresh-4");
  if (reserved.state !== "reserved") throw new Error("anchor expected");
  await anchors.complete(anchorKey, reserved.token, "1700000000.000100", at);
  await createAliases(storeContext(doc, table.tableName), { reservedNames: [] }).create({ teamId: TEAM, channelId: healthy.channelId, userId: "U0MEMBER1" }, "rotate", "lambda invoke --function-name rotate-payments-db");
}

function privacyRecord(accountId: string, version: number): DynamoDBRecord {
  const image = (v: number, share: boolean) => ({
    pk: { S: `ACCOUNT#${accountId}` }, sk: { S: "PRIVACY" }, shareUserData: { BOOL: share }, version: { N: String(v) }, floorVersion: { N: String(share ? 0 : v) },
    changedBy: { S: ADMIN }, changedAt: { S: new Date().toISOString() },
  });
  return { eventName: "INSERT", dynamodb: { NewImage: image(version, false), SequenceNumber: "1" } };
}

const quiet: PrivacyErasureTelemetry = {
  regionFinished: () => undefined, attemptFailed: () => undefined, notifyFailed: () => undefined, outboxErased: () => undefined, run: () => undefined, completed: () => undefined, overdue: () => undefined, failed: () => undefined,
};

/** The deletion function's handler with the real engine; continuations are played back as Lambda would. */
function erasureFunction(accountId: string, telemetry: PrivacyErasureTelemetry = quiet) {
  const sent: ErasureContinuation[] = [];
  const handle = createPrivacyErasureHandler({
    accountId, telemetry, overdueAfterMs: 3_600_000,
    engine: engineFor(docs, table.tableName, accountId, { recoveryWindowDays: 7, telemetry }),
    invokeSelf: async (continuation) => void sent.push(continuation),
  });
  return async (event: PrivacyErasureEvent) => {
    await handle(event, testLambdaContext({ remainingMs: DEADLINE_MARGIN_MS + 60_000 }));
    while (sent.length > 0) await handle(sent.shift() as PrivacyErasureEvent, testLambdaContext({ remainingMs: DEADLINE_MARGIN_MS + 60_000 }));
  };
}

test("an opt-out erases the notifications waiting for a refused channel in every Region; what remains is documented as not user data, and the receipts say so", async () => {
  const accountId = freshAccountId();
  const at = Date.now();
  for (const region of REGIONS) {
    await seedRegion(table.doc(region), at);
    await seedUserData(table.doc(region), table.tableName, accountId, 4);
  }
  await changePrivacy(table.doc(HOME), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins: [ADMIN] });

  await erasureFunction(accountId)({ Records: [privacyRecord(accountId, 1)] });

  const receipts = await readReceipts(table.doc(HOME), table.tableName, accountId, 1);
  expect(receipts.map(({ region, status, itemsDeleted, outboxItemsErased }) => ({ region, status, itemsDeleted, outboxItemsErased })).sort((a, b) => a.region.localeCompare(b.region))).toEqual(
    [...REGIONS].sort().map((region) => ({ region, status: "complete", itemsDeleted: 4 + 3, outboxItemsErased: 3 })),
  );
  for (const receipt of receipts) expect(Date.parse(receipt.restorableUntil ?? "")).toBe(Date.parse(receipt.endedAt ?? "") + 7 * 86_400_000);

  for (const region of REGIONS) {
    const doc = table.doc(region);
    expect(await countUserData(doc, table.tableName, accountId)).toBe(0);
    const items = await scanAll(doc, { TableName: table.tableName, ConsistentRead: true });
    // No copy of the refused channel's notifications is left anywhere in the Region's table.
    expect(items.filter((item) => JSON.stringify(item).includes(SECRET_TEXT))).toEqual([]);
    expect(items.filter((item) => item.pk === keys.outboxPartition(TEAM, refused.channelId))).toEqual([]);
    // Their delivery records say why they were never posted (a redelivered SNS message stays a duplicate).
    for (const messageId of ["m-old-1", "m-old-2", "m-new-3"]) {
      expect(items.find((item) => item.pk === keys.delivery(messageId, TEAM, refused.channelId).pk)).toMatchObject({ status: "failed", errorCode: "erased-by-opt-out" });
    }
    // Left, and listed in the README's "What is kept" as not user data: the healthy channel's notification in flight
    // (a delivery the opt-out does not cancel), the thread anchor (ids, times and a hash of the conversation's name),
    // and the alias (channel configuration a member created on purpose, removed with `alias delete`).
    expect(items.filter((item) => item.entity === "outbox").map((item) => item.messageId)).toEqual(["m-fresh-4"]);
    expect(items.filter((item) => item.entity === "thread-anchor")).toHaveLength(1);
    expect(items.filter((item) => typeof item.sk === "string" && item.sk.startsWith("ALIAS#")).map((item) => item.sk)).toEqual(["ALIAS#rotate"]);
  }
}, 120_000);

test("while sharing stays off, the scheduled check erases notifications queued since for a refused channel, in every Region", async () => {
  const accountId = freshAccountId();
  const later = `${SECRET_TEXT} queued after the erasure`;
  await changePrivacy(table.doc(HOME), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins: [ADMIN] });
  const erased: Array<[string, number]> = [];
  const run = erasureFunction(accountId, { ...quiet, outboxErased: (region, count) => void erased.push([region, count]) });
  await run({ Records: [privacyRecord(accountId, 1)] });
  expect((await readReceipts(table.doc(HOME), table.tableName, accountId, 1)).every((receipt) => receipt.status === "complete")).toBe(true);

  // Notifications keep arriving for the channel Slack refuses after the erasure said complete.
  for (const region of REGIONS) {
    const doc = table.doc(region);
    await drained(doc, refused, 3, Date.now());
    await queue(doc, Date.now()).enqueue(entry(refused, `m-later-${accountId}`, later, Date.now()));
  }
  await run({ kind: "privacy-sweep" });

  for (const region of REGIONS) {
    const items = await scanAll(table.doc(region), { TableName: table.tableName, ConsistentRead: true });
    expect(items.filter((item) => JSON.stringify(item).includes(later))).toEqual([]);
  }
  expect(erased.map(([region]) => region).sort()).toEqual([...REGIONS].sort());
}, 120_000);
