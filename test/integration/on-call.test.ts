/**
 * On-call end to end: alarms through the real forwarder handler (DynamoDB Local, the Slack Web API
 * stand-in), clicks on their buttons as signed Slack interactions through the real command handler
 * and worker domain, the scheduled check with an injected clock, and the privacy erasure.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, SNSEvent } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { createCommandHandler } from "../../lambdas/command/handler";
import { createForwarderHandler } from "../../lambdas/forwarder/handler";
import { scheduledSweepEvent } from "../../lambdas/forwarder/scheduled";
import { createForwarderTelemetry } from "../../lambdas/forwarder/telemetry";
import { createDocumentClient } from "../../lambdas/shared/aws/clients";
import { createCommandUserData } from "../../lambdas/shared/commands/command-user-data";
import type { CommandJob } from "../../lambdas/shared/commands/job";
import { createPrivacyCommands } from "../../lambdas/shared/commands/privacy-commands";
import { runCommandJob } from "../../lambdas/shared/commands/run-command";
import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { createOnCallForwarding } from "../../lambdas/shared/oncall/forwarding";
import { createOnCallRegions } from "../../lambdas/shared/oncall/regions";
import { runOnCallTimers } from "../../lambdas/shared/oncall/timers";
import { changePrivacy } from "../../lambdas/shared/privacy";
import { signSlackRequest } from "../../lambdas/shared/slack/signature";
import { createSlackOnCallChat } from "../../lambdas/shared/slack/on-call-chat";
import { createSlackPoster } from "../../lambdas/shared/slack/poster";
import { createSlackReplier } from "../../lambdas/shared/slack/replies";
import { createHeraldStore, storeContext } from "../../lambdas/shared/store/index";
import { keys } from "../../lambdas/shared/store/keys";
import { createOnCallStore } from "../../lambdas/shared/store/on-call";
import type { StoredMessage } from "../../local/stand-ins/slack-web-api";
import { snsEventFor } from "../../local/stand-ins/sns-event";
import { apiGatewayProxyEvent } from "../../local/runtime/slack/api-gateway-event";
import { cloudWatchAlarmMessage } from "../helpers/alarm";
import { captureLogsPerTest } from "../helpers/capture-logs";
import { testLambdaContext } from "../helpers/lambda-context";
import { BOT_TOKEN, EXAMPLE_CONFIG_PATH, type LocalServices, SIGNING_SECRET, startLocalServices, TEST_ACCOUNT } from "../helpers/local-services";
import { engineFor, REGIONS, runToEnd } from "../helpers/privacy-fixtures";
import { startSlackWithResponses } from "../helpers/slack-with-responses";
import { LocalOpenAlarms } from "../../local/runtime/open-alarms";

jest.setTimeout(60_000);

const TEAM = "T0HERALD1";
const OPS = "C0OPS0001";
const DEV = "C0DEV0001";
const ADMIN = "U0ADMIN01";
const ALICE = "U0ALICE01";
const LEAD = "U0LEAD001";

/** ops-alarms escalates to a user group after 5 minutes, then DMs the lead after 15; dev-everything lets only admins snooze. */
function onCallConfig(): HeraldConfig {
  const config = loadHeraldConfig(EXAMPLE_CONFIG_PATH);
  return {
    ...config,
    channels: config.channels.map((channel) => {
      if (channel.name === "ops-alarms") return { ...channel, onCall: { snoozeBy: "members", escalation: { steps: [{ afterMinutes: 5, userGroup: "S0ONCALL1" }, { afterMinutes: 15, members: [LEAD] }] } } };
      if (channel.name === "dev-everything") return { ...channel, onCall: { snoozeBy: "admins" } };
      return channel;
    }),
  };
}

let services: LocalServices;
let slack: Awaited<ReturnType<typeof startSlackWithResponses>>;
let forwarder: (event: SNSEvent | ReturnType<typeof scheduledSweepEvent>, context: Context) => Promise<void>;
let commandHandler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
/** The injected clock of everything on-call (the drainer keeps real time: it paces real posts). */
let now = Date.UTC(2026, 11, 2, 12, 0);
const clock = () => now;
let responseCounter = 0;
captureLogsPerTest();

