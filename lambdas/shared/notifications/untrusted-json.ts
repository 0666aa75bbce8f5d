/**
 * Safe reads from a parsed SNS message. The message is untrusted: any key may be missing or hold
 * any JSON type, so renderers read it only through these helpers, which return undefined rather
 * than throw and only ever look at the object's own properties (never its prototype).
 */

export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function own(record: JsonRecord, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A string value, or undefined when absent, not a string, or only whitespace. */
export function stringAt(record: JsonRecord, key: string): string | undefined {
  const value = own(record, key);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** A finite number, also accepted when sent as a numeric string (some publishers quote numbers). */
export function numberAt(record: JsonRecord, key: string): number | undefined {
  const value = own(record, key);
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return undefined;
}

export function recordAt(record: JsonRecord, key: string): JsonRecord | undefined {
  const value = own(record, key);
  return isRecord(value) ? value : undefined;
}

export function arrayAt(record: JsonRecord, key: string): readonly unknown[] | undefined {
  const value = own(record, key);
  return Array.isArray(value) ? value : undefined;
}

/** The raw value of an own property, for callers that handle every type themselves. */
export function valueAt(record: JsonRecord, key: string): unknown {
  return own(record, key);
}

/** Strings, numbers and booleans as text; anything else (objects, arrays, null) is skipped. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return undefined;
}

/** A lookup-table entry for an untrusted key; `table["constructor"]` would otherwise find Object's. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The value at a path of own keys; undefined as soon as a step is missing or not an object. */
export function valueAtPath(record: JsonRecord | undefined, ...keys: readonly string[]): unknown {
  let node: unknown = record;
  for (const key of keys) {
    if (!isRecord(node)) return undefined;
    node = own(node, key);
  }
  return node;
}

/** A non-blank string at a path of own keys. */
export function stringAtPath(record: JsonRecord | undefined, ...keys: readonly string[]): string | undefined {
  const value = valueAtPath(record, ...keys);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** An object at a path of own keys. */
export function recordAtPath(record: JsonRecord | undefined, ...keys: readonly string[]): JsonRecord | undefined {
  const value = valueAtPath(record, ...keys);
  return isRecord(value) ? value : undefined;
}
