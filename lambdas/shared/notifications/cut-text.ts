/**
 * Shortening untrusted text for display. Cuts are always visible (they end with "…") so a reader
 * knows something is missing, and never split a UTF-16 surrogate pair (which would render as "�").
 */

export const ELLIPSIS = "…";

/** `text` shortened to at most `max` UTF-16 code units, the last of which is "…" when cut. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  return sliceCodeUnits(text, max - ELLIPSIS.length) + ELLIPSIS;
}

/** The longest prefix of at most `max` code units that does not end in half a surrogate pair. */
export function sliceCodeUnits(text: string, max: number): string {
  if (max <= 0) return "";
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const endsInHighSurrogate = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, endsInHighSurrogate ? max - 1 : max);
}

/** One line for previews and fallback text: whitespace runs (newlines included) become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
