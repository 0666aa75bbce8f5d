import { testLambdaContext } from "../helpers/lambda-context";
import type { Context, SNSEvent } from "aws-lambda";
import fc from "fast-check";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { scheduledSweepEvent } from "../../lambdas/forwarder/scheduled";
import { snsInputFromRecord } from "../../lambdas/forwarder/sns-input";
import { createDocumentClient } from "../../lambdas/shared/aws/clients";
import { keys } from "../../lambdas/shared/store/keys";
import { renderNotification } from "../../lambdas/shared/notifications/render";
import { toSlackMessage } from "../../lambdas/shared/slack/blocks";
import { snsEventFor } from "../../local/stand-ins/sns-event";
import { listSnsFixtures, loadSnsFixture } from "../fixtures/sns/load";
import { captureLogsPerTest } from "../helpers/capture-logs";
import { type LocalServices, startLocalServices } from "../helpers/local-services";
import { knownSecretsIn } from "../helpers/test-secrets";
import { blockKitViolations, unescapedMarkup } from "../unit/helpers/block-kit-limits";

/**
 * Hostile SNS input for the forwarder, treated as a black box. The bulk goes through the pure path
 * (SNS record → render → Block Kit): every known format from the fixture corpus with its values
 * replaced by anything at all, plus random records. A few hundred go through the real handler with
 * DynamoDB Local and the Slack stand-in, in bursts: each is delivered to its channels (alone or in a
 * digest) or cleanly has none.
 */

const PURE_RUNS = 10_000;
const HANDLER_RUNS = 300;
const TEAM = "T0HERALD1";

type Json = unknown;
const fixtures = listSnsFixtures().map(loadSnsFixture).filter((input) => input.message.trimStart().startsWith("{"));

/** A fixture's JSON message with some of its values (at any depth) swapped for arbitrary ones. */
const mutatedFixture = fc.tuple(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), fc.anything({ withNullPrototype: true, withBigInt: false })), { minLength: 1, maxLength: 6 }))
  .map(([fixture, swaps]) => {
    const message = JSON.parse(fixture.message) as Json;
    const slots: Array<{ parent: Record<string, Json> | Json[]; key: string | number }> = [];
    const walk = (value: Json) => {
      if (value && typeof value === "object") {
        for (const [key, child] of Object.entries(value)) {
          slots.push({ parent: value as Record<string, Json>, key: Array.isArray(value) ? Number(key) : key });
          walk(child);
        }
      }
    };
    walk(message);
    for (const [index, replacement] of swaps) {
      if (slots.length === 0) break;
      const { parent, key } = slots[index % slots.length];
      (parent as Record<string | number, Json>)[key] = replacement;
    }
    return { ...fixture, message: JSON.stringify(message) ?? "null" };
  });

const attributes = fc.dictionary(fc.string({ maxLength: 20 }), fc.record({ type: fc.constantFrom("String", "Number", "Binary", "String.Array", ""), value: fc.string({ maxLength: 100 }) }), { maxKeys: 4 });
const randomRecord = fc.record({
  message: fc.oneof(fc.string({ unit: "binary", maxLength: 2_000 }), fc.json(), fc.constantFrom("", "{", "null", "[]", "{\"AlarmName\":{}}", "\u0000")),
  subject: fc.option(fc.string({ unit: "binary", maxLength: 120 }), { nil: undefined }),
  messageAttributes: attributes,
  topicArn: fc.oneof(fc.constant("arn:aws:sns:us-east-1:000000000000:herald-alarms"), fc.string({ maxLength: 80 })),
  timestamp: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string({ maxLength: 30 })),
});

describe("pure path: SNS record → render → Block Kit", () => {
  test(`${PURE_RUNS} hostile records (mutated known formats and random ones): never throws, always a message within Slack's limits, nothing unescaped`, () => {
    const anyRecord = fc.oneof(
      mutatedFixture.map((fixture) => snsEventFor({ topicArn: fixture.topicArn, message: fixture.message, subject: fixture.subject, messageAttributes: fixture.messageAttributes })),
      randomRecord.map((record) => snsEventFor({ ...record, timestamp: undefined })),
    );
    fc.assert(fc.property(anyRecord, (event) => {
      const input = snsInputFromRecord(event.Records[0]);
      const rendererErrors: unknown[] = [];
      const notification = renderNotification(input, { onRendererError: (_kind, error) => rendererErrors.push(error) });
      const message = toSlackMessage(notification);
      expect(notification.title.trim()).not.toBe("");
      expect(blockKitViolations(message)).toEqual([]);
      expect(unescapedMarkup(message)).toEqual([]);
      // A renderer that chokes falls back to a generic view rather than dropping the event.
      expect(rendererErrors).toEqual([]);
    }), { numRuns: PURE_RUNS });
  }, 120_000);
});

