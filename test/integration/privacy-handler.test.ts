import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { createPrivacyErasureHandler, DEADLINE_MARGIN_MS, type PrivacyErasureEvent } from "../../lambdas/privacy-erasure/handler";
import type { PrivacyErasureTelemetry } from "../../lambdas/privacy-erasure/telemetry";
import { changePrivacy, type ErasureContinuation, readReceipts } from "../../lambdas/shared/privacy";
import { startTable } from "../helpers/dynamo-table";
import { testLambdaContext } from "../helpers/lambda-context";
import { ADMIN, countUserData, engineFor, freshAccountId, HOME, REGIONS, seedUserData } from "../helpers/privacy-fixtures";

/**
 * The deletion function's routing (stream records, its own continuations, the scheduled sweep) with
 * the real engine on DynamoDB Local. The Lambda Invoke of the continuation is the one stand-in: the
 * test plays Lambda and invokes the handler again with what it would have sent.
 */

let table: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  table = await startTable([...REGIONS]);
}, 60_000);
afterAll(() => table?.stop());

function recorder() {
  const events: Array<[string, unknown]> = [];
  const telemetry: PrivacyErasureTelemetry = {
    regionFinished: (outcome) => void events.push(["regionFinished", outcome]),
    attemptFailed: (failure) => void events.push(["attemptFailed", failure]),
    notifyFailed: (requestId) => void events.push(["notifyFailed", requestId]),
    outboxErased: (region, count) => void events.push(["outboxErased", [region, count]]),
    run: (run) => void events.push(["run", run.status]),
    completed: (summary) => void events.push(["completed", summary.requestId]),
    overdue: (count) => void events.push(["overdue", count]),
    failed: (what) => void events.push(["failed", what]),
  };
  return { events, telemetry };
}

/** A stream record of the privacy record as DynamoDB Streams delivers it (NEW_AND_OLD_IMAGES). */
function privacyRecord(accountId: string, sequence: string, version: number, shareUserData: boolean, oldVersion?: number): DynamoDBRecord {
  const image = (v: number, share: boolean) => ({
    pk: { S: `ACCOUNT#${accountId}` }, sk: { S: "PRIVACY" }, entity: { S: "privacy" }, shareUserData: { BOOL: share }, version: { N: String(v) },
    floorVersion: { N: String(share ? 0 : v) }, changedBy: { S: ADMIN }, changedAt: { S: "2026-06-01T00:00:00.000Z" },
  });
  return {
    eventName: oldVersion === undefined ? "INSERT" : "MODIFY",
    dynamodb: {
      Keys: { pk: { S: `ACCOUNT#${accountId}` }, sk: { S: "PRIVACY" } },
      NewImage: image(version, shareUserData),
      ...(oldVersion === undefined ? {} : { OldImage: image(oldVersion, !shareUserData) }),
      SequenceNumber: sequence,
    },
  };
}

test("a stream record of an opt-out starts the erasure; continuations carry it to the end in new invocations", async () => {
  const accountId = freshAccountId();
  for (const region of REGIONS) await seedUserData(table.doc(region), table.tableName, accountId, 25);
  await changePrivacy(table.doc(HOME), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins: [ADMIN] });
  const docs = new Map(REGIONS.map((region) => [region, table.doc(region)] as const));
  const sent: ErasureContinuation[] = [];
  const { events, telemetry } = recorder();
  const handle = createPrivacyErasureHandler({
    accountId, telemetry, overdueAfterMs: 3_600_000,
    engine: engineFor(docs, table.tableName, accountId, { pageSize: 10, telemetry }),
    invokeSelf: async (continuation) => void sent.push(JSON.parse(JSON.stringify(continuation))),
  });

  // A deadline already reached: each invocation does one page per Region and hands over.
  expect(await handle({ Records: [privacyRecord(accountId, "100", 1, false)] }, testLambdaContext({ remainingMs: DEADLINE_MARGIN_MS }))).toEqual({ batchItemFailures: [] });
  expect(sent).toHaveLength(1);
  while (sent.length > 0) await handle(sent.shift() as PrivacyErasureEvent, testLambdaContext({ remainingMs: DEADLINE_MARGIN_MS }));

  for (const region of REGIONS) expect(await countUserData(table.doc(region), table.tableName, accountId)).toBe(0);
  expect((await readReceipts(table.doc(HOME), table.tableName, accountId, 1)).map((r) => [r.region, r.status, r.itemsDeleted]).sort()).toEqual([
    ["ap-southeast-2", "complete", 25], ["eu-west-1", "complete", 25], ["us-east-1", "complete", 25],
  ]);
  expect(events.filter(([name]) => name === "regionFinished")).toHaveLength(3);
  expect(events.filter(([name]) => name === "run").map(([, status]) => status)).toEqual(["continue", "continue", "complete"]);
});

