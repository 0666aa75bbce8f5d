/**
 * A Slack message as terminal text, for `herald slack`: headers, section text and fields, context,
 * buttons as [labels]. Slack's entities (&amp; &lt; &gt;) are decoded; mrkdwn is left as typed.
 */
export function slackMessageText(message: unknown): string {
  if (typeof message !== "object" || message === null) return String(message);
  const { text, blocks } = message as { text?: unknown; blocks?: unknown };
  const lines = Array.isArray(blocks) ? blocks.flatMap(blockLines) : [];
  const shown = lines.length ? lines : [typeof text === "string" ? text : ""];
  return decode(shown.join("\n"));
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const textOf = (value: unknown): string => (isObject(value) && typeof value.text === "string" ? value.text : "");

function blockLines(block: unknown): string[] {
  if (!isObject(block)) return [];
  switch (block.type) {
    case "header":
      return [textOf(block.text).toUpperCase()];
    case "section": {
      const fields = Array.isArray(block.fields) ? block.fields.map(textOf).map((field) => field.replace(/\n/, ": ")) : [];
      return [textOf(block.text), ...fields].filter(Boolean);
    }
    case "context":
      return Array.isArray(block.elements) ? [block.elements.map(textOf).filter(Boolean).join(" · ")] : [];
    case "actions":
      return Array.isArray(block.elements) ? [block.elements.map((element) => `[${textOf(isObject(element) ? element.text : undefined)}]`).join(" ")] : [];
    case "divider":
      return ["---"];
    default:
      return [];
  }
}

function decode(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
