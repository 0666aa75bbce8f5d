/**
 * Compact, bounded JSON for showing a value inline. Unlike JSON.stringify it stops as soon as it has
 * enough text and does not descend without limit, so a huge or deeply nested message costs little
 * and cannot overflow the stack.
 */
import { cutText } from "./cut-text";

const MAX_NESTING = 8;

export function previewJson(value: unknown, maxLength: number): string {
  const parts: string[] = [];
  // One character past the limit tells cutText that something was left out.
  const limit = maxLength + 1;
  let length = 0;

  const emit = (text: string): boolean => {
    if (length >= limit) return false;
    const room = limit - length;
    parts.push(text.length > room ? text.slice(0, room) : text);
    length += Math.min(text.length, room);
    return length < limit;
  };

  const walk = (node: unknown, depth: number): boolean => {
    if (node === null || typeof node !== "object") return emit(scalarJson(node));
    const isArray = Array.isArray(node);
    if (depth >= MAX_NESTING) return emit(isArray ? "[…]" : "{…}");
    if (!emit(isArray ? "[" : "{")) return false;
    const entries: readonly (readonly [string | undefined, unknown])[] = isArray
      ? node.map((item): [undefined, unknown] => [undefined, item])
      : Object.entries(node);
    for (let index = 0; index < entries.length; index++) {
      const [key, item] = entries[index];
      if (index > 0 && !emit(",")) return false;
      if (key !== undefined && !emit(`${JSON.stringify(key)}:`)) return false;
      if (!walk(item, depth + 1)) return false;
    }
    return emit(isArray ? "]" : "}");
  };

  walk(value, 0);
  return cutText(parts.join(""), maxLength);
}

function scalarJson(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean" || value === null) return String(value);
  return value === undefined ? "null" : String(value);
}
