/**
 * Properties that must hold for any input at all: rendering never throws, never changes its input,
 * and the Slack message always fits Slack's limits with nothing left unescaped.
 */
import fc from "fast-check";
import type { Notification, SnsNotificationInput } from "../../lambdas/shared/notifications/model";
import { renderNotification } from "../../lambdas/shared/notifications/render";
import { toSlackMessage } from "../../lambdas/shared/slack/blocks";
import { blockKitViolations, unescapedMarkup } from "./helpers/block-kit-limits";
import { deepFreeze } from "./helpers/deep-freeze";

function snsInput(message: string, subject?: string): SnsNotificationInput {
  return deepFreeze({
    messageId: "property",
    topicArn: "arn:aws:sns:us-east-1:111122223333:herald",
    ...(subject === undefined ? {} : { subject }),
    message,
    timestamp: "2025-03-14T09:26:53.456Z",
    messageAttributes: {},
  });
}

/** Renders, checks the invariants every rendering must satisfy, and returns the Notification. */
function renderChecked(input: SnsNotificationInput): Notification {
  const before = structuredClone(input);
  const errors: unknown[] = [];
  const notification = renderNotification(input, { onRendererError: (_kind, error) => errors.push(error) });
  expect(errors).toEqual([]);
  expect(input).toEqual(before);
  expect(notification.title.trim()).not.toBe("");
  const message = toSlackMessage(notification);
  expect(blockKitViolations(message)).toEqual([]);
  expect(unescapedMarkup(message)).toEqual([]);
  return notification;
}

/** Characters that matter to Slack or to cutting: markup, entities, backticks, surrogates, whitespace. */
const tricky = fc.constantFrom("<", ">", "&", "&amp;", "`", "*", "\n", " ", "\t", "🚨", "\ud800", "\udc00", "<!channel>", "é", "…");
/** Long strings (around Slack's 2,000/3,000 limits and beyond), built by repetition because generating them is slow. */
const longString = fc
  .tuple(fc.string({ unit: fc.oneof(tricky, fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 12 }), fc.integer({ min: 150, max: 800 }))
  .map(([piece, times]) => piece.repeat(times));
const nastyString = fc.oneof(
  { arbitrary: fc.string({ unit: "binary", maxLength: 300 }), weight: 3 },
  { arbitrary: fc.string({ unit: tricky, maxLength: 200 }), weight: 3 },
  { arbitrary: longString, weight: 1 },
);

describe("renderNotification over arbitrary input", () => {
  it("never throws on arbitrary strings, with or without a subject", () => {
    fc.assert(
      fc.property(nastyString, fc.option(nastyString, { nil: undefined }), (message, subject) => {
        renderChecked(snsInput(message, subject));
      }),
    );
  });

  it("never throws on arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.option(nastyString, { nil: undefined }), (value, subject) => {
        renderChecked(snsInput(JSON.stringify(value) ?? "null", subject));
      }),
    );
  });

  it("recognises any alarm-shaped message, whatever its other fields hold", () => {
    const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nastyString);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((name) => name.trim() !== ""),
        fc.constantFrom("ALARM", "OK", "INSUFFICIENT_DATA", "SOMETHING_NEW"),
        fc.record(
          {
            AlarmArn: fc.oneof(anyValue, fc.constantFrom("arn:aws-cn:cloudwatch:cn-north-1:1:alarm:a", "arn:x", "arn:aws:cloudwatch:us-east-1:1:alarm:")),
            Region: anyValue,
            AlarmDescription: anyValue,
            NewStateReason: anyValue,
            OldStateValue: anyValue,
            StateChangeTime: anyValue,
            AlarmRule: anyValue,
            TriggeringChildren: anyValue,
            Trigger: fc.oneof(
              anyValue,
              fc.record(
                {
                  Metrics: fc.array(fc.dictionary(fc.constantFrom("Id", "Expression", "Label", "ReturnData", "MetricStat"), anyValue)),
                  ThresholdMetricId: anyValue,
                  ComparisonOperator: anyValue,
                  Threshold: anyValue,
                  Dimensions: anyValue,
                  Period: anyValue,
                  EvaluationPeriods: anyValue,
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
        (AlarmName, NewStateValue, rest) => {
          const notification = renderChecked(snsInput(JSON.stringify({ ...rest, AlarmName, NewStateValue })));
          expect(notification.kind).toBe("cloudwatch-alarm");
          for (const link of notification.links) expect(link.url).toMatch(/^https:\/\/console\./);
        },
      ),
    );
  });

  it("recognises any custom notification with a description, whatever its other fields hold", () => {
    const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nastyString);
    fc.assert(
      fc.property(
        nastyString.filter((text) => text.trim() !== ""),
        fc.dictionary(fc.constantFrom("title", "nextSteps", "keywords", "textType"), anyValue),
        fc.oneof(anyValue, fc.dictionary(fc.constantFrom("threadId", "summary", "eventType", "relatedResources", "additionalContext"), anyValue)),
        (description, content, metadata) => {
          const message = { version: "1.0", source: "custom", content: { ...content, description }, metadata };
          expect(renderChecked(snsInput(JSON.stringify(message))).kind).toBe("custom");
        },
      ),
    );
  });
});

describe("toSlackMessage over arbitrary notifications", () => {
  it("always fits Slack's limits and escapes everything", () => {
    const richText = fc.record({ text: nastyString, markdown: fc.option(fc.boolean(), { nil: undefined }) });
    const notification: fc.Arbitrary<Notification> = fc.record({
      kind: fc.string(),
      recognized: fc.boolean(),
      title: nastyString,
      severity: fc.constantFrom("critical", "high", "medium", "low", "info", "ok", "unknown"),
      summary: nastyString,
      body: fc.option(richText, { nil: undefined }),
      fields: fc.array(fc.record({ label: nastyString, value: nastyString, code: fc.option(fc.boolean(), { nil: undefined }) }), { maxLength: 40 }),
      lists: fc.array(fc.record({ title: nastyString, items: fc.array(richText, { maxLength: 30 }) }), { maxLength: 6 }),
      links: fc.array(
        fc.record({ label: nastyString, url: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), nastyString) }),
        { maxLength: 30 },
      ),
      context: fc.array(nastyString, { maxLength: 14 }),
    });
    fc.assert(
      fc.property(notification, (value) => {
        const message = toSlackMessage(deepFreeze(value));
        expect(blockKitViolations(message)).toEqual([]);
        expect(unescapedMarkup(message)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
