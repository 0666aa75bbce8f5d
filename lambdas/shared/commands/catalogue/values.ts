import type { NormalizedSchema } from "@smithy/core/schema";
import { ArgumentError } from "./errors";
import { shapeKind } from "./model";
import { toCliName } from "./cli-names";

/**
 * Turns what a user typed (words, shorthand or JSON, already split into plain values) into the
 * SDK's input for one schema: numbers, booleans, Dates and byte arrays where the model says so,
 * single values wrapped into lists where it expects a list, structure keys checked against its members.
 */

export type RawValue = string | number | boolean | null | readonly RawValue[] | { readonly [key: string]: RawValue };

export interface ConvertOptions {
  /** How blob text is read: as raw text (`raw-in-base64-out`, the default here) or as base64. */
  readonly binaryFormat: "raw" | "base64";
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_DEPTH = 32;

/** `path` names the value for errors as the user wrote it: `--filters`, `--filters Values`. */
export function convertValue(schema: NormalizedSchema, raw: RawValue, path: string, options: ConvertOptions, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new ArgumentError(path, `at most ${MAX_DEPTH} levels of nesting`);
  const kind = shapeKind(schema);
  switch (kind) {
    case "string":
      if (typeof raw === "string") return raw;
      if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
      throw new ArgumentError(path, "a string");
    case "number":
      return toNumber(raw, path);
    case "boolean":
      if (typeof raw === "boolean") return raw;
      if (typeof raw === "string" && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === "true";
      throw new ArgumentError(path, "true or false");
    case "timestamp":
      return toDate(raw, path);
    case "blob":
      return toBytes(raw, path, options);
    case "document":
      return raw;
    case "list": {
      const items = Array.isArray(raw) ? (raw as readonly RawValue[]) : [raw as RawValue];
      return items.map((item) => convertValue(schema.getValueSchema(), item, path, options, depth + 1));
    }
    case "map": {
      const object = asObject(raw, path, "key=value pairs (k1=v1,k2=v2) or a JSON object");
      return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, convertValue(schema.getValueSchema(), value, `${path} ${key}`, options, depth + 1)]));
    }
    case "structure":
    case "union":
      return convertStructure(schema, raw, path, options, depth, kind === "union");
  }
}

function convertStructure(schema: NormalizedSchema, raw: RawValue, path: string, options: ConvertOptions, depth: number, union: boolean): Record<string, unknown> {
  const members = schema.getMemberSchemas();
  const names = Object.keys(members);
  const object = asObject(raw, path, `a structure (${names.slice(0, 6).join("=…,")}=…${names.length > 6 ? ",…" : ""}) in shorthand or JSON`);
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const name = findMemberName(names, key);
    if (name === undefined) throw new ArgumentError(`${path} ${key}`, `one of the keys ${names.join(", ")}`);
    result[name] = convertValue(members[name], value, `${path} ${name}`, options, depth + 1);
  }
  if (union && Object.keys(result).length !== 1) throw new ArgumentError(path, `exactly one of ${names.join(", ")}`);
  return result;
}

/** Exact member name first, then the same ignoring case, then the CLI spelling (`db-instance-identifier`). */
export function findMemberName(names: readonly string[], key: string): string | undefined {
  if (names.includes(key)) return key;
  const lower = key.toLowerCase();
  return names.find((name) => name.toLowerCase() === lower) ?? names.find((name) => toCliName(name) === lower);
}

function asObject(raw: RawValue, path: string, expected: string): Readonly<Record<string, RawValue>> {
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) return raw as Readonly<Record<string, RawValue>>;
  throw new ArgumentError(path, expected);
}

function toNumber(raw: RawValue, path: string): number {
  if (typeof raw === "number" && Number.isFinite(raw)) return raw;
  if (typeof raw === "string" && NUMBER.test(raw.trim())) return Number(raw.trim());
  throw new ArgumentError(path, "a number");
}

/** A time ago as people type it in chat: "-1h", "30m", "2 days ago", "1w". */
const TIME_AGO = /^-?(\d{1,6})\s*(s|sec|m|min|h|hr|d|day|w|week)s?(?:\s+ago)?$/i;
const TIME_AGO_MS: Readonly<Record<string, number>> = { s: 1_000, sec: 1_000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000, d: 86_400_000, day: 86_400_000, w: 604_800_000, week: 604_800_000 };

/**
 * ISO 8601 text, or a number of seconds since the epoch (as the AWS CLI reads timestamps); and,
 * beyond the CLI, "now" or a time ago ("-1h", "30m ago"), which saves looking up the time when
 * asking what happened in the last hour.
 */
function toDate(raw: RawValue, path: string): Date {
  if (typeof raw === "number" && Number.isFinite(raw)) return new Date(raw * 1000);
  if (typeof raw === "string") {
    const text = raw.trim();
    if (text.toLowerCase() === "now") return new Date();
    const ago = TIME_AGO.exec(text);
    if (ago) return new Date(Date.now() - Number(ago[1]) * TIME_AGO_MS[ago[2].toLowerCase()]);
    if (NUMBER.test(text)) return new Date(Number(text) * 1000);
    if (ISO_8601.test(text)) {
      const date = new Date(text);
      if (!Number.isNaN(date.getTime())) return date;
    }
  }
  throw new ArgumentError(path, "a timestamp: ISO 8601 (2026-01-31T12:00:00Z), seconds since the epoch, \"now\" or a time ago (-1h, 30m)");
}

function toBytes(raw: RawValue, path: string, options: ConvertOptions): Uint8Array {
  const text = typeof raw === "string" ? raw : raw !== null && typeof raw === "object" ? JSON.stringify(raw) : undefined;
  if (text === undefined) throw new ArgumentError(path, "text (blob)");
  if (options.binaryFormat === "base64") {
    if (!BASE64.test(text) || text.length % 4 !== 0) throw new ArgumentError(path, "base64 text (--cli-binary-format base64)");
    return new Uint8Array(Buffer.from(text, "base64"));
  }
  return new Uint8Array(Buffer.from(text, "utf8"));
}
