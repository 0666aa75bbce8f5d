/**
 * Threading and noise control end to end: the forwarder handler against DynamoDB Local and the
 * Slack Web API stand-in, with a config whose configurations filter and mention.
 */
import { testLambdaContext } from "../helpers/lambda-context";
import { storeContext } from "../../lambdas/shared/store/index";
import { captureLogsPerTest } from "../helpers/capture-logs";
import { DeleteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context, SNSEvent } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { createDocumentClient } from "../../lambdas/shared/aws/clients";
import { createSecretReader } from "../../lambdas/shared/aws/secrets";
import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { forwardNotification, type ForwardingTelemetry } from "../../lambdas/shared/forwarding/forward";
import { createSlackPoster } from "../../lambdas/shared/slack/poster";
import { createChannelConfigs } from "../../lambdas/shared/store/channel-configs";
import { drainChannels } from "../../lambdas/shared/forwarding/drain";
import { createDrainLeases } from "../../lambdas/shared/store/drain-leases";
import { createOutbox } from "../../lambdas/shared/store/outbox";
import { keys } from "../../lambdas/shared/store/keys";
import { createThreadAnchors } from "../../lambdas/shared/store/thread-anchors";
import { snsInputFromRecord } from "../../lambdas/forwarder/sns-input";
import { snsEventFor } from "../../local/stand-ins/sns-event";
import type { StoredMessage } from "../../local/stand-ins/slack-web-api";
import { readSnsFixture } from "../fixtures/sns/load";
import { cloudWatchAlarmMessage } from "../helpers/alarm";
import { EXAMPLE_CONFIG_PATH, type LocalServices, startLocalServices } from "../helpers/local-services";

const OPS = "C0OPS0001";
const DEV = "C0DEV0001";

/** The example config, with ops-alarms adding @here to alarms and dev-everything taking only high severity. */
function noiseControlledConfig(): HeraldConfig {
  const config = loadHeraldConfig(EXAMPLE_CONFIG_PATH);
  return {
    ...config,
    channels: config.channels.map((channel) => {
      if (channel.name === "ops-alarms") return { ...channel, mentions: { onAlarm: "here", onSeverity: "here" } };
      if (channel.name === "dev-everything") return { ...channel, filters: { minSeverity: "high" } };
      return channel;
    }),
  };
}

// DynamoDB Local warms up slowly on a busy machine; these tests make many round trips each.
jest.setTimeout(30_000);

let services: LocalServices;
let handler: (event: SNSEvent, context?: Context) => Promise<void>;
const logs = captureLogsPerTest();

