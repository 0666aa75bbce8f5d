/**
 * Building fields and lists from untrusted event values: absent, blank or non-scalar values are
 * left out rather than shown as "undefined", and long lists say how many items they do not show.
 */
import type { Field, ItemList } from "./model";
import { scalarText } from "./untrusted-json";

/** A field for `value` when it is a string, number or boolean worth showing; otherwise undefined. */
export function optionalField(label: string, value: unknown, code = false): Field | undefined {
  const text = scalarText(value);
  if (text === undefined) return undefined;
  return code ? { label, value: text, code } : { label, value: text };
}

/** The fields that are present, in order. */
export function presentFields(...fields: readonly (Field | undefined)[]): Field[] {
  return fields.filter((field): field is Field => field !== undefined);
}

/** "a → b", "a" or "b": a state change whose old or new side may be missing. */
export function transition(from: string | undefined, to: string | undefined): string | undefined {
  if (from !== undefined && to !== undefined && from !== to) return `${from} → ${to}`;
  return to ?? from;
}

/** A list of at most `max` items; the rest are counted in a last "… and N more" item. */
export function boundedList(title: string, texts: readonly string[], max = 10): ItemList | undefined {
  if (texts.length === 0) return undefined;
  const items = texts.slice(0, max).map((text) => ({ text }));
  if (texts.length > max) items.push({ text: `… and ${texts.length - max} more` });
  return { title, items };
}

/** The scalar items of an untrusted array, as text. */
export function scalarTexts(values: readonly unknown[] | undefined): string[] {
  if (values === undefined) return [];
  return values.map(scalarText).filter((text): text is string => text !== undefined);
}

/** "SOME_ENUM_VALUE" or "someEnumValue" as "some enum value", for enum values shown in prose. */
export function humanize(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
}

/** The lists that are present, in order. */
export function presentLists(...lists: readonly (ItemList | undefined)[]): ItemList[] {
  return lists.filter((list): list is ItemList => list !== undefined);
}

/** A state as words in a sentence ("FAILED" → "failed"), or "changed state" when the event has none. */
export function stateWords(state: string | undefined): string {
  return state === undefined ? "changed state" : humanize(state);
}