test("records that are not a privacy change are ignored: other accounts, other items, updates that keep the version", async () => {
  const accountId = freshAccountId();
  const applied: unknown[] = [];
  const { telemetry } = recorder();
  const handle = createPrivacyErasureHandler({
    accountId, telemetry, overdueAfterMs: 3_600_000, invokeSelf: async () => undefined,
    engine: { apply: async (change) => (applied.push(change), { status: "complete", requestId: "x" }), resume: async () => ({ status: "busy", requestId: "x" }), sweep: async () => ({ overdue: [], runs: [] }) },
  });
  const sameVersion = privacyRecord(accountId, "1", 3, false, 3);
  const otherAccount = privacyRecord("999999999999", "2", 1, false);
  const removed: DynamoDBRecord = { ...privacyRecord(accountId, "3", 4, false, 3), eventName: "REMOVE" };
  const otherItem: DynamoDBRecord = { eventName: "INSERT", dynamodb: { NewImage: { pk: { S: "TOPIC#arn" }, sk: { S: "CONFIG#x" } }, SequenceNumber: "4" } };
  await handle({ Records: [sameVersion, otherAccount, removed, otherItem] }, testLambdaContext({ remainingMs: DEADLINE_MARGIN_MS + 10_000 }));
  expect(applied).toEqual([]);
  await handle({ Records: [privacyRecord(accountId, "5", 4, true, 3)] }, testLambdaContext({ remainingMs: DEADLINE_MARGIN_MS + 10_000 }));
  expect(applied).toEqual([{ accountId, version: 4, shareUserData: true, floorVersion: 0, changedBy: ADMIN, changedAt: "2026-06-01T00:00:00.000Z" }]);
});

test("a record that cannot be started is reported as the batch item failure, with the records after it left for the retry", async () => {
  const accountId = freshAccountId();
  const { events, telemetry } = recorder();
  let calls = 0;
  const handle = createPrivacyErasureHandler({
    accountId, telemetry, overdueAfterMs: 3_600_000, invokeSelf: async () => undefined,
    engine: {
      apply: async () => {
        calls += 1;
        if (calls === 2) throw Object.assign(new Error("home table unreachable"), { name: "TimeoutError" });
        return { status: "complete", requestId: "x" };
      },
      resume: async () => ({ status: "busy", requestId: "x" }),
      sweep: async () => ({ overdue: [], runs: [] }),
    },
  });
  const event: DynamoDBStreamEvent = { Records: [privacyRecord(accountId, "10", 1, false), privacyRecord(accountId, "11", 2, true, 1), privacyRecord(accountId, "12", 3, false, 2)] };
  expect(await handle(event, testLambdaContext({ remainingMs: DEADLINE_MARGIN_MS + 10_000 }))).toEqual({ batchItemFailures: [{ itemIdentifier: "11" }] });
  expect(calls).toBe(2);
  expect(events).toContainEqual(["failed", "Could not start the privacy change"]);
});

test("the scheduled sweep reports overdue requests and restarts the ones nobody works on", async () => {
  const accountId = freshAccountId();
  await seedUserData(table.doc("eu-west-1"), table.tableName, accountId, 5);
  await changePrivacy(table.doc(HOME), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins: [ADMIN] });
  const docs = new Map(REGIONS.map((region) => [region, table.doc(region)] as const));
  const { events, telemetry } = recorder();
  const handle = createPrivacyErasureHandler({
    accountId, telemetry, overdueAfterMs: -1, invokeSelf: async () => undefined,
    engine: engineFor(docs, table.tableName, accountId),
  });
  await handle({ kind: "privacy-sweep" }, testLambdaContext({ remainingMs: DEADLINE_MARGIN_MS + 10_000 }));
  expect(events).toContainEqual(["overdue", 1]);
  expect(events).toContainEqual(["run", "complete"]);
  expect(await countUserData(table.doc("eu-west-1"), table.tableName, accountId)).toBe(0);
  await handle({ kind: "privacy-sweep" }, testLambdaContext({ remainingMs: DEADLINE_MARGIN_MS + 10_000 }));
  expect(events.at(-1)).toEqual(["overdue", 0]);
});
