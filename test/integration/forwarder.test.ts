import { testLambdaContext } from "../helpers/lambda-context";
import { storeContext } from "../../lambdas/shared/store/index";
import type { Context, SNSEvent } from "aws-lambda";
import { createDocumentClient } from "../../lambdas/shared/aws/clients";
import { forwardNotification, type ForwardingTelemetry } from "../../lambdas/shared/forwarding/forward";
import * as renderModule from "../../lambdas/shared/notifications/render";
import type { KeepTelemetry } from "../../lambdas/shared/forwarding/keep-as-user-data";
import { createChannelConfigs } from "../../lambdas/shared/store/channel-configs";
import { changePrivacy } from "../../lambdas/shared/privacy";
import { keys } from "../../lambdas/shared/store/keys";
import { createOutbox } from "../../lambdas/shared/store/outbox";
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { snsInputFromRecord } from "../../lambdas/forwarder/sns-input";
import { snsEventFor } from "../../local/stand-ins/sns-event";
import { readSnsFixture } from "../fixtures/sns/load";
import { cloudWatchAlarmMessage } from "../helpers/alarm";
import { captureLogsPerTest } from "../helpers/capture-logs";
import { BOT_TOKEN, type LocalServices, startLocalServices, TEST_ACCOUNT } from "../helpers/local-services";

/**
 * The forwarder handler end to end against DynamoDB Local, the Slack Web API stand-in and the
 * Secrets Manager stand-in: the same handler module that runs in Lambda.
 */

let services: LocalServices;
let handler: (event: SNSEvent, context?: Context) => Promise<void>;
const logs = captureLogsPerTest(); // everything the handler logged

beforeAll(async () => {
  services = await startLocalServices();
  // The handler reads its environment at module load, as in Lambda: import after the services are up.
  const forwarder = await import("../../lambdas/forwarder/index");
  // Lambda always passes a context; tests that do not care about the time left get one with 30 s.
  handler = (event, context = testLambdaContext({ remainingMs: 30_000 })) => forwarder.handler(event, context);
}, 60_000);

afterAll(async () => {
  await services?.stop();
});

beforeEach(() => {
  services.slack.reset();
});

const postsTo = (channel: string) => services.slack.channelMessages(channel);

