import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Notification } from "../../lambdas/shared/notifications/model";
import { changePrivacy, keepNotification, MAX_USER_DATA_TEXT, type PostedNotification } from "../../lambdas/shared/privacy";
import { keys } from "../../lambdas/shared/store/keys";
import { startTable } from "../helpers/dynamo-table";
import { ADMIN, countUserData, engineFor, freshAccountId, HOME, REGIONS, runToEnd, wrapSend } from "../helpers/privacy-fixtures";

/** Rendered notifications as user data (keepNotification), against DynamoDB Local in 3 Regions. */

let table: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  table = await startTable([...REGIONS]);
}, 60_000);
afterAll(() => table?.stop());

const admins = [ADMIN];
const TOPIC = "arn:aws:sns:eu-west-1:111122223333:herald-alarms";

function alarm(overrides: Partial<Notification> = {}): Notification {
  return {
    kind: "cloudwatch-alarm", recognized: true, title: "ALARM: api-5xx-high", severity: "high", summary: "api-5xx-high is in ALARM (5xx above 1%)",
    eventType: "CloudWatch Alarm State Change", fields: [], lists: [], links: [], context: [], ...overrides,
  };
}

function posted(messageId: string, notification = alarm()): PostedNotification {
  return {
    messageId, topicArn: TOPIC, notification, at: Date.UTC(2026, 5, 1, 12),
    postedTo: [{ teamId: "T0HERALD1", channelId: "C0OPS0001", chatMessageId: "1700000000.000100" }, { teamId: "T0HERALD1", channelId: "C0ALL0001" }],
  };
}

async function items(region: string, accountId: string) {
  const { Items } = await table.doc(region).send(new QueryCommand({
    TableName: table.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.userDataPartition(accountId) }, ConsistentRead: true,
  }));
  return Items ?? [];
}

test("sharing on: one item per message (listing its channels), in the Region that produced it, with its metadata and the retention as TTL", async () => {
  const accountId = freshAccountId();
  const before = Math.floor(Date.now() / 1000);
  const result = await keepNotification(table.doc("eu-west-1"), table.tableName, accountId, posted("m-1"), { retentionDays: 30 });

  expect(result).toEqual({ outcome: "stored", items: 1 });
  const stored = await items("eu-west-1", accountId);
  expect(stored.map((item) => item.channelId)).toEqual(["C0OPS0001"]);
  for (const item of stored) {
    expect(item).toMatchObject({
      entity: "user-data", kind: "notification", teamId: "T0HERALD1", id: "m-1", at: "2026-06-01T12:00:00.000Z", privacyVersion: 0,
      data: { messageId: "m-1", topicArn: TOPIC, kind: "cloudwatch-alarm", eventType: "CloudWatch Alarm State Change", severity: "high", title: "ALARM: api-5xx-high", summary: "api-5xx-high is in ALARM (5xx above 1%)", channels: ["C0OPS0001", "C0ALL0001"] },
    });
    expect(item.expiresAt).toBeGreaterThanOrEqual(before + 30 * 86_400);
    expect(item.expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 30 * 86_400);
  }
  expect(stored[0].data.chatMessageIds).toEqual({ C0OPS0001: "1700000000.000100" });
  // Nowhere else: user data stays in its Region.
  for (const region of REGIONS.filter((r) => r !== "eu-west-1")) expect(await countUserData(table.doc(region), table.tableName, accountId)).toBe(0);
});

test("a redelivered message overwrites its items instead of adding; long text is cut to MAX_USER_DATA_TEXT", async () => {
  const accountId = freshAccountId();
  const long = alarm({ summary: "x".repeat(MAX_USER_DATA_TEXT + 500) });
  await keepNotification(table.doc(HOME), table.tableName, accountId, posted("m-2", long));
  await keepNotification(table.doc(HOME), table.tableName, accountId, posted("m-2", long));
  const stored = await items(HOME, accountId);
  expect(stored).toHaveLength(1);
  expect(stored[0].data.summary).toHaveLength(MAX_USER_DATA_TEXT);
  expect(stored[0].data.summary.endsWith("…")).toBe(true);
});

test("sharing off: nothing is stored, and that is an outcome, not an error", async () => {
  const accountId = freshAccountId();
  await changePrivacy(table.doc(HOME), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins });
  expect(await keepNotification(table.doc(HOME), table.tableName, accountId, posted("m-3"))).toEqual({ outcome: "skipped-sharing-off" });
  expect(await countUserData(table.doc(HOME), table.tableName, accountId)).toBe(0);
});

test("a notification whose text carries a credential is not kept; nothing posted, nothing kept", async () => {
  const accountId = freshAccountId();
  const leaky = alarm({ summary: "deploy failed: AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" });
  expect(await keepNotification(table.doc(HOME), table.tableName, accountId, posted("m-4", leaky))).toMatchObject({ outcome: "skipped-credential" });
  expect(await keepNotification(table.doc(HOME), table.tableName, accountId, { ...posted("m-5"), postedTo: [] })).toEqual({ outcome: "skipped-not-posted" });
  expect(await countUserData(table.doc(HOME), table.tableName, accountId)).toBe(0);
});

test("a table that cannot be written gives an outcome naming the error, never an exception into delivery", async () => {
  const accountId = freshAccountId();
  const broken = wrapSend(table.doc(HOME), async (command, send) => {
    if (command.constructor.name === "TransactWriteCommand") {
      const error = new Error("Throughput exceeds the current capacity of your table (injected by the test)");
      error.name = "ProvisionedThroughputExceededException";
      throw error;
    }
    return send(command);
  });
  await expect(keepNotification(broken, table.tableName, accountId, posted("m-6"))).resolves.toEqual({ outcome: "failed", error: "ProvisionedThroughputExceededException", items: 0 });
});

test("notifications kept while an opt-out races them: once the erasure is done, none remains in any Region", async () => {
  const accountId = freshAccountId();
  const docs = new Map(REGIONS.map((region) => [region, table.doc(region)] as const));
  const engine = engineFor(docs, table.tableName, accountId, { pageSize: 7 });
  let n = 0;
  let erasing = true;
  // Forwarders in every Region keep posting, before, during and after the opt-out.
  const forwarders = REGIONS.map(async (region) => {
    const outcomes: string[] = [];
    while (erasing || outcomes.length < 5) {
      outcomes.push((await keepNotification(table.doc(region), table.tableName, accountId, posted(`m-race-${region}-${n++}`))).outcome);
    }
    return outcomes;
  });
  await new Promise((resolve) => setTimeout(resolve, 150));
  const result = await changePrivacy(table.doc(HOME), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins });
  if (!result.changed) throw new Error("expected a change");
  const runs = await runToEnd(engine, await engine.apply(result.change, { deadline: Date.now() + 60_000 }));
  erasing = false;
  const outcomes = (await Promise.all(forwarders)).flat();

  expect(runs.at(-1)?.status).toBe("complete");
  expect(outcomes).toContain("stored");
  expect(outcomes).toContain("skipped-sharing-off");
  expect(outcomes).not.toContain("failed");
  for (const region of REGIONS) expect(await countUserData(table.doc(region), table.tableName, accountId)).toBe(0);
}, 60_000);
