/**
 * The Slack adapter for notifications: the one place that knows Block Kit. It escapes every string
 * of the Notification (all of it is untrusted) and cuts the message to Slack's limits, saying what
 * it cut, so the post never fails with `invalid_blocks` or `msg_blocks_too_long`.
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from "@slack/web-api";
import type { Mention } from "../chat/chat-platform";
import type { Field, ItemList, Link, Notification, RichText, Severity } from "../notifications/model";
import { oneLine } from "../notifications/cut-text";
import { onCallButtons, onCallContextBlock } from "./on-call-blocks";
import { boldSafe, codeSafe, escapedLength, fitEscaped, splitEscaped } from "./text";

/** Slack's documented Block Kit limits (reference/slack-platform.md). */
export const BLOCK_KIT_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
  fallbackText: 4000,
} as const;

/**
 * Slack has rejected messages with `msg_blocks_too_long` at around 13,000 characters in all; staying
 * well below keeps every message postable. Counts all block text, button URLs included.
 */
export const TOTAL_TEXT_BUDGET = 12_000;

/** Small print and buttons must not crowd out the content; these caps keep them small. */
const CONTEXT_SHARE = 1500;
const CONTEXT_ELEMENT_MAX = 300;
const ACTIONS_SHARE = 2500;
const LABEL_MAX = 150;
/** Below this, a cut field or list item would say nothing useful: it is left out (and counted) instead. */
const MIN_USEFUL_TEXT = 24;
/** Room kept for the truncation note itself. */
const TRUNCATION_NOTE_RESERVE = 60;

export const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  critical: "🚨",
  high: "🔴",
  medium: "🟠",
  low: "🟡",
  info: "🔵",
  ok: "✅",
  unknown: "⚪",
};

export interface SlackMessage {
  /** Fallback and notification text: escaped, at most 4,000 characters. */
  readonly text: string;
  readonly blocks: KnownBlock[];
}

export interface SlackMessageOptions {
  /** A broadcast mention the channel's configuration asks for; Herald's own markup, the only unescaped text. */
  readonly mention?: Mention;
}

export function toSlackMessage(notification: Notification, options: SlackMessageOptions = {}): SlackMessage {
  const mention = mentionMarkup(options.mention);
  const mentionBlocks = mention === undefined ? 0 : 1;
  const budget = new MessageBudget(TOTAL_TEXT_BUDGET - TRUNCATION_NOTE_RESERVE - (mention?.length ?? 0), BLOCK_KIT_LIMITS.blocks - 1 - mentionBlocks);

  const header = headerBlock(notification, budget);
  const onCall = onCallContextBlock(notification.onCall);
  if (onCall !== undefined) budget.spend(JSON.stringify(onCall.elements).length, 1);
  const actions = actionsBlock(notification.links, budget, onCallButtons(notification));
  const context = contextBlock(notification.context, budget);
  const content = contentBlocks(notification, budget);

  const blocks: KnownBlock[] = [header, ...content];
  if (actions !== undefined) blocks.push(actions);
  if (context !== undefined) blocks.push(context);
  if (onCall !== undefined) blocks.push(onCall);
  if (budget.omitted > 0) blocks.push(truncationNote(budget.omitted));
  if (mention === undefined) return { text: fallbackText(notification), blocks };
  // Slack notifies on a mention in the fallback text and shows it in the first block.
  return {
    text: `${mention} ${fallbackText(notification, mention.length + 1)}`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: mention } }, ...blocks],
  };
}

const MENTION_MARKUP: Readonly<Record<Mention, string>> = { here: "<!here>", channel: "<!channel>" };

/** A mention's markup; checked as an own key: the mention comes from a stored configuration, not from the type system. */
export function mentionMarkup(mention: Mention | undefined): string | undefined {
  return mention !== undefined && Object.hasOwn(MENTION_MARKUP, mention) ? MENTION_MARKUP[mention] : undefined;
}

/** What is left to spend on one message, and how much source text did not fit. */
class MessageBudget {
  omitted = 0;

  constructor(
    public chars: number,
    public blocks: number,
  ) {}

  spend(chars: number, blocks = 0): void {
    this.chars -= chars;
    this.blocks -= blocks;
  }

  omit(chars: number): void {
    this.omitted += chars;
  }
}

export function plainText(text: string): PlainTextElement {
  return { type: "plain_text", text, emoji: true };
}

/** `verbatim` stops Slack from turning plain words into mentions or channel links: the text is untrusted. */
export function mrkdwn(text: string): MrkdwnElement {
  return { type: "mrkdwn", text, verbatim: true };
}

function isBlank(text: string): boolean {
  return text.trim() === "";
}