describe("forwarder: SNS → Slack", () => {
  test("a published alarm reaches every subscribed channel exactly once", async () => {
    await handler(snsEventFor({ topicArn: services.topicArn("alarms"), message: cloudWatchAlarmMessage(), subject: "ALARM: api-5xx-high" }));

    // "alarms" is subscribed by ops-alarms (C0OPS0001) and dev-everything (C0DEV0001).
    expect(postsTo("C0OPS0001")).toHaveLength(1);
    expect(postsTo("C0DEV0001")).toHaveLength(1);
    const [post] = postsTo("C0OPS0001");
    expect(post.text).toContain("api-5xx-high");
    expect(post.blocks.length).toBeGreaterThan(0);
    expect(services.slack.callsTo("chat.postMessage").every((call) => call.token === BOT_TOKEN)).toBe(true);
  });

  test("several configurations naming the same channel and topic still post once to it", async () => {
    const { config } = services;
    // ops-alarms and dev-everything both take "alarms"; ops-deployments and dev-everything both take
    // "deployments" — and ops-alarms / ops-deployments share channel C0OPS0001.
    await handler(snsEventFor({ topicArn: services.topicArn("deployments"), message: "Deploy 42 finished" }));
    expect(postsTo("C0OPS0001")).toHaveLength(1);
    expect(postsTo("C0DEV0001")).toHaveLength(1);
    expect(config.channels.filter((c) => c.channelId === "C0OPS0001")).toHaveLength(2);
  });

  test("a redelivered SNS message posts nothing new", async () => {
    const event = snsEventFor({ topicArn: services.topicArn("alarms"), message: cloudWatchAlarmMessage() });
    await handler(event);
    await handler(event);
    await handler(structuredClone(event));
    expect(services.slack.callsTo("chat.postMessage")).toHaveLength(2);
  });

  test("concurrent deliveries of the same message post once per channel", async () => {
    const event = snsEventFor({ topicArn: services.topicArn("alarms"), message: "concurrent" });
    // One queues it, the others find it queued; one drainer per channel posts it.
    await Promise.all([handler(event), handler(event), handler(event)]);
    await handler(event);
    expect(postsTo("C0OPS0001")).toHaveLength(1);
    expect(postsTo("C0DEV0001")).toHaveLength(1);
  });

  test("429 with Retry-After: waits the full window, then delivers once", async () => {
    services.slack.failNext({ status: 429, retryAfter: 1 }, { method: "chat.postMessage", channel: "C0OPS0001" });
    await handler(snsEventFor({ topicArn: services.topicArn("alarms"), message: cloudWatchAlarmMessage() }));

    const calls = services.slack.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0OPS0001");
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(1000);
    expect(postsTo("C0OPS0001")).toHaveLength(1);
  });

  test("a 500 from Slack is retried and delivers once", async () => {
    services.slack.failNext({ status: 500 }, { method: "chat.postMessage", channel: "C0DEV0001" });
    await handler(snsEventFor({ topicArn: services.topicArn("alarms"), message: "retry me" }));
    expect(services.slack.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0DEV0001").map((c) => c.status)).toEqual([500, 200]);
    expect(postsTo("C0DEV0001")).toHaveLength(1);
  });

  test("a channel Slack refuses keeps its notification queued (no failed invocation, no retry storm); other channels get theirs", async () => {
    const event = snsEventFor({ topicArn: services.topicArn("alarms"), message: cloudWatchAlarmMessage() });
    services.slack.failNext({ error: "channel_not_found" }, { channel: "C0DEV0001" });

    await handler(event); // queued durably: nothing for Lambda to retry
    expect(postsTo("C0OPS0001")).toHaveLength(1);
    expect(postsTo("C0DEV0001")).toHaveLength(0);
    expect(logs.text()).toContain('"code":"channel_not_found"');
    expect(logs.text()).toContain("Slack refuses the channel; its backlog is kept");
    const doc = createDocumentClient();
    const waiting = await doc.send(new QueryCommand({ TableName: services.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.outboxPartition("T0HERALD1", "C0DEV0001") }, ConsistentRead: true }));
    expect(waiting.Items?.map((item) => item.messageId)).toEqual([event.Records[0].Sns.MessageId]);
    const lease = await doc.send(new GetCommand({ TableName: services.tableName, Key: keys.drainLease("T0HERALD1", "C0DEV0001") }));
    expect(lease.Item?.blockedUntil).toBeGreaterThan(Date.now() + 4 * 60_000); // backs off for minutes, not seconds

    // A redelivery queues nothing more and posts nothing while the channel is backed off.
    await handler(event);
    expect(postsTo("C0DEV0001")).toHaveLength(0);
    expect(services.slack.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0DEV0001")).toHaveLength(1);
    // (The backoff ending and a later drainer delivering it: test/integration/storm.test.ts.)
    await clearBackoff(doc, "C0DEV0001", waiting.Items ?? []);
    doc.destroy();
  });

  test("Slack control sequences in an alarm description are escaped: nobody is pinged, no link is forged", async () => {
    const message = cloudWatchAlarmMessage({ AlarmDescription: "<!channel> wake up <@U999> see <https://evil.example|the runbook> & more" });
    await handler(snsEventFor({ topicArn: services.topicArn("alarms"), message }));
    const [call] = services.slack.callsTo("chat.postMessage");
    const wire = JSON.stringify(call.params);
    expect(wire).not.toMatch(/<!channel>|<@U999>|<https:\/\/evil/);
    expect(wire).toContain("&lt;!channel&gt;");
    expect(wire).toContain("&amp; more");
  });

  test("bidi controls and zero-width characters in an alarm's name and description never reach Slack (no spoofed names); emoji sequences stay whole", async () => {
    const hidden = ["\u202E", "\u202A", "\u202C", "\u2066", "\u2067", "\u2068", "\u2069", "\u200B", "\u200C", "\u200E", "\u200F", "\u061C", "\u2060", "\uFEFF"];
    // Shown as "prod-db-ok" in Slack were the override kept; really an alarm about prod-db.
    const name = `prod-db-\u202Ekcolb\u202C\u200B-high\u2066\u2069\u2060\uFEFF`;
    const message = cloudWatchAlarmMessage({ AlarmName: name, AlarmDescription: `db\u200Ehost\u200F \u2067down\u2069 \u061C👩🏽\u200D💻 on call\u200C\u2068` });
    await handler(snsEventFor({ topicArn: services.topicArn("alarms"), message, subject: `ALARM: "${name}"` }));
    const [post] = postsTo("C0OPS0001");
    const wire = JSON.stringify(post.blocks) + post.text;
    expect(hidden.filter((character) => wire.includes(character))).toEqual([]);
    // The \u200D is escaped as is in JSON; search the decoded text for the zero-width joiner outside the emoji.
    expect(wire.replaceAll("👩🏽\u200D💻", "")).not.toContain("\u200D");
    expect(wire).toContain("prod-db-kcolb-high");
    expect(wire).toContain("dbhost down");
    expect(wire).toContain("👩🏽\u200D💻 on call");
  });

  test("plain text and unknown JSON are delivered, not dropped", async () => {
    await handler(snsEventFor({ topicArn: services.topicArn("deployments"), message: "just some text" }));
    await handler(snsEventFor({ topicArn: services.topicArn("deployments"), message: JSON.stringify({ build: 42, status: "green", nested: { a: 1 } }) }));
    const texts = postsTo("C0DEV0001").map((m) => JSON.stringify(m.blocks));
    expect(texts[0]).toContain("just some text");
    expect(texts[1]).toContain("green");
  });

  test("an EventBridge alarm event (AWS's documented example) is posted as an alarm, and SSM compliance and Incident Manager events by their own renderers", async () => {
    const publish = (fixture: string) => handler(snsEventFor({ topicArn: services.topicArn("alarms"), message: readSnsFixture(fixture).message }));
    await publish("eventbridge-alarm-metric");
    await publish("ssm-compliance-patch-noncompliant");
    await publish("incident-manager-incident-started");
    const posts = postsTo("C0OPS0001");
    expect(posts.map((post) => post.text)).toEqual([
      'ALARM: "ServerCpuTooHigh" in US East (N. Virginia)',
      "Managed node i-01234567890abcdef is non-compliant (Patch)",
      "Checkout error rate above 5% started",
    ]);
    expect(JSON.stringify(posts[0].blocks)).toContain("Via EventBridge");
    // dev-everything subscribes to "alarms" too.
    expect(postsTo("C0DEV0001")).toHaveLength(3);
  });

  test("a topic no configuration subscribes to posts nothing and does not fail", async () => {
    await handler(snsEventFor({ topicArn: services.topicArn("unknown-topic"), message: "hello" }));
    expect(services.slack.calls).toHaveLength(0);
  });

  test("logs at INFO carry ids and outcomes, never message bodies or the bot token", async () => {
    const marker = "BODY-MARKER-7f3a";
    await handler(snsEventFor({ topicArn: services.topicArn("alarms"), message: cloudWatchAlarmMessage({ AlarmDescription: marker }) }));
    const output = logs.text();
    expect(output).toContain('"message":"Delivered"');
    expect(output).not.toContain(marker);
    expect(output).not.toContain(BOT_TOKEN);
  });

  test("the forwarded event is read-only: the handler never alters it", async () => {
    const event = snsEventFor({ topicArn: services.topicArn("alarms"), message: cloudWatchAlarmMessage(), subject: "ALARM", messageAttributes: { severity: { type: "String", value: "high" } } });
    const before = structuredClone(event);
    deepFreeze(event);
    await handler(event);
    expect(event).toEqual(before);
    expect(postsTo("C0OPS0001")).toHaveLength(1);
  });
});

describe("forwarder: read-only forwarding", () => {
  test("every value of the original SNS record reaches the renderer unchanged", async () => {
    const event = snsEventFor({
      topicArn: services.topicArn("alarms"),
      message: cloudWatchAlarmMessage({ AlarmDescription: "  spaces, unicode ✓, \\ and \"quotes\"  " }),
      subject: "ALARM: \"api-5xx-high\" in US East",
      messageAttributes: { team: { type: "String", value: "platform" }, ids: { type: "String.Array", value: "[\"a\",\"b\"]" } },
    });
    const original = structuredClone(event.Records[0].Sns);
    const doc = createDocumentClient();
    const store = storeContext(doc, services.tableName);
    const outbox = createOutbox(store);
    const render = jest.spyOn(renderModule, "renderNotification");
    const kept: Array<{ messageId: string; outcome: string }> = [];
    const telemetry: ForwardingTelemetry & KeepTelemetry = {
      noConfiguration() {}, rendered() {}, outcome() {},
      kept: (input, result) => void kept.push({ messageId: input.messageId, outcome: result.outcome }),
    };

    await forwardNotification(snsInputFromRecord(deepFreeze(event).Records[0]), {
      channelConfigs: createChannelConfigs(store),
      outbox,
      telemetry,
      userData: { store, accountId: TEST_ACCOUNT, retentionDays: 1 },
    });

    expect(render).toHaveBeenCalledTimes(1); // rendered once, whatever the number of channels
    const seen = render.mock.calls.map(([input]) => input);
    render.mockRestore();
    expect(seen[0]).toEqual({
      messageId: original.MessageId,
      topicArn: original.TopicArn,
      subject: original.Subject,
      message: original.Message,
      timestamp: original.Timestamp,
      messageAttributes: { team: { type: "String", value: "platform" }, ids: { type: "String.Array", value: '["a","b"]' } },
    });
    expect(seen[0].message).toBe(original.Message); // byte for byte, not re-serialised
    // The rendered notification is kept once: one item for the message, listing the channels it is going to.
    expect(kept).toEqual([{ messageId: original.MessageId, outcome: "stored" }]);
    const { Items } = await doc.send(new QueryCommand({
      TableName: services.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.userDataPartition(TEST_ACCOUNT) }, ConsistentRead: true,
    }));
    const items = (Items ?? []).filter((item) => item.kind === "notification" && item.id === original.MessageId);
    expect(items).toHaveLength(1);
    expect([...items[0].data.channels].sort()).toEqual(["C0DEV0001", "C0OPS0001"]);
    // Queued, not posted (nothing drained here): taken out again so later tests start from empty channels.
    for (const channelId of ["C0OPS0001", "C0DEV0001"]) {
      await outbox.settle(await outbox.oldest({ teamId: "T0HERALD1", channelId, botTokenSecretName: "unused" }, 10), "delivered", {});
    }
    doc.destroy();
  });
});

