import type { ActionsBlock, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from "@slack/web-api";
import type { Field, Notification, Severity } from "../../lambdas/shared/notifications/model";
import { renderNotification } from "../../lambdas/shared/notifications/render";
import { toSlackMessage } from "../../lambdas/shared/slack/blocks";
import { listSnsFixtures, loadSnsFixture } from "../fixtures/sns/load";
import { allTexts, blockKitViolations, SLACK, unescapedMarkup } from "./helpers/block-kit-limits";

function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    kind: "test",
    recognized: true,
    title: "Title",
    severity: "info",
    summary: "Summary",
    fields: [],
    lists: [],
    links: [],
    context: [],
    ...overrides,
  };
}

const headerOf = (blocks: KnownBlock[]) => blocks.find((block): block is HeaderBlock => block.type === "header");
const sectionsOf = (blocks: KnownBlock[]) => blocks.filter((block): block is SectionBlock => block.type === "section");
const actionsOf = (blocks: KnownBlock[]) => blocks.find((block): block is ActionsBlock => block.type === "actions");
const contextsOf = (blocks: KnownBlock[]) => blocks.filter((block): block is ContextBlock => block.type === "context");
const truncationNote = (blocks: KnownBlock[]) =>
  contextsOf(blocks)
    .flatMap((block) => block.elements)
    .map((element) => ("text" in element ? element.text : ""))
    .find((text) => text.startsWith("_Truncated:"));

const MENTIONS = ["<!channel>", "<!here>", "<@U123>", "<https://evil|x>"];

