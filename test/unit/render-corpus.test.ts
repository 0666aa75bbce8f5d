/**
 * Invariants over the whole fixture corpus: every fixture renders within Slack's Block Kit limits
 * with nothing from the input left able to mention or link, with a fallback text — also as a
 * thread parent and with a mention Herald adds; every fixture is documented and has targeted
 * assertions; and no missing field or unknown enum value makes any renderer throw.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { threadParentView } from "../../lambdas/shared/forwarding/thread-parent";
import type { Notification, SnsNotificationInput } from "../../lambdas/shared/notifications/model";
import { renderNotification } from "../../lambdas/shared/notifications/render";
import { toSlackMessage } from "../../lambdas/shared/slack/blocks";
import { listSnsFixtures, loadSnsFixture } from "../fixtures/sns/load";
import { blockKitViolations, unescapedMarkup } from "./helpers/block-kit-limits";
import { CATALOGUE } from "./helpers/render-catalogue";

const FIXTURES = listSnsFixtures();
/** Fixtures of the first renderers, asserted one by one in render.test.ts. */
const FOUNDATION = /^(cloudwatch-alarm|custom-notification|json|plain-text)(-|$)/;

function renderChecked(input: SnsNotificationInput): Notification {
  const errors: string[] = [];
  const notification = renderNotification(input, { onRendererError: (kind, error) => errors.push(`${kind}: ${String(error)}`) });
  expect(errors).toEqual([]);
  expect(notification.title.trim()).not.toBe("");
  expect(notification.summary.trim()).not.toBe("");
  return notification;
}

describe("every fixture", () => {
  it.each(FIXTURES)("%s fits Block Kit, escapes its input and has a fallback text, also as a thread parent", (name) => {
    const notification = renderChecked(loadSnsFixture(name));
    for (const view of [notification, threadParentView(notification, "opened"), threadParentView(notification, "updated")]) {
      const message = toSlackMessage(view);
      expect(blockKitViolations(message)).toEqual([]);
      expect(unescapedMarkup(message)).toEqual([]);
      expect(message.text.trim()).not.toBe("");
    }
  });

  it.each(FIXTURES)("%s with a configured mention: the mention is the only markup", (name) => {
    const message = toSlackMessage(renderChecked(loadSnsFixture(name)), { mention: "channel" });
    expect(blockKitViolations(message)).toEqual([]);
    expect(message.text.startsWith("<!channel> ")).toBe(true);
    expect(message.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: "<!channel>" } });
    expect(unescapedMarkup({ text: message.text.slice("<!channel> ".length), blocks: message.blocks.slice(1) })).toEqual([]);
  });

  it("is listed in the fixtures README, which lists no fixture that does not exist", () => {
    const readme = readFileSync(join(__dirname, "../fixtures/sns/README.md"), "utf8");
    const listed = [...readme.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((match) => match[1]).sort();
    expect(listed).toEqual(FIXTURES);
  });

  it("has targeted assertions: the catalogue covers every fixture beyond the foundation's", () => {
    const uncovered = FIXTURES.filter((name) => !FOUNDATION.test(name) && !Object.hasOwn(CATALOGUE, name));
    expect(uncovered).toEqual([]);
    expect(Object.keys(CATALOGUE).filter((name) => !FIXTURES.includes(name))).toEqual([]);
  });
});

/** Variants of a JSON value: each property removed, each leaf set to an unknown enum value, null, a number, a list or an object. */
function* damaged(value: unknown, depth = 0): Generator<unknown> {
  if (depth > 6) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      yield value.filter((_, other) => other !== index);
      for (const variant of damaged(value[index], depth + 1)) yield value.map((item, other) => (other === index ? variant : item));
    }
    return;
  }
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) {
      const { [key]: inner, ...rest } = value as Record<string, unknown>;
      yield rest;
      for (const variant of damaged(inner, depth + 1)) yield { ...rest, [key]: variant };
    }
    return;
  }
  for (const replacement of ["SOMETHING_NEW_FROM_AWS", "", null, 42, [], {}, "constructor"]) yield replacement;
}

/** Variants of a text message: each line removed, and the message cut at several points. */
function* damagedText(text: string): Generator<string> {
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) yield lines.filter((_, other) => other !== index).join("\n");
  for (const fraction of [0.1, 0.25, 0.5, 0.75, 0.9]) yield text.slice(0, Math.floor(text.length * fraction));
}

describe("degraded input: missing fields and unknown enum values never throw", () => {
  const recognised = FIXTURES.filter((name) => !FOUNDATION.test(name));

  it.each(recognised)("%s", (name) => {
    const input = loadSnsFixture(name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.message);
    } catch {
      parsed = undefined;
    }
    const messages = parsed === undefined ? [...damagedText(input.message)] : [...damaged(parsed)].map((variant) => JSON.stringify(variant) ?? "null");
    expect(messages.length).toBeGreaterThan(3);
    for (const message of messages) {
      const notification = renderChecked({ ...input, message });
      expect(blockKitViolations(toSlackMessage(notification))).toEqual([]);
    }
  });
});