describe("forwarder: exactly once when Slack is slow to answer", () => {
  // The stand-in posts at once and answers late, as a slow Slack does: a blind retry would post again.
  const delivered = (channel: string, ids: readonly string[]) => {
    const wires = postsTo(channel).map((message) => JSON.stringify(message.blocks) + message.text);
    return ids.map((each) => wires.filter((wire) => wire.includes(each)).length);
  };

  test("Slack answering after 6.5 s (past the 5 s request timeout): each of several notifications is posted exactly once, found by its delivery id instead of posted again", async () => {
    services.slack.answerSlowly({ delayMs: 6_500 }, { method: "chat.postMessage" });
    const ids = ["slow-one", "slow-two", "slow-three"];
    const events = ids.map((each) => snsEventFor({ topicArn: services.topicArn("alarms"), message: `${each} happened` }));
    for (const event of events) await handler(event, testLambdaContext({ remainingMs: 20_000 }));

    expect(delivered("C0OPS0001", ids)).toEqual([1, 1, 1]);
    expect(delivered("C0DEV0001", ids)).toEqual([1, 1, 1]);
    // One request per post, none repeated; each looked up by the metadata it carries.
    expect(services.slack.callsTo("chat.postMessage")).toHaveLength(6);
    expect(services.slack.callsTo("conversations.history").length).toBeGreaterThanOrEqual(6);
    expect(postsTo("C0OPS0001").map((message) => message.metadata)).toEqual(events.map((event) => ({ event_type: "herald_delivery", event_payload: { delivery_id: event.Records[0].Sns.MessageId } })));
  }, 120_000);

  test("Slack dripping its answer for longer than the invocation has: posted once and recorded as delivered within the invocation (nothing left queued to post again)", async () => {
    services.slack.answerSlowly({ dripMs: 20_000 }, { method: "chat.postMessage" });
    const started = Date.now();
    const event = snsEventFor({ topicArn: services.topicArn("alarms"), message: "dripping happened" });
    await handler(event, testLambdaContext({ remainingMs: 15_000 }));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(delivered("C0OPS0001", ["dripping"])).toEqual([1]);
    expect(delivered("C0DEV0001", ["dripping"])).toEqual([1]);
    expect(services.slack.callsTo("chat.postMessage")).toHaveLength(2);
    const doc = createDocumentClient();
    for (const channelId of ["C0OPS0001", "C0DEV0001"]) {
      const { Item } = await doc.send(new GetCommand({ TableName: services.tableName, Key: keys.delivery(event.Records[0].Sns.MessageId, "T0HERALD1", channelId), ConsistentRead: true }));
      expect(Item).toMatchObject({ status: "delivered", chatMessageId: postsTo(channelId)[0].ts });
    }
    doc.destroy();
  }, 60_000);
});

