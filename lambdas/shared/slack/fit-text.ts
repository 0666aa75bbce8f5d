/**
 * Escaping and cutting in one step. Slack's length limits apply to the text as sent, i.e. after
 * escaping, so cutting must measure escaped length while never splitting an entity ("&am…") or a
 * surrogate pair. Every cut ends with "…" and reports how many source characters it left out.
 */
import { escapeSlackText } from "./escape";

const ELLIPSIS = "…";

export interface FittedText {
  /** Escaped text, within the requested length. */
  readonly text: string;
  /** Characters of the source text that are not shown. */
  readonly omitted: number;
}

/** How long one UTF-16 code unit becomes once escaped. */
function escapedLength(codeUnit: number): number {
  if (codeUnit === 0x26) return 5; // &amp;
  if (codeUnit === 0x3c || codeUnit === 0x3e) return 4; // &lt; &gt;
  return 1;
}

function isHighSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xd800 && codeUnit <= 0xdbff;
}

function isLowSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xdc00 && codeUnit <= 0xdfff;
}

/**
 * How many leading code units of `raw` fit in `budget` escaped characters, without ending inside a
 * surrogate pair. With `preferBreak`, ends after the last newline or space in the second half of
 * the fitting prefix so split text reads naturally.
 */
function fittingPrefixLength(raw: string, start: number, budget: number, preferBreak: boolean): number {
  let used = 0;
  let end = start;
  let lastBreak = -1;
  while (end < raw.length) {
    const unit = raw.charCodeAt(end);
    // A surrogate pair is kept whole; a lone surrogate (malformed, but possible) counts alone.
    const width = isHighSurrogate(unit) && isLowSurrogate(raw.charCodeAt(end + 1)) ? 2 : 1;
    const cost = width === 2 ? 2 : escapedLength(unit);
    if (used + cost > budget) break;
    used += cost;
    end += width;
    if (unit === 0x0a || unit === 0x20) lastBreak = end;
  }
  if (preferBreak && end < raw.length && lastBreak > start + (end - start) / 2) return lastBreak - start;
  return end - start;
}

/** `raw` escaped, cut to at most `max` characters (the last being "…" when cut). */
export function fitEscaped(raw: string, max: number): FittedText {
  // Measured before escaping, so a huge string costs only as much as the part that fits.
  if (fittingPrefixLength(raw, 0, max, false) === raw.length) return { text: escapeSlackText(raw), omitted: 0 };
  if (max < 1) return { text: "", omitted: raw.length };
  const kept = fittingPrefixLength(raw, 0, max - ELLIPSIS.length, false);
  return { text: escapeSlackText(raw.slice(0, kept)) + ELLIPSIS, omitted: raw.length - kept };
}

/**
 * `raw` escaped and split into chunks of at most `chunkMax` characters, using at most `totalMax`
 * characters in all; the last chunk ends with "…" when text was left out.
 */
export function splitEscaped(raw: string, chunkMax: number, totalMax: number): { chunks: string[]; omitted: number } {
  const chunks: string[] = [];
  let start = 0;
  let remaining = totalMax;
  while (start < raw.length) {
    // Room for "…" is kept in every chunk: any of them may turn out to be the last one.
    const budget = Math.min(chunkMax, remaining) - ELLIPSIS.length;
    if (budget < 1) break;
    const length = fittingPrefixLength(raw, start, budget, true);
    if (length === 0) break;
    const chunk = escapeSlackText(raw.slice(start, start + length));
    chunks.push(chunk);
    remaining -= chunk.length;
    start += length;
  }
  const omitted = raw.length - start;
  if (omitted > 0) {
    if (chunks.length === 0) return { chunks: [], omitted: raw.length };
    chunks[chunks.length - 1] += ELLIPSIS;
  }
  return { chunks, omitted };
}
