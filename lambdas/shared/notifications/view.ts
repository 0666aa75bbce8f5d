/**
 * From a renderer's view of one message to a Notification: the part every recognised source
 * shares (small print, limits on title and summary), so each renderer supplies only what is
 * specific to its messages.
 */
import { cutText, oneLine } from "./cut-text";
import { formatAwsTime } from "./format-time";
import type { Field, ItemList, Link, Notification, RichText, Severity, ThreadHint } from "./model";

const MAX_TITLE_LENGTH = 250;
const MAX_SUMMARY_LENGTH = 300;

/** What a renderer says about one message. */
export interface NotificationView {
  readonly title: string;
  readonly severity: Severity;
  /** One line for the fallback text; defaults to the title. */
  readonly summary?: string;
  readonly body?: RichText;
  readonly fields?: readonly Field[];
  readonly lists?: readonly ItemList[];
  /** Links that could not be built (no Region, no identifier) may be undefined; they are left out. */
  readonly links?: readonly (Link | undefined)[];
  readonly thread?: ThreadHint;
  /** An alarm going off (see Notification.alarm). */
  readonly alarm?: boolean;
}

/** Where a message came from, for the small print. */
export interface MessageSource {
  /** The service, shown first ("Amazon GuardDuty"). */
  readonly label: string;
  readonly account?: string;
  readonly region?: string;
  readonly time?: string;
  /** A last line, e.g. which CodeStar notification rule sent it. */
  readonly note?: string;
  /** The event's own type name, for channel filters. */
  readonly eventType: string;
}

export function toNotification(kind: string, view: NotificationView, source: MessageSource): Notification {
  const title = cutText(oneLine(view.title), MAX_TITLE_LENGTH) || source.eventType;
  const context = [source.label];
  if (source.account !== undefined) context.push(`Account ${source.account}`);
  if (source.region !== undefined) context.push(source.region);
  if (source.time !== undefined) context.push(formatAwsTime(source.time));
  if (source.note !== undefined) context.push(source.note);
  return {
    kind,
    recognized: true,
    title,
    severity: view.severity,
    summary: cutText(oneLine(view.summary ?? title), MAX_SUMMARY_LENGTH),
    ...(view.body === undefined ? {} : { body: view.body }),
    fields: view.fields ?? [],
    lists: view.lists ?? [],
    links: (view.links ?? []).filter((link): link is Link => link !== undefined),
    context,
    eventType: source.eventType,
    ...(view.thread === undefined ? {} : { thread: view.thread }),
    ...(view.alarm === true ? { alarm: true } : {}),
  };
}

/** `{ body }` for a text that may be missing, to spread into a view. */
export function plainBody(text: string | undefined): { readonly body?: RichText } {
  return text === undefined ? {} : { body: { text } };
}