beforeAll(async () => {
  services = await startLocalServices({ config: onCallConfig() });
  slack = await startSlackWithResponses([BOT_TOKEN]);
  const doc = createDocumentClient();
  const tableName = services.tableName;
  const store = createHeraldStore(doc, tableName);
  const onCallStore = createOnCallStore(storeContext(doc, tableName, { now: clock }));
  const readSecret = async () => BOT_TOKEN;
  const onCallChat = createSlackOnCallChat({ readSecret, apiUrl: slack.apiUrl });
  const logger = new Logger({ serviceName: "herald-test" });
  forwarder = createForwarderHandler({
    store,
    chat: createSlackPoster({ readSecret, apiUrl: slack.apiUrl, onRateLimit: "fail" }),
    telemetry: createForwarderTelemetry(logger, new Metrics({ namespace: "Herald", serviceName: "herald-test" })),
    userData: { accountId: TEST_ACCOUNT, retentionDays: 90 },
    onCall: {
      forwarding: createOnCallForwarding({ store: onCallStore, configs: store.channelConfigs, accountId: TEST_ACCOUNT, now: clock }),
      runTimers: () => runOnCallTimers({ store: onCallStore, configs: store.channelConfigs, chat: onCallChat, now: clock }),
    },
  });
  const config = services.config;
  // The worker's domain as lambdas/command-worker/index.ts wires it; AWS calls are never reached by these requests.
  const workerPorts = {
    configs: store.channelConfigs,
    aliases: store.aliases,
    confirmations: store.confirmations,
    guardrails: undefined as never,
    roleSessions: undefined as never,
    catalogue: undefined as never,
    chat: createSlackReplier({ readSecret, extraResponseOrigin: slack.apiUrl }),
    privacy: createPrivacyCommands({ doc, tableName, accountId: TEST_ACCOUNT, admins: config.account.admins }),
    userData: createCommandUserData({ doc, tableName, accountId: TEST_ACCOUNT, retentionDays: 90 }),
    audit: () => undefined,
    now: clock,
    onCall: {
      regions: createOnCallRegions({ homeRegion: "us-east-1", regions: ["us-east-1"], docFor: () => doc, tableName, accountId: TEST_ACCOUNT, retentionDays: 90, now: clock }),
      chat: onCallChat,
      admins: config.account.admins,
      accountId: TEST_ACCOUNT,
    },
  };
  const settings = { scope: { partition: "aws", accountId: TEST_ACCOUNT, defaultRegion: "us-east-1" }, heraldResourcePatterns: [] };
  commandHandler = createCommandHandler({
    signingSecrets: async () => new Map([[TEAM, SIGNING_SECRET]]),
    signedRequests: store.signedRequests,
    slackEvents: store.slackEvents,
    quickAnswer: async () => undefined,
    // The worker runs the job before the endpoint answers, so a test reads its effects at once.
    dispatch: async (job: CommandJob) => runCommandJob(job, workerPorts, settings, { requestId: randomUUID(), deadline: Date.now() + 60_000 }),
    audit: () => undefined,
    logger,
    now: () => Date.now(),
  });
}, 90_000);

afterAll(async () => {
  await slack?.close();
  await services?.stop();
});

beforeEach(() => {
  slack.api.reset();
  now = Date.UTC(2026, 11, 2, 12, 0);
});

const context = () => testLambdaContext({ remainingMs: 30_000 });
const postsTo = (channel: string) => slack.api.channelMessages(channel);
const parentsIn = (channel: string) => postsTo(channel).filter((message) => message.threadTs === undefined);
const repliesTo = (channel: string, parent: StoredMessage) => postsTo(channel).filter((message) => message.threadTs === parent.ts);
const textOf = (message: StoredMessage) => `${message.text} ${JSON.stringify(message.blocks)}`;
const buttonsOf = (message: StoredMessage) => message.blocks
  .filter((block) => (block as { type: string }).type === "actions")
  .flatMap((block) => (block as { elements: Array<{ action_id: string; value?: string }> }).elements)
  .filter((element) => element.action_id.startsWith("herald-oncall-"));

