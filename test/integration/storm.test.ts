/**
 * Storm control end to end: the forwarder handler against DynamoDB Local and the Slack Web API
 * stand-in enforcing Slack's pace (1 message per second per channel, 429 + Retry-After beyond it).
 * Invocations run in-process and concurrently, as SNS invokes Lambda, each with its own short
 * deadline so several invocations take over a channel's backlog in turn; a sweep tick stands in for
 * the EventBridge schedule.
 */
import { storeContext } from "../../lambdas/shared/store/index";
import type { Context, SNSEvent } from "aws-lambda";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { setTimeout as sleep } from "node:timers/promises";
import { createDocumentClient } from "../../lambdas/shared/aws/clients";
import { createSecretReader } from "../../lambdas/shared/aws/secrets";
import type { ChatPoster, ChatTarget } from "../../lambdas/shared/chat/chat-platform";
import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { type DrainDependencies, type DrainTelemetry, drainChannel, sweepChannels } from "../../lambdas/shared/forwarding/drain";
import { storedNotification } from "../../lambdas/shared/forwarding/stored-notification";
import { renderNotification } from "../../lambdas/shared/notifications/render";
import { createSlackPoster } from "../../lambdas/shared/slack/poster";
import { createDrainLeases } from "../../lambdas/shared/store/drain-leases";
import { keys } from "../../lambdas/shared/store/keys";
import { createOutbox } from "../../lambdas/shared/store/outbox";
import { scheduledSweepEvent } from "../../lambdas/forwarder/scheduled";
import { snsEventFor } from "../../local/stand-ins/sns-event";
import type { StoredMessage } from "../../local/stand-ins/slack-web-api";
import { captureLogsPerTest } from "../helpers/capture-logs";
import { EXAMPLE_CONFIG_PATH, type LocalServices, startLocalServices } from "../helpers/local-services";

const A = "C0STORMA1"; // the storm
const B = "C0QUIETB1"; // a trickle, at the same time
const TEAM = "T0HERALD1";

function stormConfig(): HeraldConfig {
  const config = loadHeraldConfig(EXAMPLE_CONFIG_PATH);
  const base = config.channels[0];
  return {
    ...config,
    account: { ...config.account, regions: [config.account.homeRegion] },
    channels: [
      { ...base, name: "storm-a", channelId: A, topics: ["alarms"], loggingLevel: "ERROR" },
      { ...base, name: "quiet-b", channelId: B, topics: ["deployments"], loggingLevel: "ERROR" },
    ],
  };
}

type Handler = (event: SNSEvent | ReturnType<typeof scheduledSweepEvent>, context?: Context) => Promise<void>;
let services: LocalServices;
/** The storm's invocations, and everything else (the trickle, the sweep): see loadEnvironment. */
let stormEnvironments: Handler[];
let handler: Handler;
// A storm takes about a minute against the stand-in's real 1 msg/s; DynamoDB Local is slow on a busy machine.
jest.setTimeout(180_000);
captureLogsPerTest(); // a storm logs a lot; kept out of the test output

beforeAll(async () => {
  services = await startLocalServices({ config: stormConfig(), slack: { rateLimit: { perSecond: 1, burst: 1 } } });
  stormEnvironments = Array.from({ length: 4 }, loadEnvironment);
  handler = loadEnvironment();
}, 60_000);

/**
 * One Lambda execution environment: the handler module loaded afresh, with its own clients and
 * connections. In AWS each concurrent invocation has an environment of its own; pushing all 1,000
 * through one module would queue the other channel's requests behind the storm's in one HTTP
 * connection pool, a bottleneck Lambda does not have. A few environments share the storm here.
 */
function loadEnvironment(): Handler {
  let loaded: Handler | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = (require("../../lambdas/forwarder/index") as { handler: Handler }).handler;
  });
  return loaded!;
}

afterAll(async () => {
  await services?.stop();
});