function headerBlock(notification: Notification, budget: MessageBudget): HeaderBlock {
  // Checked as an own key: a severity from outside the type must not find Object.prototype's members.
  const severity = Object.hasOwn(SEVERITY_EMOJI, notification.severity) ? notification.severity : "unknown";
  const emoji = SEVERITY_EMOJI[severity];
  const prefix = `${emoji} `;
  const rawTitle = oneLine(notification.title);
  const title = fitEscaped(isBlank(rawTitle) ? "Notification" : rawTitle, BLOCK_KIT_LIMITS.headerText - prefix.length);
  const text = prefix + title.text;
  budget.spend(text.length, 1);
  budget.omit(title.omitted);
  return { type: "header", text: plainText(text) };
}

/** Link buttons; only https URLs (a button is a click away from the browser), each at most 3,000 chars. */
function actionsBlock(links: readonly Link[], budget: MessageBudget, first: readonly Button[] = []): ActionsBlock | undefined {
  // Herald's own buttons (on-call) lead the row; their labels and values are Herald's, few and short.
  const buttons: Button[] = [...first];
  budget.spend(first.reduce((size, button) => size + (button.value?.length ?? 0) + button.text.text.length, 0));
  let share = Math.min(ACTIONS_SHARE, budget.chars);
  for (const link of links) {
    const url = safeHttpsUrl(link.url);
    if (url === undefined) {
      budget.omit(link.label.length + link.url.length);
      continue;
    }
    const rawLabel = oneLine(link.label);
    const label = fitEscaped(isBlank(rawLabel) ? "Open link" : rawLabel, BLOCK_KIT_LIMITS.buttonText);
    const cost = label.text.length + url.length;
    if (buttons.length >= BLOCK_KIT_LIMITS.actionsElements || cost > share) {
      budget.omit(link.label.length + link.url.length);
      continue;
    }
    share -= cost;
    budget.spend(cost);
    budget.omit(label.omitted);
    buttons.push({ type: "button", action_id: `herald-link-${buttons.length - first.length}`, text: plainText(label.text), url });
  }
  if (buttons.length === 0) return undefined;
  budget.spend(0, 1);
  return { type: "actions", elements: buttons };
}

export function safeHttpsUrl(candidate: string): string | undefined {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "") return undefined;
  return url.href.length <= BLOCK_KIT_LIMITS.buttonUrl ? url.href : undefined;
}

/** Small print; more than ten items are joined into the tenth rather than dropped. */
function contextBlock(items: readonly string[], budget: MessageBudget): ContextBlock | undefined {
  const shown = items.map(oneLine).filter((item) => !isBlank(item));
  if (shown.length === 0) return undefined;
  const max = BLOCK_KIT_LIMITS.contextElements;
  const merged = shown.length <= max ? shown : [...shown.slice(0, max - 1), shown.slice(max - 1).join(" · ")];
  let share = Math.min(CONTEXT_SHARE, budget.chars);
  const elements: PlainTextElement[] = [];
  for (const item of merged) {
    const fitted = fitEscaped(item, Math.min(CONTEXT_ELEMENT_MAX, share));
    if (isBlank(fitted.text)) {
      budget.omit(item.length);
      continue;
    }
    share -= fitted.text.length;
    budget.spend(fitted.text.length);
    budget.omit(fitted.omitted);
    elements.push(plainText(fitted.text));
  }
  if (elements.length === 0) return undefined;
  budget.spend(0, 1);
  return { type: "context", elements };
}

/** Body, fields and lists. The body gets what the rest does not need, but never less than half. */
function contentBlocks(notification: Notification, budget: MessageBudget): SectionBlock[] {
  const restSize = fieldsSize(notification.fields) + listsSize(notification.lists);
  const bodyShare = Math.max(Math.floor(budget.chars / 2), budget.chars - restSize);
  return [
    ...bodySections(notification.body, budget, bodyShare),
    ...fieldSections(notification.fields, budget),
    ...notification.lists.flatMap((list) => listSections(list, budget)),
  ];
}

function bodySections(body: RichText | undefined, budget: MessageBudget, share: number): SectionBlock[] {
  if (body === undefined || isBlank(body.text)) return [];
  // Chunks break at whitespace, so each is at least half a section long: this many always fit the blocks left.
  const maxChars = Math.min(share, budget.chars, Math.floor((budget.blocks * BLOCK_KIT_LIMITS.sectionText) / 2));
  const { chunks, omitted } = splitEscaped(body.text, BLOCK_KIT_LIMITS.sectionText, maxChars);
  budget.omit(omitted);
  const sections: SectionBlock[] = [];
  for (const chunk of chunks) {
    if (isBlank(chunk)) continue;
    if (budget.blocks < 1) {
      budget.omit(chunk.length);
      continue;
    }
    budget.spend(chunk.length, 1);
    sections.push({ type: "section", text: body.markdown ? mrkdwn(chunk) : plainText(chunk) });
  }
  return sections;
}

