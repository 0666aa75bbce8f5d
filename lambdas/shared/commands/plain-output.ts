/**
 * SDK outputs hold Dates, byte arrays and `undefined` fields. Results are queried with JMESPath and
 * shown as JSON, so they are turned into plain JSON data first, the way the AWS CLI prints them:
 * timestamps as ISO 8601 strings, blobs as base64.
 */

/** SDK outputs are shallow; this only guards against a pathological value. */
const MAX_DEPTH = 64;
const CUT_MARK = "…";

export function toPlainData(value: unknown): unknown {
  return plain(value, new Set());
}

/** `ancestors` holds the objects above this one: a cycle is shown as "…" rather than followed. */
function plain(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return typeof value === "function" || typeof value === "symbol" ? undefined : value;
  if (ancestors.size >= MAX_DEPTH || ancestors.has(value)) return CUT_MARK;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => plain(item, ancestors) ?? null);
    if (value instanceof Set) return [...value].map((item) => plain(item, ancestors) ?? null);
    const entries = value instanceof Map ? [...value.entries()].map(([key, item]) => [mapKey(key, ancestors), item] as const) : Object.entries(value);
    const record: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const converted = plain(item, ancestors);
      // defineProperty: a "__proto__" key (JSON.parse makes one from a Lambda payload) stays a key.
      if (converted !== undefined) Object.defineProperty(record, key, { value: converted, enumerable: true, writable: true, configurable: true });
    }
    return record;
  } finally {
    ancestors.delete(value);
  }
}

/** A Map key as a JSON object key: strings as they are, anything else as its JSON. */
function mapKey(key: unknown, ancestors: Set<object>): string {
  return typeof key === "string" ? key : (JSON.stringify(plain(key, ancestors)) ?? "");
}
