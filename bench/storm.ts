import type { Context, SNSEvent } from "aws-lambda";
import { setTimeout as sleep } from "node:timers/promises";
import { createSecretReader } from "../lambdas/shared/aws/secrets";
import type { ChatTarget } from "../lambdas/shared/chat/chat-platform";
import { loadHeraldConfig } from "../lambdas/shared/config/load";
import type { HeraldConfig } from "../lambdas/shared/config/schema";
import { renderNotification } from "../lambdas/shared/notifications/render";
import { createSlackPoster } from "../lambdas/shared/slack/poster";
import { snsInputFromRecord } from "../lambdas/forwarder/sns-input";
import { isScheduledSweep, scheduledSweepEvent } from "../lambdas/forwarder/scheduled";
import { snsEventFor } from "../local/stand-ins/sns-event";
import type { SlackWebApi } from "../local/stand-ins/slack-web-api";
import { EXAMPLE_CONFIG_PATH, startLocalServices } from "../test/helpers/local-services";

/**
 * The 1,000-event storm (bench twin of test/integration/storm.test.ts): 1,000 notifications to one
 * channel within 10 s plus one a second to another, against the Slack stand-in enforcing 1 message
 * per second per channel (429 + Retry-After). Herald (outbox, one paced drainer per channel,
 * digests) next to a naive forwarder: one chat.postMessage per event, each invocation sitting out
 * its own 429s (Retry-After, at most 5 times within a 30 s Lambda, as the peers do), measured over
 * a fixed window because it would need about 1,000 s.
 */

const A = "C0STORMA1";
const B = "C0QUIETB1";
const STORM = 1_000;
const NAIVE_WINDOW_MS = 60_000;
const HERALD_BUDGET_MS = 180_000;

export interface StormRun {
  readonly label: string;
  /** From the first publish until every storm notification was posted alone or in a digest (undefined: not within the window). */
  readonly allAccountedSeconds?: number;
  /** Storm notifications shown in Slack by the end of the run. */
  readonly accounted: number;
  readonly windowSeconds: number;
  readonly projectedSeconds: number;
  readonly messagesPosted: number;
  readonly digests: number;
  readonly rateLimited: number;
  readonly retryAfterViolations: number;
  readonly trickleP50Ms: number;
  readonly trickleMaxMs: number;
  readonly trickleCount: number;
}

type Invoke = (event: SNSEvent | ReturnType<typeof scheduledSweepEvent>, context: Context) => Promise<void>;

export async function measureStorm(progress: (line: string) => void): Promise<StormRun[]> {
  const base = loadHeraldConfig(EXAMPLE_CONFIG_PATH);
  const config: HeraldConfig = {
    ...base,
    account: { ...base.account, regions: [base.account.homeRegion] },
    channels: [
      { ...base.channels[0], name: "storm-a", channelId: A, topics: ["alarms"], loggingLevel: "NONE" },
      { ...base.channels[0], name: "quiet-b", channelId: B, topics: ["deployments"], loggingLevel: "NONE" },
    ],
  };
  const services = await startLocalServices({ config, slack: { rateLimit: { perSecond: 1, burst: 1 } }, tableName: "herald-bench-storm" });
  const quiet = silenceLogs();
  try {
    const herald = await runStorm("Herald: outbox, paced drainer per channel, digests", services.slack, (event) => services.topicArn(event), loadForwarder(), HERALD_BUDGET_MS, progress, true);
    services.slack.reset();
    const naive = await runStorm("naive: one chat.postMessage per event, sitting out 429s", services.slack, (event) => services.topicArn(event), { storm: naiveForwarder(config), other: naiveForwarder(config) }, NAIVE_WINDOW_MS, progress, false);
    return [herald, naive];
  } finally {
    quiet.restore();
    await services.stop();
  }
}

