/**
 * Slack text helpers: the one place that turns untrusted text into text Slack shows as written.
 * Every rendered string (blocks.ts, digest-blocks.ts, and any other Slack message Herald builds)
 * goes through `escapeSlackText`, `fitEscaped` or `splitEscaped`, each of which
 * 1. removes hidden characters (bidi controls, zero-width and other invisible format characters),
 *    which would let a name show as something it is not (`evil\u202Egnp.exe` shows as "evilexe.png");
 * 2. escapes Slack's three markup characters; and
 * 3. when cutting to a length, measures the escaped text, never splitting an entity ("&am…") or a
 *    surrogate pair, ending every cut with "…" and reporting how many characters it left out.
 * Look-alike substitutions that keep untrusted text inside Herald's own markup (`boldSafe`,
 * `codeSafe`) live here too.
 */

const ELLIPSIS = "…";

// ---------------------------------------------------------------------------------------------
// Hidden characters
// ---------------------------------------------------------------------------------------------

/**
 * Characters that change how text is shown without showing themselves: every format character
 * (Unicode category Cf: bidi embeddings, overrides and isolates U+202A–202E and U+2066–2069, the marks
 * U+200E/U+200F/U+061C, zero-width space, joiner and non-joiner U+200B–200D, word joiner U+2060,
 * invisible operators, U+FEFF, tags…) and the Hangul fillers that render as blank letters.
 */
const HIDDEN = /[\p{Cf}\u115F\u1160\u3164\uFFA0]/u;

const ZWJ = "\u200D";
const ZWNJ = "\u200C";
/** An emoji, or what may end one before a joiner (a skin tone, a variation selector, the keycap mark). */
const EMOJI_PART = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u20E3]/u;
const EMOJI_START = /\p{Extended_Pictographic}/u;
/** Scripts in which the zero-width non-joiner is spelling (Persian, Urdu, Indic scripts). */
const JOINING_LETTER = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{M}]/u;
/** Tag characters spell subdivision flags after U+1F3F4 (🏴󠁧󠁢󠁳󠁣󠁴󠁿); anywhere else they hide text. */
const TAG = /[\u{E0020}-\u{E007F}]/u;
const BLACK_FLAG = "\u{1F3F4}";

/**
 * `text` without hidden characters, so what Slack shows is the text as it is stored. Legitimate
 * uses stay: a joiner between two emoji (👩‍💻, 👨‍👩‍👧), a non-joiner between letters of a script that
 * spells with it, and the tag sequence of a subdivision flag.
 */
export function withoutHiddenCharacters(text: string): string {
  if (!HIDDEN.test(text)) return text;
  const characters = Array.from(text);
  let flagTags = false;
  let out = "";
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index];
    if (character === BLACK_FLAG) flagTags = true;
    else if (!TAG.test(character)) flagTags = false;
    if (!HIDDEN.test(character)) {
      out += character;
      continue;
    }
    const before = characters[index - 1] ?? "";
    const after = characters[index + 1] ?? "";
    if (character === ZWJ && EMOJI_PART.test(before) && EMOJI_START.test(after)) out += character;
    else if (character === ZWNJ && JOINING_LETTER.test(before) && JOINING_LETTER.test(after)) out += character;
    else if (TAG.test(character) && flagTags) out += character;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------------

/**
 * Slack's required escaping for text Herald did not write itself (after removing hidden
 * characters). Unescaped, `<!channel>` pings a whole channel and `<https://evil|label>` forges a
 * link. Exactly these three characters, nothing else: Slack decodes only these entities, so
 * escaping more would show up as literal "&#39;".
 */
export function escapeSlackText(text: string): string {
  return escapeMarkup(withoutHiddenCharacters(text));
}

function escapeMarkup(text: string): string {
  return text.replace(/[&<>]/g, (character) => (character === "&" ? "&amp;" : character === "<" ? "&lt;" : "&gt;"));
}

/** How long `text` is once escaped, without building the escaped string; stops counting past `limit` source characters. */
export function escapedLength(text: string, limit = text.length): number {
  const counted = Math.min(text.length, limit);
  let size = text.length - counted;
  for (let index = 0; index < counted; index++) size += escapedUnitLength(text.charCodeAt(index));
  return size;
}

/** How long one UTF-16 code unit becomes once escaped. */
function escapedUnitLength(codeUnit: number): number {
  if (codeUnit === 0x26) return 5; // &amp;
  if (codeUnit === 0x3c || codeUnit === 0x3e) return 4; // &lt; &gt;
  return 1;
}

// ---------------------------------------------------------------------------------------------
// Cutting to Slack's limits
// ---------------------------------------------------------------------------------------------

export interface FittedText {
  /** Escaped text, within the requested length. */
  readonly text: string;
  /** Characters of the source text that are not shown. */
  readonly omitted: number;
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
    const cost = width === 2 ? 2 : escapedUnitLength(unit);
    if (used + cost > budget) break;
    used += cost;
    end += width;
    if (unit === 0x0a || unit === 0x20) lastBreak = end;
  }
  if (preferBreak && end < raw.length && lastBreak > start + (end - start) / 2) return lastBreak - start;
  return end - start;
}

/** `source` without hidden characters, escaped, cut to at most `max` characters (the last being "…" when cut). */
export function fitEscaped(source: string, max: number): FittedText {
  const raw = withoutHiddenCharacters(source);
  // Measured before escaping, so a huge string costs only as much as the part that fits.
  if (fittingPrefixLength(raw, 0, max, false) === raw.length) return { text: escapeMarkup(raw), omitted: 0 };
  if (max < 1) return { text: "", omitted: raw.length };
  const kept = fittingPrefixLength(raw, 0, max - ELLIPSIS.length, false);
  return { text: escapeMarkup(raw.slice(0, kept)) + ELLIPSIS, omitted: raw.length - kept };
}

/**
 * `source` without hidden characters, escaped and split into chunks of at most `chunkMax`
 * characters, using at most `totalMax` characters in all; the last chunk ends with "…" when text
 * was left out.
 */
export function splitEscaped(source: string, chunkMax: number, totalMax: number): { chunks: string[]; omitted: number } {
  const raw = withoutHiddenCharacters(source);
  const chunks: string[] = [];
  let start = 0;
  let remaining = totalMax;
  while (start < raw.length) {
    // Room for "…" is kept in every chunk: any of them may turn out to be the last one.
    const budget = Math.min(chunkMax, remaining) - ELLIPSIS.length;
    if (budget < 1) break;
    const length = fittingPrefixLength(raw, start, budget, true);
    if (length === 0) break;
    const chunk = escapeMarkup(raw.slice(start, start + length));
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

// ---------------------------------------------------------------------------------------------
// Keeping untrusted text inside Herald's markup
// ---------------------------------------------------------------------------------------------

/** A "*" inside a bold label would end the bold early; a look-alike keeps the label intact. */
export function boldSafe(text: string): string {
  return text.replace(/\*/g, "∗");
}

/** A backtick inside a code value would end the code span; a look-alike keeps it inside. */
export function codeSafe(text: string): string {
  return text.replace(/`/g, "ˋ");
}