beforeAll(async () => {
  services = await startLocalServices({ config: noiseControlledConfig() });
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
const topLevel = (channel: string) => postsTo(channel).filter((message) => message.threadTs === undefined);
const repliesTo = (channel: string, parent: StoredMessage) => postsTo(channel).filter((message) => message.threadTs === parent.ts);
const updatesIn = (channel: string) => services.slack.callsTo("chat.update").filter((call) => call.params.channel === channel && call.status === 200);
const header = (message: StoredMessage) => (message.blocks.find((block) => (block as { type: string }).type === "header") as { text: { text: string } }).text.text;
const smallPrint = (message: StoredMessage) => JSON.stringify(message.blocks.filter((block) => (block as { type: string }).type === "context"));

/** One alarm of its own per test, so threads never carry over between tests. */
function newAlarm() {
  const name = `checkout-5xx-${randomUUID().slice(0, 8)}`;
  const arn = `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`;
  let minute = 0;
  const change = (from: string, to: string, at?: number) => {
    const time = new Date(Date.UTC(2026, 10, 28, 12, at ?? ++minute)).toISOString().replace("Z", "+0000");
    return snsEventFor({
      topicArn: services.topicArn("alarms"),
      subject: `${to}: "${name}"`,
      message: cloudWatchAlarmMessage({ AlarmName: name, AlarmArn: arn, OldStateValue: from, NewStateValue: to, StateChangeTime: time }),
    });
  };
  /** The same alarm's state change as an EventBridge rule delivers it to the topic ("CloudWatch Alarm State Change"). */
  const event = (from: string, to: string, at?: number) => {
    const time = new Date(Date.UTC(2026, 10, 28, 12, at ?? ++minute));
    const state = (value: string, when: Date) => ({ value, reason: `${value} at ${when.toISOString()}`, timestamp: when.toISOString().replace("Z", "+0000") });
    return snsEventFor({
      topicArn: services.topicArn("alarms"),
      message: JSON.stringify({
        version: "0",
        id: randomUUID(),
        "detail-type": "CloudWatch Alarm State Change",
        source: "aws.cloudwatch",
        account: "000000000000",
        time: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
        region: "us-east-1",
        resources: [arn],
        detail: {
          alarmName: name,
          configuration: { description: "5xx rate above 1% for 5 minutes", metrics: [] },
          previousState: state(from, new Date(time.getTime() - 60_000)),
          state: state(to, time),
        },
      }),
    });
  };
  return { name, change, event };
}

describe("CloudWatch alarm lifecycles thread automatically", () => {
  test("ALARM → OK → ALARM: one parent and two replies per channel, the parent updated to the current state", async () => {
    const alarm = newAlarm();
    await handler(alarm.change("OK", "ALARM"));
    const [parent] = topLevel(OPS);
    expect(header(parent)).toBe(`🔴 ${alarm.name}`);
    expect(parent.text).toMatch(/^<!here> ALARM: /); // ops-alarms asks for @here on alarms

    await handler(alarm.change("ALARM", "OK"));
    expect(header(postsTo(OPS).find((m) => m.ts === parent.ts)!)).toBe(`✅ ${alarm.name}`);

    await handler(alarm.change("OK", "ALARM"));
    for (const channel of [OPS, DEV]) {
      expect(topLevel(channel)).toHaveLength(1);
      const [channelParent] = topLevel(channel);
      const replies = repliesTo(channel, channelParent);
      expect(replies.map((reply) => reply.text.replace(/^<!here> /, "").split(":")[0])).toEqual(["OK", "ALARM"]);
      expect(updatesIn(channel)).toHaveLength(2);
      expect(channelParent.updatedAt).toBeDefined();
      expect(header(channelParent)).toBe(`🔴 ${alarm.name}`);
      expect(smallPrint(channelParent)).toContain("Current state as of 2026-11-28 12:03:00 UTC; earlier updates are in the thread");
    }
    // The parent's update carries no mention: edits do not notify, and the reply already did.
    expect(updatesIn(OPS).every((call) => !String(call.params.text).includes("<!here>"))).toBe(true);
  });

  test("a 429 on updating the parent is honoured: the next request to the channel waits out its Retry-After", async () => {
    const alarm = newAlarm();
    await handler(alarm.change("OK", "ALARM"));
    services.slack.failNext({ status: 429, retryAfter: 3 }, { method: "chat.update", channel: OPS });
    const limitedAt = Date.now();
    await handler(alarm.change("ALARM", "OK"));
    await handler(alarm.change("OK", "ALARM"));

    const [parent] = topLevel(OPS);
    expect(repliesTo(OPS, parent).map((reply) => reply.text.replace(/^<!here> /, "").split(":")[0])).toEqual(["OK", "ALARM"]);
    // The third message waited for the window to end, and then the parent caught up with it.
    expect(repliesTo(OPS, parent)[1].postedAt - limitedAt).toBeGreaterThanOrEqual(2_900);
    expect(header(postsTo(OPS).find((m) => m.ts === parent.ts)!)).toBe(`🔴 ${alarm.name}`);
    expect(services.slack.retryAfterViolations).toEqual([]);
  });

  test("Slack answering a thread's posts after 6.5 s: the parent and the reply are each posted once, found in the channel and in the thread by their delivery ids", async () => {
    const alarm = newAlarm();
    services.slack.answerSlowly({ delayMs: 6_500 }, { method: "chat.postMessage", channel: OPS });
    await handler(alarm.change("OK", "ALARM"), testLambdaContext({ remainingMs: 30_000 }));
    await handler(alarm.change("ALARM", "OK"), testLambdaContext({ remainingMs: 30_000 }));

    const [parent, ...others] = topLevel(OPS);
    expect(others).toEqual([]);
    expect(repliesTo(OPS, parent).map((reply) => reply.text.replace(/^<!here> /, "").split(":")[0])).toEqual(["OK"]);
    expect(services.slack.callsTo("chat.postMessage").filter((call) => call.params.channel === OPS)).toHaveLength(2);
    // The parent was looked up in the channel, the reply in its thread.
    expect(services.slack.callsTo("conversations.history").some((call) => call.params.channel === OPS)).toBe(true);
    expect(services.slack.callsTo("conversations.replies").some((call) => call.params.channel === OPS && call.params.ts === parent.ts)).toBe(true);
    expect(header(postsTo(OPS).find((m) => m.ts === parent.ts)!)).toBe(`✅ ${alarm.name}`);
  }, 90_000);

  test("redeliveries of every state change post nothing and update nothing more (exactly once still holds)", async () => {
    const alarm = newAlarm();
    const events = [alarm.change("OK", "ALARM"), alarm.change("ALARM", "OK"), alarm.change("OK", "ALARM")];
    for (const event of events) await handler(event);
    const posted = services.slack.callsTo("chat.postMessage").length;
    const updated = services.slack.callsTo("chat.update").length;

    for (const event of events) await handler(structuredClone(event));
    expect(services.slack.callsTo("chat.postMessage")).toHaveLength(posted);
    expect(services.slack.callsTo("chat.update")).toHaveLength(updated);
  });

  test("a state change that arrives late replies in the thread but does not overwrite the newer parent", async () => {
    const alarm = newAlarm();
    await handler(alarm.change("OK", "ALARM", 1));
    await handler(alarm.change("OK", "ALARM", 3));
    await handler(alarm.change("ALARM", "OK", 2)); // SNS does not keep order
    const [parent] = topLevel(OPS);
    expect(repliesTo(OPS, parent)).toHaveLength(2);
    expect(updatesIn(OPS)).toHaveLength(1);
    expect(header(parent)).toBe(`🔴 ${alarm.name}`);
  });

  test("an OK with no thread open is posted on its own and opens nothing; the next ALARM opens the thread", async () => {
    const alarm = newAlarm();
    await handler(alarm.change("ALARM", "OK"));
    await handler(alarm.change("OK", "ALARM"));
    await handler(alarm.change("ALARM", "OK"));
    const [lonelyOk, parent] = topLevel(OPS);
    expect(lonelyOk.text).toMatch(/^OK: /);
    expect(lonelyOk.updatedAt).toBeUndefined();
    expect(repliesTo(OPS, lonelyOk)).toEqual([]);
    expect(repliesTo(OPS, parent).map((reply) => reply.text.split(":")[0])).toEqual(["OK"]);
    expect(header(parent)).toBe(`✅ ${alarm.name}`); // opened by the ALARM, now showing the recovery
  });

  test("a parent deleted in Slack: its update fails, the thread is dropped and the next ALARM opens a new one", async () => {
    const alarm = newAlarm();
    await handler(alarm.change("OK", "ALARM"));
    services.slack.failNext({ error: "message_not_found" }, { method: "chat.update", channel: OPS });
    await handler(alarm.change("ALARM", "OK")); // the reply is still delivered
    expect(logs.text()).toContain('"step":"parent-update"');
    await handler(alarm.change("OK", "ALARM"));
    expect(topLevel(OPS)).toHaveLength(2);
  });

  test("the message that opened a thread, redelivered after its delivery record was lost, posts nothing again", async () => {
    const alarm = newAlarm();
    const opening = alarm.change("OK", "ALARM");
    await handler(opening);
    const doc = createDocumentClient();
    const deliveryKey = keys.delivery(opening.Records[0].Sns.MessageId, "T0HERALD1", OPS);
    await doc.send(new DeleteCommand({ TableName: services.tableName, Key: deliveryKey }));

    await handler(opening);
    expect(postsTo(OPS)).toHaveLength(1);
    const { Item } = await doc.send(new GetCommand({ TableName: services.tableName, Key: deliveryKey }));
    expect(Item).toMatchObject({ status: "delivered", chatMessageId: topLevel(OPS)[0].ts });
    doc.destroy();
  });
});

describe("CloudWatch alarms through EventBridge thread as alarms by SNS do", () => {
  test("EventBridge ALARM → OK: one parent with the alarm mention, the OK replies in its thread and updates it", async () => {
    const alarm = newAlarm();
    await handler(alarm.event("OK", "ALARM"));
    const [parent] = topLevel(OPS);
    expect(header(parent)).toBe(`🔴 ${alarm.name}`);
    expect(parent.text).toMatch(/^<!here> ALARM: /); // mentions.onAlarm reacts to the EventBridge alarm too
    expect(topLevel(DEV)).toHaveLength(1); // severity high passes dev-everything's minSeverity filter

    await handler(alarm.event("ALARM", "OK"));
    for (const channel of [OPS, DEV]) {
      expect(topLevel(channel)).toHaveLength(1);
      const [channelParent] = topLevel(channel);
      expect(repliesTo(channel, channelParent).map((reply) => reply.text.split(":")[0])).toEqual(["OK"]);
      expect(updatesIn(channel)).toHaveLength(1);
      expect(header(postsTo(channel).find((m) => m.ts === channelParent.ts)!)).toBe(`✅ ${alarm.name}`);
    }
  });

  test("an SNS ALARM then the EventBridge OK of the same alarm: one thread, the OK replies and updates the SNS parent", async () => {
    const alarm = newAlarm();
    await handler(alarm.change("OK", "ALARM"));
    await handler(alarm.event("ALARM", "OK"));
    await handler(alarm.change("OK", "ALARM"));
    expect(topLevel(OPS)).toHaveLength(1);
    const [parent] = topLevel(OPS);
    expect(repliesTo(OPS, parent).map((reply) => reply.text.replace(/^<!here> /, "").split(":")[0])).toEqual(["OK", "ALARM"]);
    expect(updatesIn(OPS)).toHaveLength(2);
    expect(header(postsTo(OPS).find((m) => m.ts === parent.ts)!)).toBe(`🔴 ${alarm.name}`);
  });

  test("an EventBridge OK with no thread open is posted on its own and opens nothing", async () => {
    const alarm = newAlarm();
    await handler(alarm.event("ALARM", "OK"));
    await handler(alarm.change("OK", "ALARM"));
    const [lonelyOk, parent] = topLevel(OPS);
    expect(lonelyOk.text).toMatch(/^OK: /);
    expect(repliesTo(OPS, lonelyOk)).toEqual([]);
    expect(header(parent)).toBe(`🔴 ${alarm.name}`);
  });
});

describe("custom notifications with metadata.threadId", () => {
  const custom = (threadId: string, summary: string, description: string) =>
    snsEventFor({
      topicArn: services.topicArn("deployments"),
      message: JSON.stringify({ version: "1.0", source: "custom", content: { title: summary, description }, metadata: { threadId, summary } }),
    });

  test("one thread per threadId, with the summary shown on the parent", async () => {
    const threadId = `deploy-${randomUUID()}`;
    await handler(custom(threadId, "orders-api 2.14 deploying", "Canary at 10%"));
    await handler(custom(threadId, "orders-api 2.14 deployed", "All hosts updated"));
    await handler(custom(`other-${randomUUID()}`, "billing 7.1 deployed", "Done"));

    const [parent, other] = topLevel(OPS);
    expect(repliesTo(OPS, parent).map((reply) => reply.text)).toEqual(["orders-api 2.14 deployed"]);
    expect(JSON.stringify(parent.blocks)).toContain("*Summary*\\norders-api 2.14 deployed"); // updated to the latest summary
    expect(repliesTo(OPS, other)).toEqual([]);
    // dev-everything takes high severity only; custom notifications are info.
    expect(postsTo(DEV)).toEqual([]);
  });

  test("first messages of one thread published at once make one top-level message, never two parents; every step is shown", async () => {
    const threadId = `race-${randomUUID()}`;
    await Promise.all(Array.from({ length: 5 }, (_, index) => handler(custom(threadId, `step ${index}`, `step ${index} of 5`))));
    // One drainer per channel: the first post opens the thread (or, when all five were waiting, one digest lists them).
    expect(topLevel(OPS)).toHaveLength(1);
    const shown = JSON.stringify([topLevel(OPS)[0].blocks, ...repliesTo(OPS, topLevel(OPS)[0]).map((reply) => reply.blocks)]);
    for (let index = 0; index < 5; index++) expect(shown).toContain(`step ${index}`);
  });
});

describe("a storm inside one open thread", () => {
  test("the waiting state changes of an open alarm thread go out as one digest reply; the parent shows the newest state", async () => {
    const alarm = newAlarm();
    await handler(alarm.change("OK", "ALARM", 1));
    const [parent] = topLevel(OPS);
    const doc = createDocumentClient();
    const outbox = createOutbox(storeContext(doc, services.tableName));
    const noTelemetry: ForwardingTelemetry = { noConfiguration() {}, rendered() {}, outcome() {} };
    // Six changes queued before any drainer looks (as in a flapping alarm's burst), by one container.
    const channelConfigs = createChannelConfigs(storeContext(doc, services.tableName));
    for (let minute = 2; minute <= 7; minute++) {
      const event = alarm.change(minute % 2 === 0 ? "ALARM" : "OK", minute % 2 === 0 ? "OK" : "ALARM", minute);
      await forwardNotification(snsInputFromRecord(event.Records[0]), { channelConfigs, outbox, telemetry: noTelemetry });
    }
    const target = (channelId: string) => ({ teamId: "T0HERALD1", channelId, botTokenSecretName: services.config.workspaces[0].botTokenSecretName });
    await drainChannels([target(OPS), target(DEV)], {
      outbox,
      leases: createDrainLeases(storeContext(doc, services.tableName)),
      threads: createThreadAnchors(storeContext(doc, services.tableName)),
      chat: createSlackPoster({ readSecret: createSecretReader(), onRateLimit: "fail" }),
      telemetry: { backlog() {}, delivered() {}, rateLimited() {}, retrying() {}, channelUnreachable() {}, deliveryFailed() {} },
      deadline: () => Date.now() + 20_000,
    });

    expect(topLevel(OPS)).toHaveLength(1);
    const replies = repliesTo(OPS, parent);
    expect(replies).toHaveLength(1);
    expect(header(replies[0])).toBe("6 notifications in under 1 s (storm digest)");
    expect(header(postsTo(OPS).find((m) => m.ts === parent.ts)!)).toBe(`🔴 ${alarm.name}`); // minute 7: OK → ALARM
    expect(smallPrint(postsTo(OPS).find((m) => m.ts === parent.ts)!)).toContain("as of 2026-11-28 12:07:00 UTC");
    doc.destroy();
  });
});

describe("filters and mentions per configuration", () => {
  test("a filtered-out event posts nothing to that configuration's channel but still to the others", async () => {
    await handler(snsEventFor({ topicArn: services.topicArn("alarms"), message: "Nightly report ready" }));
    expect(postsTo(OPS)).toHaveLength(1);
    expect(postsTo(DEV)).toEqual([]);
    expect(logs.text()).toContain('"message":"Filtered out by channel configuration"');
    expect(logs.text()).toContain('"configurations":["dev-everything"]');
  });

  test("a high-severity event passes the filter; only the configuration that asks for it adds a mention", async () => {
    const finding = JSON.parse(readSnsFixture("guardduty-finding-high").message);
    finding.detail.id = randomUUID().replace(/-/g, "");
    await handler(snsEventFor({ topicArn: services.topicArn("alarms"), message: JSON.stringify(finding) }));
    expect(postsTo(DEV)).toHaveLength(1);
    // ops-alarms mentions on alarms going off, not on findings; no configuration asks for @here on severity.
    for (const channel of [OPS, DEV]) expect(postsTo(channel)[0].text).not.toContain("<!");
  });

  test("mentions never come from the forwarded text", async () => {
    const alarm = newAlarm();
    const event = alarm.change("OK", "ALARM");
    const message = JSON.parse(event.Records[0].Sns.Message);
    const shouting = snsEventFor({ topicArn: services.topicArn("alarms"), message: JSON.stringify({ ...message, AlarmDescription: "<!channel> <!everyone>" }) });
    await handler(shouting);
    const [ops] = postsTo(OPS);
    const [dev] = postsTo(DEV);
    expect(ops.text.startsWith("<!here> ")).toBe(true);
    expect(dev.text).not.toContain("<!");
    expect(JSON.stringify([ops.blocks, dev.blocks])).not.toMatch(/<!channel>|<!everyone>/);
  });
});