describe("forwarder: time budget", () => {
  test("a Retry-After longer than the invocation has left: the invocation ends at once, the message stays queued, no second request", async () => {
    services.slack.failNext({ status: 429, retryAfter: 60 }, { method: "chat.postMessage", channel: "C0OPS0001" });
    const context = testLambdaContext({ remainingMs: 10_000 });
    const started = Date.now();
    const event = snsEventFor({ topicArn: services.topicArn("alarms"), message: "hurry" });
    await handler(event, context);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(services.slack.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0OPS0001")).toHaveLength(1);
    const doc = createDocumentClient();
    const lease = await doc.send(new GetCommand({ TableName: services.tableName, Key: keys.drainLease("T0HERALD1", "C0OPS0001") }));
    expect(lease.Item?.blockedUntil).toBeGreaterThanOrEqual(started + 60_000); // persisted for whoever drains next
    const waiting = await doc.send(new QueryCommand({ TableName: services.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.outboxPartition("T0HERALD1", "C0OPS0001") }, ConsistentRead: true }));
    expect(waiting.Items?.map((item) => item.messageId)).toEqual([event.Records[0].Sns.MessageId]);
    await clearBackoff(doc, "C0OPS0001", waiting.Items ?? []);
    doc.destroy();
  });
});

/** Ends a channel's backoff and empties its outbox, so later tests start from a quiet channel. */
async function clearBackoff(doc: ReturnType<typeof createDocumentClient>, channelId: string, items: Record<string, unknown>[]) {
  for (const item of items) await doc.send(new DeleteCommand({ TableName: services.tableName, Key: { pk: item.pk, sk: item.sk } }));
  await doc.send(new UpdateCommand({ TableName: services.tableName, Key: keys.drainLease("T0HERALD1", channelId), UpdateExpression: "SET blockedUntil = :zero", ExpressionAttributeValues: { ":zero": 0 } }));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe("forwarder: notifications kept as user data (privacy)", () => {
  const userData = async () => {
    const { Items } = await createDocumentClient(services.config.account.homeRegion).send(new QueryCommand({
      TableName: services.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.userDataPartition(TEST_ACCOUNT) }, ConsistentRead: true,
    }));
    return (Items ?? []).filter((item) => item.kind === "notification");
  };
  const admin = () => services.config.account.admins[0];

  test("while sharing is on, a forwarded notification is kept once (one item listing its channels) with its metadata; once an admin opts out, nothing new is kept", async () => {
    const on = snsEventFor({ topicArn: services.topicArn("alarms"), message: cloudWatchAlarmMessage(), subject: "ALARM: api-5xx-high" });
    const messageId = on.Records[0].Sns.MessageId;
    await handler(on);
    const kept = (await userData()).filter((item) => item.id === messageId);
    expect(kept).toHaveLength(1);
    expect([...kept[0].data.channels].sort()).toEqual(["C0DEV0001", "C0OPS0001"]);
    expect(kept[0]).toMatchObject({ data: { messageId, topicArn: services.topicArn("alarms"), kind: "cloudwatch-alarm", severity: expect.any(String) } });
    expect(kept[0].expiresAt).toBeGreaterThan(Date.now() / 1000 + 89 * 86_400);

    await changePrivacy(createDocumentClient(services.config.account.homeRegion), services.tableName, TEST_ACCOUNT, { shareUserData: false, changedBy: admin(), admins: [admin()] });
    try {
      const off = snsEventFor({ topicArn: services.topicArn("alarms"), message: "after the opt-out" });
      await handler(off);
      // Still delivered: keeping is never a reason to hold a message back.
      expect(services.slack.channelMessages("C0OPS0001").some((post) => post.text.includes("after the opt-out"))).toBe(true);
      expect((await userData()).filter((item) => item.id === off.Records[0].Sns.MessageId)).toEqual([]);
    } finally {
      await changePrivacy(createDocumentClient(services.config.account.homeRegion), services.tableName, TEST_ACCOUNT, { shareUserData: true, changedBy: admin(), admins: [admin()] });
    }
  });
});