function newAlarm() {
  const name = `orders-5xx-${randomUUID().slice(0, 8)}`;
  const arn = `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`;
  const change = (from: string, to: string) => snsEventFor({
    topicArn: services.topicArn("alarms"),
    subject: `${to}: "${name}"`,
    message: cloudWatchAlarmMessage({ AlarmName: name, AlarmArn: arn, OldStateValue: from, NewStateValue: to, StateChangeTime: new Date(now).toISOString().replace("Z", "+0000") }),
  });
  return { name, key: `cloudwatch-alarm:${arn}`, change };
}

/** A click on a button of `message` exactly as Slack sends it: form-encoded payload, signed, through API Gateway. */
async function click(message: StoredMessage, actionId: string, user: string, channel = message.channel, options: { secret?: string; team?: string } = {}) {
  const button = buttonsOf(message).find((candidate) => candidate.action_id === actionId);
  if (button === undefined) throw new Error(`no button ${actionId} on the message`);
  const responseId = `r${++responseCounter}`;
  const payload = {
    type: "block_actions", team: { id: options.team ?? TEAM }, user: { id: user }, channel: { id: channel }, response_url: slack.responseUrl(responseId),
    message: { ts: message.ts, ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }), text: message.text, blocks: message.blocks },
    actions: [{ action_id: actionId, value: button.value, type: "button" }],
  };
  const response = await signed("/slack/interactions", new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), options.secret);
  return { response, answers: slack.responses.filter((r) => r.id === responseId).map((r) => r.body) };
}

async function slash(text: string, user: string, channel = OPS) {
  const responseId = `r${++responseCounter}`;
  const body = new URLSearchParams({
    token: "ignored", team_id: TEAM, team_domain: "herald", channel_id: channel, channel_name: "ops", user_id: user, user_name: "member", command: "/aws", text,
    response_url: slack.responseUrl(responseId), trigger_id: "1.2.3",
  }).toString();
  await signed("/slack/commands", body);
  return slack.responses.filter((r) => r.id === responseId).map((r) => `${String(r.body.text)} ${JSON.stringify(r.body.blocks)}`).join("\n");
}

async function signed(path: string, body: string, secret = SIGNING_SECRET, timestamp = String(Math.floor(Date.now() / 1000))) {
  const bytes = Buffer.from(body, "utf8");
  const event = apiGatewayProxyEvent(
    {
      method: "POST", path, query: new URLSearchParams(), body: bytes, sourceIp: "127.0.0.1",
      rawHeaders: ["Content-Type", "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp", timestamp, "X-Slack-Signature", signSlackRequest(secret, timestamp, bytes)],
    },
    { region: "us-east-1", accountId: TEST_ACCOUNT, binaryMediaTypes: [] },
  );
  return commandHandler(event, testLambdaContext({ functionName: "herald-command" }));
}

/** The ALARM's parent in a channel, posted by the forwarder. */
async function fire(alarm: ReturnType<typeof newAlarm>, channel = OPS): Promise<StoredMessage> {
  await forwarder(alarm.change("OK", "ALARM"), context());
  const parent = parentsIn(channel).find((message) => message.text.includes(alarm.name));
  if (parent === undefined) throw new Error(`no parent for ${alarm.name} in ${channel}`);
  return parent;
}

const tick = () => forwarder(scheduledSweepEvent(new Date(now)), context());
const current = (message: StoredMessage) => postsTo(message.channel).find((candidate) => candidate.ts === message.ts) ?? message;

