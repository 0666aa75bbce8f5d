import { escapeSlackText, fitEscaped, splitEscaped, withoutHiddenCharacters } from "../../lambdas/shared/slack/text";

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

describe("withoutHiddenCharacters", () => {
  it.each([
    ["a right-to-left override", "invoice\u202Efdp.exe", "invoicefdp.exe"],
    ["bidi isolates and embeddings", "\u2066prod\u2069-\u202Adb\u202C", "prod-db"],
    ["direction marks", "a\u200Eb\u200Fc\u061Cd", "abcd"],
    ["zero-width space, joiner, non-joiner and word joiner in Latin text", "api\u200B-5xx\u200D-high\u200C\u2060", "api-5xx-high"],
    ["a byte-order mark and a soft hyphen", "\uFEFFpay\u00ADments", "payments"],
    ["Hangul fillers that show as blanks", "admin\u3164\uFFA0", "admin"],
    ["tag characters outside a flag", "ok\u{E0041}\u{E0042}", "ok"],
  ])("removes %s", (_what, text, shown) => {
    expect(withoutHiddenCharacters(text)).toBe(shown);
  });

  it.each([
    ["a family emoji", "👨\u200D👩\u200D👧"],
    ["a profession with a skin tone", "👩🏽\u200D💻"],
    ["the rainbow flag", "🏳️\u200D🌈"],
    ["a subdivision flag", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"],
    ["a Persian word with a non-joiner", "می\u200Cخواهم"],
    ["plain text", "api-5xx-high ✅ é"],
  ])("keeps %s as it is", (_what, text) => {
    expect(withoutHiddenCharacters(text)).toBe(text);
  });

  it("is applied by every escaping and cutting helper", () => {
    expect(escapeSlackText("<\u202Eb>")).toBe("&lt;b&gt;");
    expect(fitEscaped("a\u200Bb", 10)).toEqual({ text: "ab", omitted: 0 });
    expect(splitEscaped("a\u2066b", 10, 10).chunks).toEqual(["ab"]);
  });
});
