import { escapeSlackText } from "../../lambdas/shared/slack/escape";
import { fitEscaped, splitEscaped } from "../../lambdas/shared/slack/fit-text";

describe("escapeSlackText", () => {
  it("escapes exactly &, < and >", () => {
    expect(escapeSlackText("a & b < c > d")).toBe("a &amp; b &lt; c &gt; d");
  });

  it.each([
    ["<!channel>", "&lt;!channel&gt;"],
    ["<!here>", "&lt;!here&gt;"],
    ["<!everyone>", "&lt;!everyone&gt;"],
    ["<@U123>", "&lt;@U123&gt;"],
    ["<!subteam^S123|@oncall>", "&lt;!subteam^S123|@oncall&gt;"],
    ["<https://evil|x>", "&lt;https://evil|x&gt;"],
  ])("neutralises %s", (markup, escaped) => {
    expect(escapeSlackText(markup)).toBe(escaped);
  });

  it("leaves everything else alone (quotes, markdown, entities-to-be, Unicode)", () => {
    const untouched = `"quotes" 'apostrophes' *bold* _it_ \`code\` ~s~ :emoji: é 🚨 \\ / #C123 @here`;
    expect(escapeSlackText(untouched)).toBe(untouched);
  });

  it("escapes an existing entity again, so text shows exactly as it was sent", () => {
    expect(escapeSlackText("&amp; &lt;")).toBe("&amp;amp; &amp;lt;");
  });
});

describe("fitEscaped", () => {
  it("returns short text escaped and whole", () => {
    expect(fitEscaped("a<b", 10)).toEqual({ text: "a&lt;b", omitted: 0 });
  });

  it("measures the escaped length and never splits an entity", () => {
    // "&&&&" escapes to 20 characters; 12 leave room for two entities and the ellipsis.
    expect(fitEscaped("&&&&", 12)).toEqual({ text: "&amp;&amp;…", omitted: 2 });
  });

  it("never splits a surrogate pair", () => {
    const fitted = fitEscaped("🚨🚨🚨", 4);
    expect(fitted).toEqual({ text: "🚨…", omitted: 4 });
  });

  it("returns nothing when nothing fits", () => {
    expect(fitEscaped("abc", 0)).toEqual({ text: "", omitted: 3 });
  });
});

describe("splitEscaped", () => {
  it("splits long text into chunks within the chunk size, preferring whitespace", () => {
    const text = "word ".repeat(100);
    const { chunks, omitted } = splitEscaped(text, 50, 10_000);
    expect(omitted).toBe(0);
    expect(chunks.join("")).toBe(text);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(50);
      expect(chunk.endsWith(" ")).toBe(true);
    }
  });

  it("stops at the total, ends the last chunk with an ellipsis and counts what it left out", () => {
    const { chunks, omitted } = splitEscaped("x".repeat(1000), 100, 250);
    expect(chunks.join("").length).toBeLessThanOrEqual(250);
    expect(chunks.at(-1)?.endsWith("…")).toBe(true);
    expect(omitted).toBe(1000 - chunks.join("").replace("…", "").length);
  });

  it("keeps entities whole across chunk boundaries", () => {
    const { chunks } = splitEscaped("<".repeat(100), 10, 10_000);
    for (const chunk of chunks) expect(chunk).toMatch(/^(&lt;)+…?$/);
    expect(chunks.join("")).toBe("&lt;".repeat(100));
  });
});
