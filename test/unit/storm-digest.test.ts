/**
 * Storm digests: the platform-neutral model (order, counts) and its Slack rendering (escaping,
 * Block Kit limits, every listed item identifiable, nothing listed that was not counted).
 */
import { buildDigest, type DigestItem } from "../../lambdas/shared/notifications/digest";
import type { Notification, Severity } from "../../lambdas/shared/notifications/model";
import { toSlackDigest } from "../../lambdas/shared/slack/digest-blocks";
import { blockKitViolations } from "./helpers/block-kit-limits";

const base: Notification = { kind: "cloudwatch-alarm", recognized: true, title: "t", severity: "info", summary: "s", fields: [], lists: [], links: [], context: [] };
const item = (n: number, overrides: Partial<Notification> = {}, second = n): DigestItem => ({
  id: `item-${n}`,
  notification: { ...base, title: `alarm-${String(n).padStart(4, "0")}`, summary: `summary of ${n}`, ...overrides },
  publishedAt: new Date(Date.UTC(2026, 10, 28, 12, 0, second % 60)).toISOString(),
});
const text = (message: { blocks: unknown[]; text: string }) => JSON.stringify(message.blocks);

describe("the digest model", () => {
  test("most severe first (critical > high > medium > low > unknown > info > ok), equally severe oldest first", () => {
    const order: Severity[] = ["ok", "info", "unknown", "low", "medium", "high", "critical", "high"];
    const digest = buildDigest(order.map((severity, n) => item(n, { severity })));
    expect(digest.items.map((each) => each.notification.severity)).toEqual(["critical", "high", "high", "medium", "low", "unknown", "info", "ok"]);
    expect(digest.items.filter((each) => each.notification.severity === "high").map((each) => each.id)).toEqual(["item-5", "item-7"]);
  });

  test("counts by source, event type and severity, largest first; the span runs from the oldest to the newest", () => {
    const digest = buildDigest([
      item(0, { kind: "guardduty-finding", eventType: "GuardDuty Finding", severity: "high" }),
      item(1, { eventType: "CloudWatch Alarm State Change", severity: "high" }),
      item(9, { eventType: "CloudWatch Alarm State Change", severity: "critical" }),
    ]);
    expect(digest.counts.bySource).toEqual([{ label: "cloudwatch-alarm", count: 2 }, { label: "guardduty-finding", count: 1 }]);
    expect(digest.counts.byEventType[0]).toEqual({ label: "CloudWatch Alarm State Change", count: 2 });
    expect(digest.counts.bySeverity).toEqual([{ label: "critical", count: 1 }, { label: "high", count: 2 }]);
    expect(digest.lastAt - digest.firstAt).toBe(9_000);
  });
});

describe("the digest in Slack", () => {
  test("a header that says what it is, the counts, one line per item with severity, title, summary, time and link", () => {
    const digest = buildDigest([
      item(0, { severity: "critical", links: [{ label: "Console", url: "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/x" }] }),
      ...Array.from({ length: 46 }, (_, n) => item(n + 1, {}, 9)),
    ]);
    const { message, listed } = toSlackDigest(digest);
    expect(listed).toBe(47);
    expect(message.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "47 notifications in 9 s (storm digest)", emoji: true } });
    expect(text(message)).toContain("*By severity:* 🚨 critical 1 · 🔵 info 46");
    expect(text(message)).toContain("🚨 *alarm-0000* — summary of 0 · 12:00:00 UTC · <https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/x|open>");
    expect(message.text).toBe("47 notifications in 9 s (storm digest): 1 critical, 46 info");
    expect(blockKitViolations(message)).toEqual([]);
  });

  test("hostile titles and summaries are escaped: no mention, no forged link, no broken bold", () => {
    const digest = buildDigest([
      item(1, { title: "<!channel> *bold* <https://evil.example|click>", summary: "& <@U123> <!here>" }),
      item(2, { links: [{ label: "x", url: "https://example.com/a|b>c&d" }, { label: "y", url: "javascript:alert(1)" }] }),
    ]);
    const { message } = toSlackDigest(digest);
    expect(message.blocks[0]).toMatchObject({ text: { text: "2 notifications in 1 s (storm digest)" } });
    expect(toSlackDigest(buildDigest([item(1), item(2, {}, 1)])).message.text).toMatch(/^2 notifications in under 1 s \(storm digest\)/);
    const wire = text(message) + message.text;
    expect(wire).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
    expect(wire).toContain("&lt;!channel&gt; ∗bold∗ &lt;https://evil.example|click&gt;");
    expect(wire).toContain("&amp; &lt;@U123&gt;");
    expect(wire).not.toContain("javascript:");
    expect(wire).toContain("<https://example.com/a%7Cb%3Ec&amp;d|open>");
  });

  test("200 items with long titles stay within Block Kit's limits; every listed item is identifiable, the rest said to be still queued", () => {
    const long = "x".repeat(500);
    const digest = buildDigest(Array.from({ length: 200 }, (_, n) => item(n, { title: `alarm-${String(n).padStart(4, "0")} ${long}`, summary: long, links: [{ label: "l", url: `https://example.com/${long}` }] })));
    const { message, listed } = toSlackDigest(digest);
    expect(blockKitViolations(message)).toEqual([]);
    expect(listed).toBeGreaterThanOrEqual(100);
    const wire = text(message);
    for (const each of digest.items.slice(0, listed)) expect(wire).toContain(each.notification.title.slice(0, 10));
    for (const each of digest.items.slice(listed)) expect(wire).not.toContain(each.notification.title.slice(0, 10));
    expect(wire).toContain(`${200 - listed} more are still queued`);
    expect(message.blocks[0]).toMatchObject({ text: { text: `${listed} notifications in 59 s (storm digest)` } });
  });

  test("40 items with everything long: all listed (the drainer's digest size always fits)", () => {
    const long = "<&>".repeat(400);
    const digest = buildDigest(Array.from({ length: 40 }, (_, n) => item(n, { title: `alarm-${n} ${long}`, summary: long })));
    const { message, listed } = toSlackDigest(digest, { mention: "channel" });
    expect(listed).toBe(40);
    expect(blockKitViolations(message)).toEqual([]);
    expect(message.text.startsWith("<!channel> ")).toBe(true);
  });
});