describe("acknowledge and resolve", () => {
  test("an ALARM's parent carries Acknowledge and Snooze; a click shows who took it on the parent, and the OK shows how long it took", async () => {
    const alarm = newAlarm();
    const parent = await fire(alarm);
    expect(buttonsOf(parent).map((button) => button.action_id)).toEqual(["herald-oncall-acknowledge", "herald-oncall-snooze-1h", "herald-oncall-snooze-4h", "herald-oncall-snooze-24h"]);

    now += 3 * 60_000;
    const { response } = await click(parent, "herald-oncall-acknowledge", ALICE);
    expect(response.statusCode).toBe(200);
    const acknowledged = current(parent);
    expect(textOf(acknowledged)).toContain(`Acknowledged by <@${ALICE}> at 12:03 UTC`);
    expect(buttonsOf(acknowledged).map((button) => button.action_id)).not.toContain("herald-oncall-acknowledge");
    expect(repliesTo(OPS, parent).map((reply) => reply.text).join("\n")).toContain(`<@${ALICE}> acknowledged this alarm at 12:03 UTC`);
    expect(await slash("alarms open", ALICE)).toMatch(new RegExp(`${alarm.name}.*acknowledged by ${ALICE} at 12:03 UTC`));

    now += 9 * 60_000;
    await forwarder(alarm.change("ALARM", "OK"), context());
    const resolved = current(parent);
    expect(textOf(resolved)).toContain("Resolved after 12 min");
    expect(textOf(resolved)).toContain(`Acknowledged by <@${ALICE}> at 12:03 UTC`);
    expect(buttonsOf(resolved)).toEqual([]);
    expect(await slash("alarms open", ALICE)).not.toContain(alarm.name);
  });

  test("a second Acknowledge is told who took it, and changes nothing", async () => {
    const parent = await fire(newAlarm());
    await click(parent, "herald-oncall-acknowledge", ALICE);
    const updates = slack.api.callsTo("chat.update").length;
    const { answers, response } = await click(parent, "herald-oncall-acknowledge", ADMIN);
    expect(response.statusCode).toBe(200);
    expect(JSON.stringify(answers)).toContain(`Already acknowledged`);
    expect(JSON.stringify(answers)).toContain(ALICE);
    expect(answers[0]).toMatchObject({ response_type: "ephemeral" });
    expect(slack.api.callsTo("chat.update").length).toBe(updates);
  });

  test("a click signed with another secret, or replayed, does nothing", async () => {
    const parent = await fire(newAlarm());
    const forged = await click(parent, "herald-oncall-acknowledge", ALICE, OPS, { secret: "not-the-signing-secret" });
    expect(forged.response.statusCode).toBe(401);
    expect(textOf(current(parent))).not.toContain("Acknowledged by");

    const payload = new URLSearchParams({ payload: JSON.stringify({ type: "block_actions", team: { id: TEAM }, user: { id: ALICE }, channel: { id: OPS }, response_url: slack.responseUrl("replay"), message: { ts: parent.ts, text: parent.text, blocks: parent.blocks }, actions: [{ action_id: "herald-oncall-snooze-1h", value: buttonsOf(parent)[1].value }] }) }).toString();
    const timestamp = String(Math.floor(Date.now() / 1000));
    expect((await signed("/slack/interactions", payload, SIGNING_SECRET, timestamp)).statusCode).toBe(200);
    expect((await signed("/slack/interactions", payload, SIGNING_SECRET, timestamp)).statusCode).toBe(409);
    expect(repliesTo(OPS, parent).filter((reply) => reply.text.includes("snoozed"))).toHaveLength(1);
  });
});

