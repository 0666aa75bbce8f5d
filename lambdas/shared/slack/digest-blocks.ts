/**
 * A storm digest as a Slack message: a header ("47 notifications in 9 s (storm digest)"), counts by
 * source, event type and severity, then one line per notification, most severe first, each with
 * its severity, title, summary, time and link. All untrusted text is escaped; the message stays
 * within Block Kit's limits however many items it is given, and says how many it listed: the
 * caller keeps the rest queued for the next message.
 */
import type { ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from "@slack/web-api";
import type { Mention } from "../chat/chat-platform";
import type { Digest, DigestCount, DigestItem } from "../notifications/digest";
import { buildDigest } from "../notifications/digest";
import type { Severity } from "../notifications/model";
import { oneLine } from "../notifications/cut-text";
import { BLOCK_KIT_LIMITS, mentionMarkup, mrkdwn, plainText, safeHttpsUrl, SEVERITY_EMOJI, type SlackMessage, TOTAL_TEXT_BUDGET } from "./blocks";
import { boldSafe, escapeSlackText, fitEscaped } from "./text";

/** Room kept for the header, the counts and the small print. */
const FRAME_RESERVE = 1_500;
/** An item's line: never longer (readable), never shorter (still identifiable: severity, a title, the time). */
const LINE_MAX = 300;
const LINE_MIN = 80;
const TITLE_MAX = 120;
const SUMMARY_MIN = 20;
/** Labels shown per count line; the rest are summed up as "others". */
const COUNT_LABELS = 5;
const COUNT_LABEL_MAX = 40;

export interface SlackDigest {
  readonly message: SlackMessage;
  /** How many of `digest.items` (in their order) the message lists. */
  readonly listed: number;
}

export function toSlackDigest(digest: Digest, options: { mention?: Mention } = {}): SlackDigest {
  const mention = mentionMarkup(options.mention);
  const lineBudget = TOTAL_TEXT_BUDGET - FRAME_RESERVE - (mention?.length ?? 0);
  // Header, counts, small print and the mention take four blocks at most.
  const sectionBudget = BLOCK_KIT_LIMITS.blocks - 4;
  const lineMax = Math.max(LINE_MIN, Math.min(LINE_MAX, Math.floor(lineBudget / Math.max(1, digest.items.length)) - 1));

  const sections: string[] = [];
  let current = "";
  let used = 0;
  let listed = 0;
  for (const item of digest.items) {
    const line = itemLine(item, lineMax);
    const joined = current === "" ? line : `${current}\n${line}`;
    if (used + line.length + 1 > lineBudget) break;
    if (joined.length > BLOCK_KIT_LIMITS.sectionText) {
      if (sections.length + 1 >= sectionBudget) break;
      sections.push(current);
      current = line;
    } else {
      current = joined;
    }
    used += line.length + 1;
    listed++;
  }
  if (current !== "") sections.push(current);

  // Header and counts describe what this message lists.
  const shown = listed === digest.items.length ? digest : buildDigest(digest.items.slice(0, listed));
  const header: HeaderBlock = { type: "header", text: plainText(headerText(shown)) };
  const counts: SectionBlock = { type: "section", text: mrkdwn(countsText(shown)) };
  const notListed = digest.items.length - listed;
  const smallPrint: ContextBlock = {
    type: "context",
    elements: [mrkdwn(
      "Herald coalesced these because they arrived faster than Slack accepts messages here; most severe first." +
        (notListed > 0 ? ` ${notListed} more are still queued and follow in the next message.` : " Single messages resume when the storm ends."),
    )],
  };
  const blocks: KnownBlock[] = [header, counts, ...sections.map((text): SectionBlock => ({ type: "section", text: mrkdwn(text) })), smallPrint];
  const fallback = fitEscaped(`${headerText(shown)}: ${shown.counts.bySeverity.map((c) => `${c.count} ${c.label}`).join(", ")}`, BLOCK_KIT_LIMITS.fallbackText - (mention === undefined ? 0 : mention.length + 1)).text;
  if (mention === undefined) return { message: { text: fallback, blocks }, listed };
  return { message: { text: `${mention} ${fallback}`, blocks: [{ type: "section", text: { type: "mrkdwn", text: mention } }, ...blocks] }, listed };
}

function headerText(digest: Digest): string {
  const n = digest.items.length;
  return `${n} notification${n === 1 ? "" : "s"} in ${span(digest.lastAt - digest.firstAt)} (storm digest)`;
}

function span(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds === 0) return "under 1 s";
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function countsText(digest: Digest): string {
  const severity = (label: string) => `${Object.hasOwn(SEVERITY_EMOJI, label) ? SEVERITY_EMOJI[label as Severity] : SEVERITY_EMOJI.unknown} ${label}`;
  return [
    `*By source:* ${countLine(digest.counts.bySource)}`,
    `*By event type:* ${countLine(digest.counts.byEventType)}`,
    `*By severity:* ${countLine(digest.counts.bySeverity, severity)}`,
  ].join("\n");
}

function countLine(counts: readonly DigestCount[], show: (label: string) => string = (label) => label): string {
  const named = counts.slice(0, COUNT_LABELS).map((c) => `${fitEscaped(show(oneLine(c.label)), COUNT_LABEL_MAX).text} ${c.count}`);
  const others = counts.slice(COUNT_LABELS).reduce((sum, c) => sum + c.count, 0);
  return [...named, ...(others > 0 ? [`others ${others}`] : [])].join(" · ");
}

/** "🔴 *title* — summary · 12:00:03 UTC · <link|open>", escaped, at most `max` characters. */
function itemLine(item: DigestItem, max: number): string {
  const { notification } = item;
  const emoji = Object.hasOwn(SEVERITY_EMOJI, notification.severity) ? SEVERITY_EMOJI[notification.severity] : SEVERITY_EMOJI.unknown;
  const time = ` · ${shortTime(item.publishedAt)}`;
  const rawTitle = oneLine(notification.title);
  const title = fitEscaped(boldSafe(rawTitle === "" ? "Notification" : rawTitle), Math.min(TITLE_MAX, max - emoji.length - 3 - time.length));
  let line = `${emoji} *${title.text}*`;
  let room = max - line.length - time.length;
  const link = linkOf(item);
  const linkPart = link === undefined ? "" : ` · <${link}|open>`;
  const withLink = linkPart.length <= room - SUMMARY_MIN - 3;
  if (withLink) room -= linkPart.length;
  const summary = oneLine(notification.summary);
  if (summary !== "" && summary !== rawTitle && room >= SUMMARY_MIN + 3) line += ` — ${fitEscaped(summary, room - 3).text}`;
  return line + escapeSlackText(time) + (withLink ? linkPart : "");
}

/** The first https link, made safe to sit inside Slack's `<url|label>` markup. */
function linkOf(item: DigestItem): string | undefined {
  for (const link of item.notification.links) {
    const url = safeHttpsUrl(link.url);
    if (url !== undefined) return escapeSlackText(url.replace(/\|/g, "%7C"));
  }
  return undefined;
}

function shortTime(publishedAt: string): string {
  const match = /T(\d{2}:\d{2}:\d{2})/.exec(publishedAt);
  return match === null ? oneLine(publishedAt).slice(0, 30) : `${match[1]} UTC`;
}
