import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { changePrivacy, createErasureNotifier, type ErasureSummary, type PrivacyChange } from "../../lambdas/shared/privacy";
import { createSlackPoster } from "../../lambdas/shared/slack/poster";
import { startSlackWebApi } from "../../local/stand-ins/slack-web-api";
import { startTable } from "../helpers/dynamo-table";
import { ADMIN, engineFor, freshAccountId, HOME, REGIONS, runToEnd, seedUserData } from "../helpers/privacy-fixtures";

/**
 * The admin's notice when an erasure is done in every Region: posted with chat.postMessage through
 * the Slack adapter to the Slack Web API stand-in (a real HTTP server), with the workspace's bot token.
 */

const BOT_TOKEN = "xoxb-test-notice-token";
let table: Awaited<ReturnType<typeof startTable>>;
let slack: Awaited<ReturnType<typeof startSlackWebApi>>;
let docs: Map<string, DynamoDBDocumentClient>;
beforeAll(async () => {
  [table, slack] = await Promise.all([startTable([...REGIONS]), startSlackWebApi({ tokens: [BOT_TOKEN] })]);
  docs = new Map(REGIONS.map((region) => [region, table.doc(region)]));
}, 60_000);
afterAll(async () => {
  await Promise.all([table?.stop(), slack?.close()]);
});
beforeEach(() => slack.api.reset());

const secretsRead: string[] = [];
const notifier = () => createErasureNotifier({
  poster: createSlackPoster({ apiUrl: slack.url, readSecret: async (name) => (secretsRead.push(name), BOT_TOKEN) }),
  botTokenSecretFor: (teamId) => (teamId === "T0HERALD1" ? "herald/T0HERALD1/bot-token" : undefined),
  timeoutMs: 5_000,
});

async function optOut(accountId: string, channelId = "C0OPS0001"): Promise<PrivacyChange> {
  const result = await changePrivacy(table.doc(HOME), table.tableName, accountId, {
    shareUserData: false, changedBy: ADMIN, admins: [ADMIN], notify: { teamId: "T0HERALD1", channelId, userId: ADMIN },
  });
  if (!result.changed) throw new Error("expected a change");
  return result.change;
}

const posts = () => slack.api.callsTo("chat.postMessage").filter((call) => call.status === 200 && !call.error);

test("when every Region is done, the admin is told in the channel where they opted out: per-Region counts, until when backups can restore it, and the request id", async () => {
  const accountId = freshAccountId();
  await seedUserData(table.doc("us-east-1"), table.tableName, accountId, 12);
  await seedUserData(table.doc("eu-west-1"), table.tableName, accountId, 5);
  const engine = engineFor(docs, table.tableName, accountId, { onComplete: notifier(), recoveryWindowDays: 7 });

  const runs = await runToEnd(engine, await engine.apply(await optOut(accountId), { deadline: Date.now() + 60_000 }));

  expect(runs.at(-1)?.status).toBe("complete");
  expect(posts()).toHaveLength(1);
  const [post] = posts();
  expect(post.token).toBe(BOT_TOKEN);
  expect(secretsRead).toContain("herald/T0HERALD1/bot-token");
  expect(post.params.channel).toBe("C0OPS0001");
  const shown = `${String(post.params.text)} ${JSON.stringify(post.params.blocks)}`;
  expect(shown).toContain("Herald erased its user data in every Region");
  expect(shown).toContain("opt-out-v1");
  expect(shown).toContain(ADMIN);
  const fields = (post.params.blocks as Array<{ fields?: Array<{ text: string }> }>).flatMap((block) => block.fields ?? []).map((field) => field.text);
  expect(fields).toEqual([
    expect.stringMatching(/^\*ap-southeast-2\*\ncomplete: 0 items deleted, \S+ → \S+; restorable from backups until \S+$/),
    expect.stringMatching(/^\*eu-west-1\*\ncomplete: 5 items deleted, /),
    expect.stringMatching(/^\*us-east-1\*\ncomplete: 12 items deleted, /),
    "*Request*\n`opt-out-v1`",
  ]);
  // Point-in-time recovery (account.recoveryWindowDays, 7 here) can restore erased items until 7 days after each Region's end.
  for (const field of fields.slice(0, 3)) {
    const [, endedAt, restorableUntil] = /→ (\S+); restorable from backups until (\S+)$/.exec(field) ?? [];
    expect(Date.parse(restorableUntil) - Date.parse(endedAt)).toBe(7 * 86_400_000);
  }
  expect(shown).toMatch(/Point-in-time recovery keeps restorable copies of the erased data until \d{4}-\d\d-\d\dT[\d:.]+Z; none after that/);
  // Counts and ids only: nothing the members typed.
  expect(shown).not.toMatch(/describe-alarms|U0MEMBER1/);
}, 60_000);

test("a notice Slack refuses is retried by the sweep, and completion seen again (sweeps, concurrent ones included) never posts twice", async () => {
  const accountId = freshAccountId();
  await seedUserData(table.doc("us-east-1"), table.tableName, accountId, 3);
  const failures: string[] = [];
  const engine = engineFor(docs, table.tableName, accountId, { onComplete: notifier(), telemetry: { notifyFailed: (requestId) => void failures.push(requestId) } });
  // Slack is down for this channel for three posts. A post whose outcome is uncertain (a 5xx) is
  // never repeated blindly inside one attempt, so each try costs one of them: the sweeps go on trying.
  slack.api.failNext({ status: 503 }, { method: "chat.postMessage", channel: "C0DEV0001" }, 3);

  const runs = await runToEnd(engine, await engine.apply(await optOut(accountId, "C0DEV0001"), { deadline: Date.now() + 60_000 }));
  expect(runs.at(-1)?.status).toBe("complete");
  expect(failures).toEqual(["opt-out-v1"]);
  expect(posts()).toHaveLength(0);

  // Two sweeps at once (say, a slow one and the next): one of them tells the admin.
  const sweep = () => engine.sweep({ deadline: Date.now() + 10_000, overdueAfterMs: 3_600_000 });
  await Promise.all([sweep(), sweep()]);
  // Until Slack takes it (at most one try per sweep for the failures left), then once more: still one post.
  for (let i = 0; i < 5 && posts().length === 0; i++) await sweep();
  await Promise.all([sweep(), sweep()]);
  expect(posts()).toHaveLength(1);
  expect(posts()[0].params.channel).toBe("C0DEV0001");
}, 60_000);

test("an opt-in is not announced (it stores new data only), and a workspace without a configured bot token is a reported failure", async () => {
  const accountId = freshAccountId();
  const summary: ErasureSummary = {
    accountId, requestId: "opt-out-v1", version: 1, shareUserData: false, status: "complete", requestedBy: ADMIN, requestedAt: "2026-06-01T00:00:00.000Z",
    completedAt: "2026-06-01T00:01:00.000Z", notify: { teamId: "T0OTHER01", channelId: "C0OPS0001" }, regions: [], itemsDeleted: 0,
  };
  await expect(notifier()(summary)).rejects.toThrow("No bot token is configured for workspace T0OTHER01");
  await notifier()({ ...summary, requestId: "opt-in-v2", version: 2, shareUserData: true, notify: { teamId: "T0HERALD1", channelId: "C0OPS0001" } });
  expect(slack.api.callsTo("chat.postMessage")).toHaveLength(0);
});