describe("herald status (the local runtime's watch)", () => {
  test("lists open alarms with who acknowledged them, and drops them when they resolve", async () => {
    const alarm = newAlarm();
    const parent = await fire(alarm);
    now += 60_000;
    await click(parent, "herald-oncall-acknowledge", ALICE);
    const watch = LocalOpenAlarms.start({ config: services.config, accountId: TEST_ACCOUNT, regions: new Map([["us-east-1", createDocumentClient()]]), tableName: services.tableName, pollMs: 100 });
    try {
      const listed = async () => {
        for (let attempt = 0; attempt < 50; attempt++) {
          const found = watch.snapshot().find((open) => open.title === alarm.name);
          if (found !== undefined) return found;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return undefined;
      };
      expect(await listed()).toMatchObject({ channelId: OPS, region: "us-east-1", acknowledgedBy: ALICE, acknowledgedAt: now });
      await forwarder(alarm.change("ALARM", "OK"), context());
      for (let attempt = 0; attempt < 50 && watch.snapshot().some((open) => open.title === alarm.name); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(watch.snapshot().map((open) => open.title)).not.toContain(alarm.name);
    } finally {
      await watch.stop();
    }
  });
});

describe("snooze", () => {
  test("a snooze mutes the alarm in that channel only, counts what it muted, and posts the count when it ends", async () => {
    const alarm = newAlarm();
    const parent = await fire(alarm);
    await click(parent, "herald-oncall-snooze-1h", ALICE);
    expect(repliesTo(OPS, parent).map((reply) => reply.text).join("\n")).toMatch(new RegExp(`<@${ALICE}> snoozed .*for 1 h, until 13:00 UTC`));

    const before = postsTo(OPS).length;
    now += 10 * 60_000;
    const ok = alarm.change("ALARM", "OK");
    await forwarder(ok, context());
    await forwarder(ok, context()); // SNS redelivers: counted once
    now += 10 * 60_000;
    await forwarder(alarm.change("OK", "ALARM"), context());
    expect(postsTo(OPS)).toHaveLength(before);
    // The other channel subscribed to the same topic still gets them.
    expect(postsTo(DEV).filter((message) => message.text.includes(alarm.name)).length).toBeGreaterThanOrEqual(3);

    expect(await slash("snoozes", ADMIN)).toMatch(/2 muted/);
    now += 41 * 60_000;
    await tick();
    const summary = repliesTo(OPS, parent).map((reply) => reply.text).join("\n");
    expect(summary).toContain("ended at 13:01 UTC: 2 notifications were muted");
    await tick();
    expect(repliesTo(OPS, parent).filter((reply) => reply.text.includes("ended at"))).toHaveLength(1);
    await forwarder(alarm.change("ALARM", "OK"), context());
    expect(postsTo(OPS).length).toBeGreaterThan(before);
  });

  test("a member whose channel lets only admins snooze is told why; admins list and lift snoozes, members may not", async () => {
    const alarm = newAlarm();
    const parent = await fire(alarm, DEV);
    const refused = await click(parent, "herald-oncall-snooze-4h", ALICE);
    expect(JSON.stringify(refused.answers)).toContain("Only Herald's admins can snooze notifications in this channel");
    expect(repliesTo(DEV, parent).filter((reply) => reply.text.includes("snoozed"))).toHaveLength(0);

    await click(parent, "herald-oncall-snooze-4h", ADMIN);
    expect(await slash("snoozes", ALICE, DEV)).toContain("Only Herald's admins");
    const listed = await slash("snoozes", ADMIN, DEV);
    const id = /([0-9a-f]{8}) · /.exec(listed)?.[1];
    expect(id).toBeDefined();
    expect(await slash(`snooze lift ${String(id)}`, ALICE, DEV)).toContain("Only Herald's admins");
    expect(await slash(`snooze lift ${String(id)}`, ADMIN, DEV)).toContain("Snooze lifted");
    expect(repliesTo(DEV, parent).map((reply) => reply.text).join("\n")).toContain(`<@${ADMIN}> lifted the snooze`);
    expect(await slash("snoozes", ADMIN, DEV)).toContain("Nothing is snoozed");
  });
});

describe("escalation (injected clock)", () => {
  test("an unacknowledged ALARM mentions each step's target once, when it is due; an acknowledgement stops the rest", async () => {
    const parent = await fire(newAlarm());
    const mentions = () => repliesTo(OPS, parent).map((reply) => reply.text).filter((text) => text.startsWith("📣"));

    now += 4 * 60_000;
    await tick();
    expect(mentions()).toEqual([]);
    now += 60_000;
    await tick();
    await tick();
    expect(mentions()).toHaveLength(1);
    expect(mentions()[0]).toContain("<!subteam^S0ONCALL1>");
    expect(mentions()[0]).toContain("(escalation step 1 of 2)");

    now += 10 * 60_000;
    await tick();
    expect(mentions()).toHaveLength(2);
    expect(mentions()[1]).toContain(`<@${LEAD}>`);
    expect(slack.api.channelMessages(LEAD).map((message) => message.text).join("\n")).toContain("has been in ALARM for 15 min");
  });

  test("acknowledged before the first step: nobody is mentioned", async () => {
    const parent = await fire(newAlarm());
    now += 2 * 60_000;
    await click(parent, "herald-oncall-acknowledge", ALICE);
    now += 30 * 60_000;
    await tick();
    expect(repliesTo(OPS, parent).filter((reply) => reply.text.startsWith("📣"))).toEqual([]);
  });

  test("an OK before the first step stops the escalation", async () => {
    const alarm = newAlarm();
    const parent = await fire(alarm);
    now += 60_000;
    await forwarder(alarm.change("ALARM", "OK"), context());
    now += 30 * 60_000;
    await tick();
    expect(repliesTo(OPS, parent).filter((reply) => reply.text.startsWith("📣"))).toEqual([]);
  });
});

describe("privacy", () => {
  test("who acknowledged and who snoozed are user data: erased on opt-out, while the lifecycle keeps no member id", async () => {
    const alarm = newAlarm();
    const parent = await fire(alarm);
    const acted = [parent.ts];
    await click(parent, "herald-oncall-acknowledge", ALICE);
    await click(parent, "herald-oncall-snooze-1h", ALICE);
    const doc = createDocumentClient();
    const interactions = async () => ((await doc.send(new QueryCommand({
      TableName: services.tableName, KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": keys.userDataPartition(TEST_ACCOUNT), ":prefix": `INTERACTION#${TEAM}#${OPS}#` },
    }))).Items ?? []).filter((item) => acted.includes(String((item.data as { chatMessageId?: unknown }).chatMessageId)));
    expect((await interactions()).map((item) => (item.data as { userId: string }).userId)).toEqual([ALICE, ALICE]);
    const onCallItems = (await doc.send(new QueryCommand({ TableName: services.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.onCallPartition(TEAM, OPS) } }))).Items ?? [];
    expect(JSON.stringify(onCallItems)).not.toContain(ALICE);

    const change = await changePrivacy(doc, services.tableName, TEST_ACCOUNT, { shareUserData: false, changedBy: ADMIN, admins: [ADMIN] });
    if (!change.changed) throw new Error("sharing was already off");
    const engine = engineFor(new Map(REGIONS.map((region) => [region, createDocumentClient(region)])), services.tableName, TEST_ACCOUNT);
    expect((await runToEnd(engine, await engine.apply(change.change, { deadline: Date.now() + 60_000 }))).at(-1)?.status).toBe("complete");
    expect(await interactions()).toEqual([]);
    // Still acknowledged, without saying by whom.
    expect(await slash("alarms open", ADMIN)).toMatch(new RegExp(`${alarm.name}.*acknowledged at`));

    // Sharing off: a new acknowledgement is shown in Slack and kept as state, but who did it is not stored.
    const other = await fire(newAlarm());
    acted.push(other.ts);
    await click(other, "herald-oncall-acknowledge", ALICE);
    expect(textOf(current(other))).toContain(`Acknowledged by <@${ALICE}>`);
    expect(await interactions()).toEqual([]);
    await changePrivacy(doc, services.tableName, TEST_ACCOUNT, { shareUserData: true, changedBy: ADMIN, admins: [ADMIN] });
  });
});
