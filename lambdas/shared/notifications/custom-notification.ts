/**
 * AWS Chatbot custom notifications (schema version 1.0, source "custom"), so publishers that already
 * target the managed service work unchanged. Where the managed service rejects over-long values,
 * Herald cuts them visibly instead: a notification is never dropped for being too long.
 */
import { cutText, oneLine } from "./cut-text";
import type { Field, ItemList, Notification, Renderer, RichText, SnsNotificationInput, ThreadHint } from "./model";
import { arrayAt, isRecord, recordAt, scalarText, stringAt, valueAt, type JsonRecord } from "./untrusted-json";

/** Documented limits of the managed service (see reference/aws-chatbot.md). */
export const CUSTOM_NOTIFICATION_LIMITS = {
  title: 250,
  description: 8000,
  nextStep: 350,
  keyword: 75,
} as const;

/** Not documented; large enough for any real use, small enough that one message cannot flood a channel. */
const MAX_LIST_ITEMS = 25;
const MAX_ADDITIONAL_CONTEXT = 20;
const MAX_CONTEXT_VALUE = 1000;
const MAX_SUMMARY_LENGTH = 300;

export const customNotificationRenderer: Renderer = {
  kind: "custom",
  render: renderCustomNotification,
};

export function renderCustomNotification(input: SnsNotificationInput, parsed: unknown): Notification | undefined {
  if (!isRecord(parsed)) return undefined;
  if (valueAt(parsed, "version") !== "1.0" || valueAt(parsed, "source") !== "custom") return undefined;
  const content = recordAt(parsed, "content");
  const description = content && stringAt(content, "description");
  if (content === undefined || description === undefined) return undefined;
  const metadata = recordAt(parsed, "metadata");

  const rawTitle = stringAt(content, "title");
  const title =
    rawTitle === undefined ? "Custom notification" : cutText(oneLine(rawTitle), CUSTOM_NOTIFICATION_LIMITS.title);
  const body: RichText = { text: cutText(description, CUSTOM_NOTIFICATION_LIMITS.description), markdown: true };

  const lists: ItemList[] = [];
  const nextSteps = textItems(arrayAt(content, "nextSteps"), CUSTOM_NOTIFICATION_LIMITS.nextStep);
  if (nextSteps.length > 0) lists.push({ title: "Next steps", items: nextSteps.map((text) => ({ text, markdown: true })) });
  const keywords = textItems(arrayAt(content, "keywords"), CUSTOM_NOTIFICATION_LIMITS.keyword);
  if (keywords.length > 0) lists.push({ title: "Keywords", items: keywords.map((text) => ({ text })) });

  const fields: Field[] = [];
  if (metadata !== undefined) {
    fields.push(...relatedResourceFields(arrayAt(metadata, "relatedResources")));
    fields.push(...additionalContextFields(recordAt(metadata, "additionalContext")));
  }

  const context = ["Custom notification"];
  const eventType = metadata && stringAt(metadata, "eventType");
  if (eventType !== undefined) context.push(`Event type: ${cutText(oneLine(eventType), 200)}`);
  const id = stringAt(parsed, "id");
  if (id !== undefined) context.push(`ID: ${cutText(oneLine(id), 200)}`);

  const summary = (metadata && stringAt(metadata, "summary")) ?? rawTitle ?? description;
  const publisherThreadId = metadata && stringAt(metadata, "threadId");
  return {
    kind: customNotificationRenderer.kind,
    recognized: true,
    title,
    severity: "info",
    summary: cutText(oneLine(summary), MAX_SUMMARY_LENGTH),
    body,
    fields,
    lists,
    links: [],
    context,
    eventType: eventType ?? "Custom notification",
    ...(publisherThreadId === undefined ? {} : { publisherThreadId, thread: customThread(publisherThreadId, input.timestamp, metadata && stringAt(metadata, "summary")) }),
  };
}

/** One thread per publisher's thread id; any message may start it, and each one shows on the parent as the latest. */
function customThread(publisherThreadId: string, publishedAt: string, summary: string | undefined): ThreadHint {
  return {
    key: `custom:${publisherThreadId}`,
    opens: true,
    updatesParent: true,
    ...(typeof publishedAt === "string" ? { occurredAt: publishedAt } : {}),
    ...(summary === undefined ? {} : { summary: cutText(oneLine(summary), MAX_SUMMARY_LENGTH) }),
  };
}

/** Text items of a list, each cut to `maxLength`; non-text items are skipped, overflow is counted. */
function textItems(values: readonly unknown[] | undefined, maxLength: number): string[] {
  if (values === undefined) return [];
  const texts = values.map(scalarText).filter((text): text is string => text !== undefined);
  const shown = texts.slice(0, MAX_LIST_ITEMS).map((text) => cutText(text, maxLength));
  if (texts.length > MAX_LIST_ITEMS) shown.push(`… and ${texts.length - MAX_LIST_ITEMS} more`);
  return shown;
}

function relatedResourceFields(resources: readonly unknown[] | undefined): Field[] {
  const items = textItems(resources, MAX_CONTEXT_VALUE);
  if (items.length === 0) return [];
  // One resource per line, as code: they are ARNs and identifiers.
  return [{ label: items.length === 1 ? "Related resource" : "Related resources", value: items.join("\n"), code: true }];
}

function additionalContextFields(additionalContext: JsonRecord | undefined): Field[] {
  if (additionalContext === undefined) return [];
  const entries = Object.entries(additionalContext);
  const fields: Field[] = entries.slice(0, MAX_ADDITIONAL_CONTEXT).map(([key, value]) => ({
    label: cutText(key, 100),
    value: cutText(scalarText(value) ?? safeJson(value), MAX_CONTEXT_VALUE),
  }));
  if (entries.length > MAX_ADDITIONAL_CONTEXT) {
    fields.push({ label: "More context", value: `${entries.length - MAX_ADDITIONAL_CONTEXT} more fields` });
  }
  return fields;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return "(unreadable value)";
  }
}
