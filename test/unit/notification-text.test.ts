import { cutText, oneLine } from "../../lambdas/shared/notifications/cut-text";
import { formatAwsTime } from "../../lambdas/shared/notifications/format-time";
import { previewJson } from "../../lambdas/shared/notifications/json-preview";
import { parseMessageJson } from "../../lambdas/shared/notifications/parse-message";

describe("cutText", () => {
  it("leaves short text alone and cuts long text with a visible ellipsis", () => {
    expect(cutText("abc", 3)).toBe("abc");
    expect(cutText("abcdef", 4)).toBe("abc…");
  });

  it("never leaves half a surrogate pair", () => {
    expect(cutText("a🚨🚨", 3)).toBe("a…");
  });

  it("makes one line of any whitespace", () => {
    expect(oneLine("  a\n\tb  c ")).toBe("a b c");
  });
});

describe("previewJson", () => {
  it("writes compact JSON", () => {
    expect(previewJson({ a: [1, "x", null, true], b: {} }, 100)).toBe('{"a":[1,"x",null,true],"b":{}}');
  });

  it("stops at the length asked for, with an ellipsis", () => {
    const preview = previewJson(Array.from({ length: 100_000 }, (_, index) => index), 50);
    expect(preview).toHaveLength(50);
    expect(preview.endsWith("…")).toBe(true);
  });

  it("does not descend into deep nesting", () => {
    let deep: unknown = "bottom";
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(previewJson(deep, 100)).toBe(`${"[".repeat(8)}[…]${"]".repeat(8)}`);
  });
});

describe("formatAwsTime", () => {
  it.each([
    ["2025-03-14T09:26:53.123+0000", "2025-03-14 09:26:53 UTC"],
    ["2025-03-14T09:26:53Z", "2025-03-14 09:26:53 UTC"],
    ["2025-03-14T09:26:53.456Z", "2025-03-14 09:26:53 UTC"],
    ["2025-03-14T09:26:53+02:00", "2025-03-14T09:26:53+02:00"],
    ["yesterday", "yesterday"],
  ])("shows %s as %s", (time, shown) => {
    expect(formatAwsTime(time)).toBe(shown);
  });
});

describe("parseMessageJson", () => {
  it("parses objects and arrays", () => {
    expect(parseMessageJson(' {"a":1}')).toEqual({ a: 1 });
    expect(parseMessageJson("[1]")).toEqual([1]);
  });

  it.each(["plain text", "42", "null", '"string"', "{broken", ""])("returns undefined for %j instead of throwing", (message) => {
    expect(parseMessageJson(message)).toBeUndefined();
  });

  it("survives (and freezes) very deep nesting", () => {
    const deep = parseMessageJson(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(Array.isArray(deep)).toBe(true);
    expect(Object.isFrozen(deep)).toBe(true);
  });

  it("does not parse messages larger than SNS allows", () => {
    expect(parseMessageJson(`{"a":"${"x".repeat(600 * 1024)}"}`)).toBeUndefined();
  });
});