/** A Lambda context whose invocation ends `ms` from now. */
const contextFor = (ms: number) => {
  const endsAt = Date.now() + ms;
  return { getRemainingTimeInMillis: () => endsAt - Date.now() } as Context;
};
const id = (channel: "A" | "B", n: number) => `storm-${channel}-${String(n).padStart(4, "0")}`;
const publish = (topic: "alarms" | "deployments", subject: string) => snsEventFor({ topicArn: services.topicArn(topic), subject, message: `${subject} happened` });
const wire = (message: StoredMessage) => JSON.stringify(message.blocks) + message.text;
const isDigest = (message: StoredMessage) => message.text.includes("(storm digest)");
const target = (channelId: string): ChatTarget => ({ teamId: TEAM, channelId, botTokenSecretName: services.config.workspaces[0].botTokenSecretName });

/** How many times each id appears in the channel's messages (alone or listed in a digest). */
function appearances(channel: string, ids: readonly string[]): Map<string, number> {
  const texts = services.slack.channelMessages(channel).map(wire);
  return new Map(ids.map((each) => [each, texts.filter((text) => text.includes(each)).length]));
}

async function waitFor(condition: () => Promise<boolean> | boolean, budgetMs: number, everyMs = 250): Promise<void> {
  const giveUpAt = Date.now() + budgetMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`not reached within ${budgetMs} ms`);
    await sleep(everyMs);
  }
}