async function runStorm(label: string, slack: SlackWebApi, topicArn: (name: string) => string, environments: { storm: Invoke; other: Invoke }, budgetMs: number, progress: (line: string) => void, sweep: boolean): Promise<StormRun> {
  const contextFor = (ms: number) => {
    const endsAt = Date.now() + ms;
    return { getRemainingTimeInMillis: () => Math.max(0, endsAt - Date.now()) } as Context;
  };
  const pending: Promise<unknown>[] = [];
  const fire = (event: SNSEvent, invoke: Invoke) => pending.push(invoke(event, contextFor(30_000)).catch(() => undefined));
  const startedAt = Date.now();
  const stopAt = startedAt + budgetMs;
  const stormIds = Array.from({ length: STORM }, (_, i) => `storm-A-${String(i + 1).padStart(4, "0")}`);
  const published = new Map<string, number>();
  let running = true;

  const trickle = (async () => {
    for (let n = 1; running; n++) {
      const id = `trickle-B-${String(n).padStart(4, "0")}`;
      published.set(id, Date.now());
      fire(snsEventFor({ topicArn: topicArn("deployments"), subject: id, message: `${id} happened` }), environments.other);
      await sleep(1_000);
    }
  })();
  const sweeps = (async () => {
    while (sweep && running) {
      await environments.other(scheduledSweepEvent(), contextFor(30_000)).catch(() => undefined);
      await sleep(5_000);
    }
  })();
  for (let n = 0; n < STORM; n++) {
    fire(snsEventFor({ topicArn: topicArn("alarms"), subject: stormIds[n], message: `${stormIds[n]} happened` }), environments.storm);
    if ((n + 1) % 10 === 0) await sleep(100);
  }

  const accounted = () => {
    const texts = slack.channelMessages(A).map((m) => m.text + JSON.stringify(m.blocks)).join("\n");
    return stormIds.filter((id) => texts.includes(id)).length;
  };
  let allAccountedAt: number | undefined;
  let lastReport = 0;
  while (Date.now() < stopAt) {
    const count = accounted();
    if (count === STORM) {
      allAccountedAt = Date.now();
      break;
    }
    if (Date.now() - lastReport > 10_000) {
      progress(`  ${label.split(":")[0]}: ${count} of ${STORM} accounted for after ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
      lastReport = Date.now();
    }
    await sleep(500);
  }
  running = false;
  await Promise.all([trickle, sweeps]);
  const endedAt = allAccountedAt ?? Date.now();
  const shown = accounted();
  if (allAccountedAt !== undefined) await Promise.all(pending);

  const bTexts = slack.channelMessages(B);
  const latencies = [...published].map(([id, at]) => {
    const message = bTexts.find((m) => (m.text + JSON.stringify(m.blocks)).includes(id));
    return message === undefined ? Number.POSITIVE_INFINITY : message.postedAt - at;
  }).filter((ms) => Number.isFinite(ms)).sort((a, b) => a - b);
  const aMessages = slack.channelMessages(A);
  const windowSeconds = (endedAt - startedAt) / 1000;
  return {
    label,
    allAccountedSeconds: allAccountedAt === undefined ? undefined : (allAccountedAt - startedAt) / 1000,
    accounted: shown,
    windowSeconds,
    projectedSeconds: shown === 0 ? Number.POSITIVE_INFINITY : (windowSeconds * STORM) / shown,
    messagesPosted: aMessages.length,
    digests: aMessages.filter((m) => m.text.includes("(storm digest)")).length,
    rateLimited: slack.calls.filter((call) => call.status === 429).length,
    retryAfterViolations: slack.retryAfterViolations.length,
    trickleP50Ms: latencies[Math.floor(latencies.length / 2)] ?? Number.NaN,
    trickleMaxMs: latencies[latencies.length - 1] ?? Number.NaN,
    trickleCount: latencies.length,
  };
}

/**
 * Herald's forwarder handler as deployed (its module reads the environment set by startLocalServices).
 * Each load is a Lambda execution environment of its own (own clients and connections): the storm
 * shares a few, the trickle and the sweep have theirs, as concurrent invocations do in AWS.
 */
function loadForwarder(): { storm: Invoke; other: Invoke } {
  const path = require.resolve("../lambdas/forwarder/index");
  const load = () => {
    delete require.cache[path];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(path) as { handler: Invoke }).handler;
  };
  const storm = Array.from({ length: 4 }, load);
  const other = load();
  let next = 0;
  return {
    storm: (event, context) => storm[next++ % storm.length](event, context),
    other,
  };
}

/** The peers' way: render, then post every event at once to every subscribed channel, waiting out 429s inside the invocation. */
function naiveForwarder(config: HeraldConfig): Invoke {
  const chat = createSlackPoster({ readSecret: createSecretReader(), onRateLimit: "wait" });
  const workspace = config.workspaces[0];
  return async (event, context) => {
    if (isScheduledSweep(event)) return;
    const input = snsInputFromRecord(event.Records[0]);
    const notification = renderNotification(input);
    const topic = input.topicArn.split(":").pop()?.replace(/^herald-/, "");
    const deadline = Date.now() + context.getRemainingTimeInMillis() - 3_000;
    for (const channel of config.channels.filter((c) => c.topics.includes(topic ?? ""))) {
      const target: ChatTarget = { teamId: channel.teamId, channelId: channel.channelId, botTokenSecretName: workspace.botTokenSecretName };
      await chat.post(target, notification, { deadline });
    }
  };
}

/** Powertools writes its JSON lines straight to stdout/stderr; the bench prints tables there. */
function silenceLogs(): { restore(): void } {
  const writes = [process.stdout.write, process.stderr.write];
  const keep = (write: typeof process.stdout.write) => ((chunk: string | Uint8Array, ...rest: unknown[]) =>
    (String(chunk).startsWith("{\"level\"") || String(chunk).startsWith("{\"_aws\"") ? true : (write as (...args: unknown[]) => boolean)(chunk, ...rest))) as typeof process.stdout.write;
  process.stdout.write = keep(writes[0].bind(process.stdout));
  process.stderr.write = keep(writes[1].bind(process.stderr));
  return {
    restore() {
      process.stdout.write = writes[0];
      process.stderr.write = writes[1];
    },
  };
}