describe("toSlackMessage", () => {
  it("lays out header, body, fields, lists, buttons and small print in that order", () => {
    const message = toSlackMessage(
      notification({
        body: { text: "Body" },
        fields: [{ label: "A", value: "1" }],
        lists: [{ title: "L", items: [{ text: "i" }] }],
        links: [{ label: "Open", url: "https://example.com/x" }],
        context: ["ctx"],
      }),
    );
    expect(message.blocks.map((block) => block.type)).toEqual(["header", "section", "section", "section", "actions", "context"]);
    expect(blockKitViolations(message)).toEqual([]);
  });

  it.each<[Severity, string]>([
    ["critical", "🚨"],
    ["high", "🔴"],
    ["medium", "🟠"],
    ["low", "🟡"],
    ["info", "🔵"],
    ["ok", "✅"],
    ["unknown", "⚪"],
  ])("shows %s severity as %s in the header", (severity, emoji) => {
    expect(headerOf(toSlackMessage(notification({ severity })).blocks)?.text.text).toBe(`${emoji} Title`);
  });

  it("cuts a long title to the header limit with an ellipsis and notes the cut", () => {
    const message = toSlackMessage(notification({ title: "t".repeat(1000) }));
    const header = headerOf(message.blocks)?.text.text ?? "";
    expect(header).toHaveLength(SLACK.headerText);
    expect(header.endsWith("…")).toBe(true);
    expect(truncationNote(message.blocks)).toMatch(/^_Truncated: \d+ characters not shown_$/);
  });

  it("sends a markdown body as mrkdwn and any other body as plain_text, both escaped", () => {
    const markdown = sectionsOf(toSlackMessage(notification({ body: { text: "*a* <b>", markdown: true } })).blocks)[0];
    const plain = sectionsOf(toSlackMessage(notification({ body: { text: "*a* <b>" } })).blocks)[0];
    expect(markdown.text).toEqual({ type: "mrkdwn", text: "*a* &lt;b&gt;", verbatim: true });
    expect(plain.text).toMatchObject({ type: "plain_text", text: "*a* &lt;b&gt;" });
  });

  it("splits a long body over sections of at most 3,000 characters", () => {
    const body = "lorem ipsum dolor sit amet ".repeat(300); // 8,100 characters
    const message = toSlackMessage(notification({ body: { text: body } }));
    const sections = sectionsOf(message.blocks);
    expect(sections.length).toBeGreaterThanOrEqual(3);
    expect(sections.map((section) => section.text?.text).join("")).toBe(body);
    expect(truncationNote(message.blocks)).toBeUndefined();
    expect(blockKitViolations(message)).toEqual([]);
  });

  it("puts at most ten fields in a section, label in bold over the value", () => {
    const fields: Field[] = Array.from({ length: 25 }, (_, index) => ({ label: `L${index}`, value: `v${index}` }));
    const sections = sectionsOf(toSlackMessage(notification({ fields })).blocks);
    expect(sections.map((section) => section.fields?.length)).toEqual([10, 10, 5]);
    expect(sections[0].fields?.[0]).toEqual({ type: "mrkdwn", text: "*L0*\nv0", verbatim: true });
  });

  it("wraps code values in backticks that a backtick in the value cannot close", () => {
    const [inline, multiline] = sectionsOf(
      toSlackMessage(
        notification({
          fields: [
            { label: "Inline", value: "a`<!channel>`b", code: true },
            { label: "Block", value: "x\n```\ny", code: true },
          ],
        }),
      ).blocks,
    )[0].fields ?? [];
    expect(inline.text).toBe("*Inline*\n`aˋ&lt;!channel&gt;ˋb`");
    expect(multiline.text).toBe("*Block*\n```x\nˋˋˋ\ny```");
  });

  it("keeps a label's asterisks from ending its bold early, and shows an empty value as a dash", () => {
    const [field] = sectionsOf(toSlackMessage(notification({ fields: [{ label: "a*b", value: "" }] })).blocks)[0].fields ?? [];
    expect(field.text).toBe("*a∗b*\n—");
  });

  it("cuts a field value to Slack's 2,000-character field limit", () => {
    const message = toSlackMessage(notification({ fields: [{ label: "Big", value: "v".repeat(5000) }] }));
    const [field] = sectionsOf(message.blocks)[0].fields ?? [];
    expect(field.text.length).toBeLessThanOrEqual(SLACK.fieldText);
    expect(field.text.endsWith("…")).toBe(true);
    expect(blockKitViolations(message)).toEqual([]);
  });

  it("shows lists as bullets under a bold title", () => {
    const [section] = sectionsOf(
      toSlackMessage(notification({ lists: [{ title: "Next steps", items: [{ text: "one" }, { text: "<two>" }] }] })).blocks,
    );
    expect(section.text?.text).toBe("*Next steps*\n• one\n• &lt;two&gt;");
  });

  it("spreads a long list over several sections", () => {
    const items = Array.from({ length: 40 }, (_, index) => ({ text: `${index} ${"x".repeat(200)}` }));
    const message = toSlackMessage(notification({ lists: [{ title: "Many", items }] }));
    expect(sectionsOf(message.blocks).length).toBeGreaterThan(1);
    expect(blockKitViolations(message)).toEqual([]);
  });

  it("makes https links into buttons and drops every other scheme", () => {
    const actions = actionsOf(
      toSlackMessage(
        notification({
          links: [
            { label: "Console", url: "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/a%20b" },
            { label: "Plain http", url: "http://example.com" },
            { label: "Script", url: "javascript:alert(1)" },
            { label: "Slack link", url: "<https://evil|x>" },
            { label: "With credentials", url: "https://user:pass@example.com" },
            { label: "Not a URL", url: "not a url" },
          ],
        }),
      ).blocks,
    );
    expect(actions?.elements).toEqual([
      {
        type: "button",
        action_id: "herald-link-0",
        text: { type: "plain_text", text: "Console", emoji: true },
        url: "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/a%20b",
      },
    ]);
  });

  it("keeps at most 25 buttons, their text within 75 characters", () => {
    const links = Array.from({ length: 30 }, (_, index) => ({ label: `Link ${index} ${"l".repeat(100)}`, url: `https://example.com/${index}` }));
    const message = toSlackMessage(notification({ links }));
    const buttons = actionsOf(message.blocks)?.elements ?? [];
    expect(buttons).toHaveLength(SLACK.actionsElements);
    expect(blockKitViolations(message)).toEqual([]);
    expect(truncationNote(message.blocks)).toBeDefined();
  });

  it("merges small print beyond ten items into the tenth instead of dropping it", () => {
    const context = Array.from({ length: 15 }, (_, index) => `c${index}`);
    const [small] = contextsOf(toSlackMessage(notification({ context })).blocks);
    expect(small.elements).toHaveLength(SLACK.contextElements);
    expect(small.elements.at(-1)).toMatchObject({ text: "c9 · c10 · c11 · c12 · c13 · c14" });
  });

  it("uses the escaped summary as fallback text, within 4,000 characters", () => {
    expect(toSlackMessage(notification({ summary: "a <!here> & b" })).text).toBe("a &lt;!here&gt; &amp; b");
    const long = toSlackMessage(notification({ summary: "s".repeat(5000) })).text;
    expect(long).toHaveLength(SLACK.fallbackText);
    expect(long.endsWith("…")).toBe(true);
    expect(toSlackMessage(notification({ summary: " ", title: "T" })).text).toBe("T");
  });

  it("escapes mentions and forged links in every part of the message", () => {
    const evil = MENTIONS.join(" ");
    const message = toSlackMessage({
      kind: evil,
      recognized: false,
      title: evil,
      severity: "high",
      summary: evil,
      body: { text: evil, markdown: true },
      fields: [
        { label: evil, value: evil },
        { label: evil, value: evil, code: true },
      ],
      lists: [{ title: evil, items: [{ text: evil }, { text: evil, markdown: true }] }],
      links: [{ label: evil, url: "https://example.com" }],
      context: [evil],
      publisherThreadId: evil,
    });
    const serialised = JSON.stringify(message);
    for (const mention of MENTIONS) expect(serialised).not.toContain(mention);
    expect(unescapedMarkup(message)).toEqual([]);
    // Fallback text, header, body, both fields, the list section, the button and the small print.
    expect(allTexts(message).filter((text) => text.includes("&lt;!channel&gt;"))).toHaveLength(8);
  });

  it("stays within every limit and the total budget when everything is huge, and says how much it cut", () => {
    const huge = "<&>".repeat(20_000);
    const message = toSlackMessage({
      kind: "huge",
      recognized: false,
      title: huge,
      severity: "critical",
      summary: huge,
      body: { text: huge, markdown: true },
      fields: Array.from({ length: 200 }, () => ({ label: huge, value: huge, code: true })),
      lists: Array.from({ length: 60 }, () => ({ title: huge, items: Array.from({ length: 50 }, () => ({ text: huge })) })),
      links: Array.from({ length: 60 }, (_, index) => ({ label: huge, url: `https://example.com/${index}/${"p".repeat(2900)}` })),
      context: Array.from({ length: 60 }, () => huge),
    });
    expect(blockKitViolations(message)).toEqual([]);
    expect(unescapedMarkup(message)).toEqual([]);
    const note = truncationNote(message.blocks) ?? "";
    const shownCount = Number(/_Truncated: ([\d,]+) characters/.exec(note)?.[1].replace(/,/g, ""));
    expect(shownCount).toBeGreaterThan(1_000_000);
  });

  it("does not post a section for a blank body", () => {
    const message = toSlackMessage(notification({ body: { text: " \n\t " } }));
    expect(sectionsOf(message.blocks)).toEqual([]);
    expect(blockKitViolations(message)).toEqual([]);
  });
});