describe("a storm: 1,000 notifications to one channel within 10 s, and a trickle to another", () => {
  test("every notification is accounted for, the other channel is not held up, no request lands in a Retry-After window, and single messages resume", async () => {
    const doc = createDocumentClient();
    const outbox = createOutbox(storeContext(doc, services.tableName));
    const invocations: Promise<void>[] = [];
    const invoke = (event: SNSEvent, environment = handler) => invocations.push(environment(event, contextFor(15_000)));
    const published = new Map<string, number>();

    // The sweep, as the EventBridge schedule would run it (every 2 s here instead of every minute).
    let sweeping = true;
    const sweeps = (async () => {
      while (sweeping) {
        await handler(scheduledSweepEvent(), contextFor(15_000));
        await sleep(2_000);
      }
    })();

    // Trickle: one to B every second, for the whole storm and after it.
    let trickling = true;
    const trickle = (async () => {
      for (let n = 1; trickling; n++) {
        published.set(id("B", n), Date.now());
        invoke(publish("deployments", id("B", n)));
        await sleep(1_000);
      }
    })();

    // The storm: 1,000 to A in 10 s, in bursts of 10 every 100 ms; Slack throws in one extra 429 midway.
    const stormMessageIds: string[] = [];
    const stormStartedAt = Date.now();
    for (let n = 1; n <= 1_000; n++) {
      const event = publish("alarms", id("A", n));
      stormMessageIds.push(event.Records[0].Sns.MessageId);
      invoke(event, stormEnvironments[n % stormEnvironments.length]);
      if (n === 500) services.slack.failNext({ status: 429, retryAfter: 2 }, { method: "chat.postMessage", channel: A });
      if (n % 10 === 0) await sleep(100);
    }
    const stormIds = Array.from({ length: 1_000 }, (_, i) => id("A", i + 1));

    await waitFor(async () => !(await outbox.hasItems(target(A))) && [...appearances(A, stormIds).values()].every((count) => count > 0), 90_000, 500);

    // After the storm: single messages again.
    const after = [1_001, 1_002, 1_003].map((n) => id("A", n));
    for (const each of after) {
      invoke(publish("alarms", each), stormEnvironments[0]);
      await sleep(1_500);
    }
    // B's trickle goes on a little longer, so its last messages all come after the storm (on a busy
    // machine B can fall a few behind during it, and then a short digest is right).
    await sleep(5_000);
    trickling = false;
    await trickle;
    await Promise.all(invocations);
    await waitFor(async () => !(await outbox.hasItems(target(A))) && !(await outbox.hasItems(target(B))), 20_000);
    sweeping = false;
    await sweeps;

    const aMessages = services.slack.channelMessages(A);
    // Every notification appears exactly once, alone or listed in a digest.
    const counts = appearances(A, [...stormIds, ...after]);
    expect([...counts.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    // Digests kept the channel readable: a few dozen messages instead of a thousand.
    expect(aMessages.filter(isDigest).length).toBeGreaterThan(5);
    expect(aMessages.length).toBeLessThan(100);
    // Single messages resumed once the backlog was gone.
    for (const each of after) {
      const carrying = aMessages.filter((message) => wire(message).includes(each));
      expect(carrying.map(isDigest)).toEqual([false]);
    }

    // No head-of-line blocking: the trickle to B is not held behind A's backlog. Measured against the
    // storm's own drain, not the clock: a loaded machine (DynamoDB Local, one process on a shared
    // two-core machine, serves the whole storm at its limit) slows B's deliveries and A's drain alike,
    // while a B held behind A's backlog would come out only once that backlog is gone. So: every B
    // message published in the first third of A's backlog is in Slack before A's last storm post, and
    // half of B's messages take less than a quarter of the time A's backlog took. bench/storm.ts reports the times.
    const bMessages = services.slack.channelMessages(B);
    const bIds = [...published.keys()];
    const bPostedAt = (each: string) => bMessages.find((message) => wire(message).includes(each))?.postedAt ?? Number.POSITIVE_INFINITY;
    const aDrainedAt = Math.max(...aMessages.filter((message) => !after.some((each) => wire(message).includes(each))).map((message) => message.postedAt));
    const aBacklogMs = aDrainedAt - stormStartedAt;
    const early = bIds.filter((each) => (published.get(each) ?? 0) < stormStartedAt + aBacklogMs / 3);
    expect(early.length).toBeGreaterThanOrEqual(5);
    expect(early.filter((each) => !(bPostedAt(each) < aDrainedAt))).toEqual([]);
    const latencies = bIds.map((each) => bPostedAt(each) - (published.get(each) ?? 0));
    expect(median(latencies)).toBeLessThan(aBacklogMs / 4);
    // The trickle's last messages, after the storm, are single messages.
    expect(bMessages.slice(-5).map(isDigest)).toEqual([false, false, false, false, false]);
    expect(bIds.length).toBeGreaterThan(10);

    // Slack's pace was kept: no request to a channel inside its Retry-After window (the injected 429 included).
    expect(services.slack.callsTo("chat.postMessage").filter((call) => call.status === 429 && call.params.channel === A).length).toBeGreaterThanOrEqual(1);
    expect(services.slack.retryAfterViolations).toEqual([]);

    // Every delivery record says how it went out: the message carrying it.
    const posted = new Set(aMessages.map((message) => message.ts));
    for (const messageId of stormMessageIds.filter((_, i) => i % 50 === 0)) {
      const { Item } = await doc.send(new GetCommand({ TableName: services.tableName, Key: keys.delivery(messageId, TEAM, A), ConsistentRead: true }));
      expect(Item).toMatchObject({ status: "delivered", via: expect.stringMatching(/^(message|digest)$/) });
      expect(posted.has(Item?.chatMessageId)).toBe(true);
    }
    doc.destroy();
  });
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const quiet: DrainTelemetry = { backlog() {}, delivered() {}, rateLimited() {}, retrying() {}, channelUnreachable() {}, deliveryFailed() {} };

function drainDeps(overrides: Partial<DrainDependencies> = {}): DrainDependencies {
  const doc = createDocumentClient();
  return {
    outbox: createOutbox(storeContext(doc, services.tableName)),
    leases: createDrainLeases(storeContext(doc, services.tableName)),
    chat: createSlackPoster({ readSecret: createSecretReader(), onRateLimit: "fail" }),
    telemetry: quiet,
    deadline: () => Date.now() + 20_000,
    ...overrides,
  };
}

/** Queues `count` plain notifications for a channel, as the forwarder does; returns their ids. */
async function queue(channelId: string, prefix: string, count: number): Promise<string[]> {
  const { outbox } = drainDeps();
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(4, "0")}`);
  for (const [index, each] of ids.entries()) {
    const input = publish("alarms", each).Records[0].Sns;
    await outbox.enqueue({
      target: target(channelId), messageId: input.MessageId, topicArn: input.TopicArn, snsTimestamp: new Date(Date.now() + index).toISOString(),
      notification: storedNotification(renderNotification({ messageId: input.MessageId, topicArn: input.TopicArn, subject: each, message: `${each} happened`, timestamp: input.Timestamp, messageAttributes: {} })),
      configurationNames: ["storm-a"], loggingLevel: "ERROR",
    });
  }
  return ids;
}

describe("a function restart mid-storm loses nothing", () => {
  test("a drainer that dies after posting (before settling), lease still held: after the lease expires the sweep delivers the rest; only the unsettled post repeats", async () => {
    const C = "C0CRASH01";
    const ids = await queue(C, "crash", 60);
    const real = createSlackPoster({ readSecret: createSecretReader(), onRateLimit: "fail" });
    let posts = 0;
    // The third post reaches Slack, then the process "dies": nothing after it runs, the lease stays held.
    const dying: ChatPoster = {
      post: (...args) => (++posts === 3 ? real.post(...args).then(() => new Promise<never>(() => {})) : real.post(...args)),
      postDigest: (...args) => (++posts === 3 ? real.postDigest(...args).then(() => new Promise<never>(() => {})) : real.postDigest(...args)),
      update: real.update,
    };
    const options = { maxDigestItems: 10, leaseMarginMs: 1_000 };
    void drainChannel(target(C), drainDeps({ chat: dying, options, deadline: () => Date.now() + 8_000 }));
    await waitFor(() => posts >= 3, 20_000);
    const lease = await drainDeps().leases.acquire(target(C), Date.now() + 5_000);
    expect(lease).toBeUndefined(); // still held by the dead drainer

    await waitFor(async () => {
      await sweepChannels(drainDeps({ options }));
      return !(await drainDeps().outbox.hasItems(target(C)));
    }, 60_000, 1_000);

    const counts = appearances(C, ids);
    expect([...counts.values()].every((count) => count >= 1)).toBe(true);
    const repeated = [...counts.entries()].filter(([, count]) => count > 1).map(([each]) => each);
    expect(repeated.length).toBeLessThanOrEqual(options.maxDigestItems); // at most the one post that was never settled
    expect(services.slack.retryAfterViolations).toEqual([]);
  });
});

describe("Slack refusing", () => {
  test("a channel Slack refuses: the backlog is kept through the backoff, then delivered", async () => {
    const D = "C0REFUSED";
    const [only] = await queue(D, "refused", 1);
    services.slack.failNext({ error: "not_in_channel" }, { channel: D });
    const unreachable: string[] = [];
    await drainChannel(target(D), drainDeps({ telemetry: { ...quiet, channelUnreachable: (_t, error) => void unreachable.push(error.code) } }));
    expect(unreachable).toEqual(["not_in_channel"]);
    expect(services.slack.channelMessages(D)).toEqual([]);

    // Five minutes later (the clock moved on): the next drainer delivers it.
    const later = { now: () => Date.now() + 6 * 60_000, sleep: (ms: number) => sleep(Math.min(ms, 1_000)) };
    await drainChannel(target(D), drainDeps({ clock: later, deadline: () => later.now() + 20_000 }));
    expect(services.slack.channelMessages(D).map(wire).join()).toContain(only);
  });

  test("a message Slack refuses as built goes again as plain text; refused again, it is recorded as failed and reported", async () => {
    const E = "C0REJECTS";
    const [first, second] = await queue(E, "rejected", 2);
    services.slack.failNext({ error: "invalid_blocks" }, { channel: E });
    await drainChannel(target(E), drainDeps());
    const [plain] = services.slack.channelMessages(E).filter((message) => message.text.includes(first));
    expect(plain.blocks).toEqual([]); // fallback text only

    const [third] = await queue(E, "rejected-twice", 1);
    services.slack.failNext({ error: "invalid_blocks" }, { channel: E }, 2);
    const failed: string[] = [];
    await drainChannel(target(E), drainDeps({ telemetry: { ...quiet, deliveryFailed: (_t, items, error) => void failed.push(`${items.length}:${error.code}`) } }));
    expect(failed).toEqual(["1:invalid_blocks"]);
    expect(await drainDeps().outbox.hasItems(target(E))).toBe(false);
    expect(services.slack.channelMessages(E).map(wire).join()).toContain(second);
    expect(services.slack.channelMessages(E).map(wire).join()).not.toContain(third);
  });
});

describe("redelivery", () => {
  test("the same SNS message twice is delivered once", async () => {
    const event = publish("deployments", "redelivered-once");
    await handler(event, contextFor(15_000));
    await handler(structuredClone(event), contextFor(15_000));
    expect(services.slack.channelMessages(B).filter((message) => wire(message).includes("redelivered-once"))).toHaveLength(1);
  });
});