/** Fields, ten to a section. Each is "*label*" over its value; code values in backticks. */
function fieldSections(fields: readonly Field[], budget: MessageBudget): SectionBlock[] {
  const sections: SectionBlock[] = [];
  let group: MrkdwnElement[] = [];
  const flush = () => {
    if (group.length === 0) return;
    budget.spend(0, 1);
    sections.push({ type: "section", fields: group });
    group = [];
  };
  for (const [index, field] of fields.entries()) {
    if (group.length === 0 && budget.blocks < 1) {
      budget.omit(rawLength(fields.slice(index)));
      break;
    }
    const text = fieldText(field, budget);
    if (text === undefined) continue;
    group.push(mrkdwn(text));
    if (group.length === BLOCK_KIT_LIMITS.sectionFields) flush();
  }
  flush();
  return sections;
}

function rawLength(fields: readonly Field[]): number {
  return fields.reduce((sum, field) => sum + field.label.length + field.value.length, 0);
}

function fieldText(field: Field, budget: MessageBudget): string | undefined {
  const rawLabel = boldSafe(oneLine(field.label));
  const label = fitEscaped(rawLabel, LABEL_MAX);
  const labelPart = isBlank(label.text) ? "" : `*${label.text}*\n`;
  const rawValue = field.code ? codeSafe(field.value) : field.value;
  const fence = field.code ? (rawValue.includes("\n") ? "```" : "`") : "";
  const room = Math.min(BLOCK_KIT_LIMITS.fieldText, budget.chars) - labelPart.length - 2 * fence.length;
  if (room < MIN_USEFUL_TEXT) {
    budget.omit(field.label.length + field.value.length);
    return undefined;
  }
  const value = fitEscaped(rawValue, room);
  // An empty value (or empty inline code, which Slack shows as backticks) reads better as a dash.
  const shownValue = isBlank(value.text) ? "—" : `${fence}${value.text}${fence}`;
  const text = labelPart + shownValue;
  budget.spend(text.length);
  budget.omit(label.omitted + value.omitted);
  return text;
}

/** A list as "*title*" and bullets, split over several sections when long. */
function listSections(list: ItemList, budget: MessageBudget): SectionBlock[] {
  if (list.items.length === 0) return [];
  const title = fitEscaped(boldSafe(oneLine(list.title)), LABEL_MAX);
  budget.omit(title.omitted);
  const sections: SectionBlock[] = [];
  let current = isBlank(title.text) ? "" : `*${title.text}*`;
  let currentHasItems = false;
  const flush = () => {
    if (currentHasItems) {
      budget.spend(current.length, 1);
      sections.push({ type: "section", text: mrkdwn(current) });
    } else {
      // A heading with no items under it is not shown.
      budget.omit(list.title.length - title.omitted);
    }
    current = "";
    currentHasItems = false;
  };

  let shownItems = 0;
  for (const item of list.items) {
    // The section being filled needs a block of its own when it is flushed.
    if (budget.blocks < 1) break;
    let prefix = current === "" ? "• " : "\n• ";
    let room = Math.min(BLOCK_KIT_LIMITS.sectionText, budget.chars) - current.length - prefix.length;
    if (room < MIN_USEFUL_TEXT && currentHasItems) {
      // Start a new section for this item rather than cutting it to nothing.
      flush();
      if (budget.blocks < 1) break;
      prefix = "• ";
      room = Math.min(BLOCK_KIT_LIMITS.sectionText, budget.chars) - prefix.length;
    }
    if (room < MIN_USEFUL_TEXT) break;
    const fitted = fitEscaped(item.text, room);
    budget.omit(fitted.omitted);
    current += prefix + fitted.text;
    currentHasItems = true;
    shownItems++;
  }
  budget.omit(list.items.slice(shownItems).reduce((sum, item) => sum + item.text.length, 0));
  if (currentHasItems || sections.length === 0) flush();
  return sections;
}

function truncationNote(omitted: number): ContextBlock {
  const count = omitted.toLocaleString("en-US");
  const unit = omitted === 1 ? "character" : "characters";
  return { type: "context", elements: [mrkdwn(`_Truncated: ${count} ${unit} not shown_`)] };
}

function fallbackText(notification: Notification, reserved = 0): string {
  const summary = isBlank(notification.summary) ? notification.title : notification.summary;
  const text = fitEscaped(isBlank(summary) ? "Notification" : summary, BLOCK_KIT_LIMITS.fallbackText - reserved).text;
  return isBlank(text) ? "Notification" : text;
}

/** Roughly what the fields and lists would take, to share the budget with the body; stops counting past it. */
function fieldsSize(fields: readonly Field[]): number {
  let size = 0;
  for (const field of fields) {
    if (size >= TOTAL_TEXT_BUDGET) break;
    size += Math.min(escapedSize(field.label) + escapedSize(field.value) + 10, BLOCK_KIT_LIMITS.fieldText);
  }
  return size;
}

function listsSize(lists: readonly ItemList[]): number {
  let size = 0;
  for (const list of lists) {
    size += escapedSize(list.title);
    for (const item of list.items) {
      if (size >= TOTAL_TEXT_BUDGET) return size;
      size += escapedSize(item.text) + 3;
    }
  }
  return size;
}

/** Escaped length; stops counting past the whole budget. */
function escapedSize(text: string): number {
  return escapedLength(text, TOTAL_TEXT_BUDGET);
}
