/**
 * Any EventBridge event without a renderer of its own: its detail-type as title, where and when
 * it happened, its resources and the detail fields that usually matter most (states, names,
 * identifiers, errors) first — readable fields, not a JSON dump.
 */
import { cutText } from "../cut-text";
import { boundedList, presentLists } from "../fields";
import { previewJson } from "../json-preview";
import type { Field } from "../model";
import { isRecord, scalarText, type JsonRecord } from "../untrusted-json";
import { eventBridgeRenderer } from "./renderer";

const MAX_FIELDS = 12;
const MAX_VALUE_LENGTH = 500;
/** Nested objects are shown as "outer.inner" down to this depth; deeper ones as compact JSON. */
const MAX_DEPTH = 2;
const MAX_SCALAR_ITEMS = 10;

/** Keys people look for first, in this order; the rest keep the event's own order. */
const PRIORITIES: readonly RegExp[] = [
  /(^|\.)(state|status|result|outcome)$/i,
  /(state|status)$/i,
  /(^|\.)(errorCode|errorMessage|error|reason|message)$/i,
  /(^|\.)(eventName|eventSource|action|operation)$/i,
  /name$/i,
  /(id|arn)$/i,
];

export const genericEventRenderer = eventBridgeRenderer({
  kind: "eventbridge",
  label: (event) => `EventBridge event from ${event.source}`,
  render(event) {
    const candidates = detailFields(event.detail);
    const ranked = candidates
      .map((field, index) => ({ field, index, rank: rankOf(field.label) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map((entry) => entry.field);
    const fields = ranked.slice(0, MAX_FIELDS);
    if (ranked.length > MAX_FIELDS) {
      const hidden = ranked.length - MAX_FIELDS;
      fields.push({ label: "More", value: `${hidden} more detail ${hidden === 1 ? "field" : "fields"}` });
    }
    return {
      title: event.detailType,
      severity: "info",
      summary: `${event.detailType} (${event.source}${event.region === undefined ? "" : `, ${event.region}`})`,
      fields,
      lists: presentLists(boundedList("Resources", event.resources)),
    };
  },
});

function rankOf(label: string): number {
  const rank = PRIORITIES.findIndex((pattern) => pattern.test(label));
  return rank < 0 ? PRIORITIES.length : rank;
}

/** The detail's values as fields: nested objects flattened, lists of scalars joined, empty values skipped. */
function detailFields(detail: JsonRecord): Field[] {
  const fields: Field[] = [];
  const walk = (record: JsonRecord, prefix: string, depth: number) => {
    for (const [key, value] of Object.entries(record)) {
      const label = prefix === "" ? key : `${prefix}.${key}`;
      if (isRecord(value)) {
        if (depth < MAX_DEPTH) walk(value, label, depth + 1);
        else if (Object.keys(value).length > 0) fields.push({ label, value: previewJson(value, MAX_VALUE_LENGTH), code: true });
        continue;
      }
      const text = Array.isArray(value) ? listText(value) : scalarText(value);
      if (text !== undefined) fields.push({ label: cutText(label, 120), value: cutText(text, MAX_VALUE_LENGTH) });
    }
  };
  walk(detail, "", 1);
  return fields;
}

/** "a, b, c" for lists of scalars; "3 items" for lists of objects; nothing for empty lists. */
function listText(values: readonly unknown[]): string | undefined {
  if (values.length === 0) return undefined;
  const scalars = values.map(scalarText);
  if (scalars.every((text) => text !== undefined)) {
    const shown = scalars.slice(0, MAX_SCALAR_ITEMS).join(", ");
    return values.length > MAX_SCALAR_ITEMS ? `${shown}, … (${values.length} in all)` : shown;
  }
  return `${values.length} ${values.length === 1 ? "item" : "items"}`;
}
