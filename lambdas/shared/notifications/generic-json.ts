/**
 * Any JSON Herald has no dedicated renderer for (EventBridge events, application payloads). Shown as
 * a readable key/value view instead of being dropped, which is what the managed service does.
 */
import { cutText, oneLine } from "./cut-text";
import { formatAwsTime } from "./format-time";
import { previewJson } from "./json-preview";
import type { Field, Notification, Renderer, SnsNotificationInput } from "./model";
import { isRecord, stringAt, type JsonRecord } from "./untrusted-json";

/** Keys that usually name an event, in order of preference ("detail-type" is EventBridge's). */
const TITLE_KEYS = ["detail-type", "title", "subject", "Subject"] as const;

/** Enough to read a typical event at a glance; the rest is counted, not shown. */
const MAX_FIELDS = 30;
/** Nested objects are flattened into dotted keys down to this depth, then shown as compact JSON. */
const MAX_FLATTEN_DEPTH = 3;
const MAX_VALUE_LENGTH = 500;
const MAX_LABEL_LENGTH = 120;
const MAX_TITLE_LENGTH = 250;

export const genericJsonRenderer: Renderer = {
  kind: "json",
  render: renderGenericJson,
};

export function renderGenericJson(input: SnsNotificationInput, parsed: unknown): Notification | undefined {
  if (typeof parsed !== "object" || parsed === null) return undefined;

  const collector = new FieldCollector();
  if (Array.isArray(parsed)) {
    parsed.forEach((item, index) => collector.add(`[${index}]`, item, 1));
  } else {
    for (const [key, value] of Object.entries(parsed)) collector.add(key, value, 1);
  }
  const fields = collector.fields;
  if (collector.hidden > 0) {
    fields.push({ label: "More", value: `${collector.hidden} more ${collector.hidden === 1 ? "field" : "fields"}` });
  }

  const title = cutText(oneLine(titleOf(parsed, input.subject)), MAX_TITLE_LENGTH);
  const context = [Array.isArray(parsed) ? "JSON list (not a recognised format)" : "JSON message (not a recognised format)"];
  if (input.timestamp) context.push(`Published ${formatAwsTime(input.timestamp)}`);

  return {
    kind: genericJsonRenderer.kind,
    recognized: false,
    title,
    severity: "info",
    summary: title,
    fields,
    lists: [],
    links: [],
    context,
  };
}

function titleOf(parsed: object, subject: string | undefined): string {
  if (isRecord(parsed)) {
    for (const key of TITLE_KEYS) {
      const value = stringAt(parsed, key);
      if (value !== undefined) return value;
    }
  }
  return subject !== undefined && subject.trim() !== "" ? subject : "Notification";
}

/** Walks the message in key order, depth first, keeping the first MAX_FIELDS fields and counting the rest. */
class FieldCollector {
  readonly fields: Field[] = [];
  hidden = 0;

  add(label: string, value: unknown, depth: number): void {
    if (isRecord(value) && depth < MAX_FLATTEN_DEPTH && Object.keys(value).length > 0) {
      this.addNested(label, value, depth);
      return;
    }
    if (this.fields.length >= MAX_FIELDS) {
      this.hidden++;
      return;
    }
    this.fields.push(toField(label, value));
  }

  private addNested(label: string, record: JsonRecord, depth: number): void {
    for (const [key, value] of Object.entries(record)) this.add(`${label}.${key}`, value, depth + 1);
  }
}

function toField(label: string, value: unknown): Field {
  const shownLabel = cutText(label === "" ? "(empty key)" : label, MAX_LABEL_LENGTH);
  if (typeof value === "string" && value !== "") return { label: shownLabel, value: cutText(value, MAX_VALUE_LENGTH) };
  // Numbers, booleans, null, "", arrays and deep objects: compact JSON, as code, so their type shows.
  return { label: shownLabel, value: previewJson(value, MAX_VALUE_LENGTH), code: true };
}