describe("every SNS fixture, rendered and adapted", () => {
  it.each(listSnsFixtures())("%s fits Slack's limits and leaks no markup", (name) => {
    const message = toSlackMessage(renderNotification(loadSnsFixture(name)));
    expect(blockKitViolations(message)).toEqual([]);
    expect(unescapedMarkup(message)).toEqual([]);
  });

  it("gives an alarm its severity, reason, fields and a console button", () => {
    const message = toSlackMessage(renderNotification(loadSnsFixture("cloudwatch-alarm-alarm")));
    expect(message.text).toBe('ALARM: "checkout-web-cpu-high" in US East (N. Virginia)');
    expect(headerOf(message.blocks)?.text.text).toBe("🔴 checkout-web-cpu-high");
    expect(sectionsOf(message.blocks)[0].text?.text).toContain("was greater than the threshold (80.0) (minimum 3 datapoints for OK -&gt; ALARM transition)");
    const fieldTexts = sectionsOf(message.blocks).flatMap((section) => section.fields ?? []).map((field) => field.text);
    expect(fieldTexts).toContain("*State*\nOK → ALARM");
    expect(fieldTexts).toContain("*Metric*\n`AWS/EC2 CPUUtilization`");
    expect(fieldTexts).toContain("*Condition*\nAverage &gt; 80% for 3 of 3 periods of 5 minutes");
    // Herald's on-call buttons lead the row; the console link follows them.
    expect(actionsOf(message.blocks)?.elements.map((element) => (element as { action_id?: string }).action_id)).toEqual([
      "herald-oncall-acknowledge", "herald-oncall-snooze-1h", "herald-oncall-snooze-4h", "herald-oncall-snooze-24h", "herald-link-0",
    ]);
    expect(actionsOf(message.blocks)?.elements[4]).toMatchObject({
      url: "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/checkout-web-cpu-high",
    });
  });

  it("escapes the mentions an alarm description carries", () => {
    const message = toSlackMessage(renderNotification(loadSnsFixture("cloudwatch-alarm-description-mentions")));
    const serialised = JSON.stringify(message);
    for (const markup of ["<!channel>", "<!here>", "<!everyone>", "<@U0123ABCD>", "<https://evil.example/phish|the runbook>", "<!subteam^"]) {
      expect(serialised).not.toContain(markup);
    }
    expect(serialised).toContain("&lt;!channel&gt; Disk almost full on &lt;@U0123ABCD&gt;'s box");
  });

  it("escapes every control sequence of a plain-text message, subject included", () => {
    const message = toSlackMessage(renderNotification(loadSnsFixture("plain-text-slack-control-sequences")));
    expect(headerOf(message.blocks)?.text.text).toBe("🔵 &lt;!here&gt; urgent &lt;@U0123ABCD&gt;");
    expect(message.text).toBe("&lt;!here&gt; urgent &lt;@U0123ABCD&gt;");
    expect(sectionsOf(message.blocks)[0].text?.text).toContain("&lt;https://evil.example/login|Reset your password&gt; &amp;amp; &amp;");
  });

  it("cuts a 50 KB message to the budget and says how much is not shown", () => {
    const message = toSlackMessage(renderNotification(loadSnsFixture("plain-text-50kb")));
    const shown = sectionsOf(message.blocks).map((section) => section.text?.text ?? "").join("");
    expect(shown.length).toBeGreaterThan(8_000);
    expect(shown.endsWith("…")).toBe(true);
    const omitted = Number(/^_Truncated: ([\d,]+) characters not shown_$/.exec(truncationNote(message.blocks) ?? "")?.[1].replace(/,/g, ""));
    expect(omitted).toBeGreaterThan(51_200 - 12_000);
    expect(omitted).toBeLessThan(51_200);
  });

  it("shows 'N more fields' for a 500-key message without a truncation note", () => {
    const message = toSlackMessage(renderNotification(loadSnsFixture("json-huge-500-keys")));
    const fieldTexts = sectionsOf(message.blocks).flatMap((section) => section.fields ?? []).map((field) => field.text);
    expect(fieldTexts.at(-1)).toBe("*More*\n470 more fields");
    expect(truncationNote(message.blocks)).toBeUndefined();
  });
});