describe("the forwarder handler (DynamoDB Local, Slack stand-in)", () => {
  let services: LocalServices;
  let handler: (event: SNSEvent, context?: Context) => Promise<void>;
  const logs = captureLogsPerTest();

  beforeAll(async () => {
    services = await startLocalServices();
    const forwarder = await import("../../lambdas/forwarder/index");
    // Lambda always passes a context; tests that do not care about the time left get one with 30 s.
    handler = (event, context = testLambdaContext({ remainingMs: 30_000 })) => forwarder.handler(event, context);
  }, 60_000);

  afterAll(async () => {
    await services?.stop();
  });

  test(`${HANDLER_RUNS} hostile messages, in bursts: the handler never fails, and each is delivered to every subscribed channel (alone or in a digest), or has none when no configuration takes the topic`, async () => {
    const topics = [services.topicArn("alarms"), services.topicArn("deployments"), "arn:aws:sns:us-east-1:000000000000:not-herald", "not an ARN"];
    // alarms: C0OPS0001 and C0DEV0001; deployments: the same two channels (ops-deployments, dev-everything).
    const channels = (topicArn: string) => (topicArn === topics[0] || topicArn === topics[1] ? ["C0DEV0001", "C0OPS0001"] : []);
    const input = fc.tuple(fc.oneof(mutatedFixture.map((f) => ({ message: f.message, subject: f.subject, messageAttributes: f.messageAttributes })), randomRecord), fc.constantFrom(...topics));
    const events = fc.sample(input, { numRuns: HANDLER_RUNS }).map(([record, topicArn]) => ({
      topicArn, event: snsEventFor({ topicArn, message: record.message, subject: record.subject, messageAttributes: record.messageAttributes }),
    }));
    const context = { getRemainingTimeInMillis: () => 60_000 } as Context;

    // Bursts of 30 as SNS would invoke them: each channel is paced at Slack's rate, so bursts go out as digests.
    for (let i = 0; i < events.length; i += 30) {
      await Promise.all(events.slice(i, i + 30).map(({ event }) => expect(handler(event, context)).resolves.toBeUndefined()));
    }
    // What a drainer left for later, the schedule's sweep delivers.
    const doc = createDocumentClient(services.config.account.homeRegion);
    const expected = events.flatMap(({ topicArn, event }) => channels(topicArn).map((channelId) => ({ messageId: event.Records[0].Sns.MessageId, channelId })));
    const undelivered = async () => {
      const left = [];
      for (const { messageId, channelId } of expected) {
        const { Item } = await doc.send(new GetCommand({ TableName: services.tableName, Key: keys.delivery(messageId, TEAM, channelId), ConsistentRead: true }));
        if (Item?.status !== "delivered") left.push({ messageId, channelId, status: Item?.status });
      }
      return left;
    };
    for (let sweeps = 0; sweeps < 30 && (await undelivered()).length > 0; sweeps++) {
      await expect(handler(scheduledSweepEvent() as never, context)).resolves.toBeUndefined();
    }
    expect(await undelivered()).toEqual([]);
    // Each delivery record names a message the channel really received; messages without a configuration were never queued.
    for (const { messageId, channelId } of expected.filter((_, i) => i % 7 === 0)) {
      const { Item } = await doc.send(new GetCommand({ TableName: services.tableName, Key: keys.delivery(messageId, TEAM, channelId), ConsistentRead: true }));
      expect(services.slack.channelMessages(channelId).map((message) => message.ts)).toContain(Item?.chatMessageId);
    }
    for (const { event } of events.filter(({ topicArn }) => channels(topicArn).length === 0)) {
      const { Item } = await doc.send(new GetCommand({ TableName: services.tableName, Key: keys.delivery(event.Records[0].Sns.MessageId, TEAM, "C0OPS0001"), ConsistentRead: true }));
      expect(Item).toBeUndefined();
    }
    expect(services.slack.retryAfterViolations).toEqual([]);
    doc.destroy();
    expect(knownSecretsIn(logs.text())).toEqual([]);
  }, 300_000);
});
