/**
 * Parsing an SNS message as JSON, once, for all renderers. Never throws: a message that is not a JSON
 * object or array (plain text, a bare number, malformed or oversized input) yields undefined.
 */

/** SNS caps messages at 256 KB; anything much larger did not come through SNS and is not worth parsing. */
const MAX_JSON_MESSAGE_LENGTH = 512 * 1024;

/** Only objects and arrays can be structured notifications; skips parsing a long plain-text message. */
const LOOKS_LIKE_JSON_CONTAINER = /^\s*[{[]/;

export function parseMessageJson(message: string): unknown {
  if (typeof message !== "string" || message.length > MAX_JSON_MESSAGE_LENGTH) return undefined;
  if (!LOOKS_LIKE_JSON_CONTAINER.test(message)) return undefined;
  try {
    // Frozen so that a renderer that tried to change it would fail (and fall through) instead of
    // silently changing what the renderers after it see.
    return deepFreeze(JSON.parse(message) as unknown);
  } catch {
    return undefined;
  }
}

/** Iterative, so a deeply nested message cannot overflow the stack. */
function deepFreeze<T>(root: T): T {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === "object" && node !== null && !Object.isFrozen(node)) {
      Object.freeze(node);
      pending.push(...Object.values(node));
    }
  }
  return root;
}
