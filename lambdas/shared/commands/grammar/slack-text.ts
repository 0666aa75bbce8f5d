/**
 * Slack sends command text escaped (`&amp; &lt; &gt;`) and with its own markup for what it
 * auto-linked: `<https://x|x>`, `<mailto:a@b.c|a@b.c>`, `<@U123>`. Commands are parsed from what the
 * person typed, so both are undone first. (The mention that addresses the bot is removed by the
 * Slack adapter before the text gets here: lambdas/shared/slack/inbound.ts.)
 */

const SLACK_MARKUP = /<([^<>]*)>/g;
const SLACK_ENTITY = /&(amp|lt|gt);/g;
const ENTITY_TEXT: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">" };

/** The text as typed: Slack's link and mention markup replaced by what it shows, entities decoded. */
export function decodeSlackText(text: string): string {
  // Markup first: a literal "<" the person typed arrives as "&lt;" and must not be read as markup.
  return text.replace(SLACK_MARKUP, (_match, inner: string) => markupText(inner)).replace(SLACK_ENTITY, (_match, name: string) => ENTITY_TEXT[name]);
}

/** What Slack shows for `<inner>`: the label when there is one (what was typed), else the target. */
function markupText(inner: string): string {
  const bar = inner.indexOf("|");
  if (bar < 0) return inner;
  const label = inner.slice(bar + 1);
  const sigil = inner.startsWith("@") || inner.startsWith("#") ? inner[0] : "";
  return label.startsWith(sigil) ? label : sigil + label;
}
