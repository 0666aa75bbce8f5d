import { cutText } from "../notifications/cut-text";
import type { Notification, RichText } from "../notifications/model";

/**
 * A rendered notification cut to what a chat message can show, so it can wait in a channel's
 * outbox: a DynamoDB item holds at most 400 KB, and a 256 KB SNS message can render larger than
 * that (fields, lists). The caps are above what the Slack adapter shows of each part (12,000
 * characters in all), so what is posted does not change; they bound the item to well under
 * 200 KB however the text encodes.
 */
export const STORED_LIMITS = {
  title: 300,
  summary: 4_000,
  body: 12_000,
  label: 150,
  fieldValue: 2_000,
  fields: 50,
  /** Characters over all field values and list items together. */
  fieldsAndLists: 24_000,
  lists: 10,
  listItems: 100,
  listItem: 3_000,
  links: 25,
  linkUrl: 3_000,
  context: 10,
  contextItem: 300,
  shortText: 1_024,
} as const;

export function storedNotification(notification: Notification): Notification {
  const L = STORED_LIMITS;
  let left: number = L.fieldsAndLists;
  const spend = (text: string, max: number) => {
    const cut = cutText(text, Math.max(0, Math.min(max, left)));
    left -= cut.length;
    return cut;
  };
  const fields = notification.fields.slice(0, L.fields).map((field) => ({ ...field, label: cutText(field.label, L.label), value: spend(field.value, L.fieldValue) }));
  const lists = notification.lists.slice(0, L.lists).map((list) => ({
    title: cutText(list.title, L.label),
    items: list.items.slice(0, L.listItems).map((item): RichText => ({ ...item, text: spend(item.text, L.listItem) })),
  }));
  const thread = notification.thread;
  return {
    ...notification,
    kind: cutText(notification.kind, L.label),
    title: cutText(notification.title, L.title),
    summary: cutText(notification.summary, L.summary),
    ...(notification.body === undefined ? {} : { body: { ...notification.body, text: cutText(notification.body.text, L.body) } }),
    fields,
    lists,
    links: notification.links.slice(0, L.links).map((link) => ({ label: cutText(link.label, L.label), url: link.url.length > L.linkUrl ? "" : link.url })),
    context: notification.context.slice(0, L.context).map((item) => cutText(item, L.contextItem)),
    ...(notification.publisherThreadId === undefined ? {} : { publisherThreadId: cutText(notification.publisherThreadId, L.shortText) }),
    ...(notification.eventType === undefined ? {} : { eventType: cutText(notification.eventType, L.label) }),
    ...(thread === undefined ? {} : {
      thread: {
        ...thread,
        // The key identifies the conversation: kept whole unless absurdly long (it is hashed for the anchor).
        key: thread.key.length > L.shortText * 8 ? thread.key.slice(0, L.shortText * 8) : thread.key,
        ...(thread.summary === undefined ? {} : { summary: cutText(thread.summary, L.fieldValue) }),
        ...(thread.occurredAt === undefined ? {} : { occurredAt: cutText(thread.occurredAt, 64) }),
      },
    }),
  };
}
