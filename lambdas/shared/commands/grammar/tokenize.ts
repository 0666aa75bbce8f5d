/**
 * Splits command text into words the way a shell would, plus what chat needs:
 * - "double" (with \" and \\ escapes) and 'single' quotes, and Slack's smart quotes “…” ‘…’;
 *   quoted parts join the word around them, as in a shell;
 * - an unquoted (, [ or { starts a span kept verbatim up to its matching bracket, spaces and quotes
 *   included, so `--payload {"a": 1}` and `--query Items[?State == 'ALARM']` need no quoting;
 * - a ’ outside quotes, or inside ‘…’ but within a word, is an apostrophe (phones type it for
 *   "don’t"), not a quote.
 */

export interface Token {
  /** The word with quotes removed. */
  readonly text: string;
  /** Where it starts and ends in the source text (end exclusive). */
  readonly start: number;
  readonly end: number;
  /** False when the word starts with a quote: then it is always a value, never an option or keyword. */
  readonly bare: boolean;
}

export type TokenizeResult = { readonly ok: true; readonly tokens: readonly Token[] } | { readonly ok: false; readonly message: string };

const DOUBLE_QUOTE = '"';
const SMART_DOUBLE_QUOTES = new Set(["“", "”", "„"]);
const SINGLE_QUOTE = "'";
const SMART_SINGLE_OPEN = "‘";
const SMART_SINGLE_CLOSE = "’";
const CLOSING_BRACKET: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };
const WHITESPACE = /\s/;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

export function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  const brackets = new BracketMatcher(text);
  let index = 0;
  while (index < text.length) {
    if (WHITESPACE.test(text[index])) {
      index++;
      continue;
    }
    const start = index;
    let word = "";
    let bare = true;
    while (index < text.length && !WHITESPACE.test(text[index])) {
      const char = text[index];
      const quoted = readQuoted(text, index);
      if (quoted !== undefined) {
        if (!quoted.ok) return { ok: false, message: quoted.message };
        if (index === start) bare = false;
        word += quoted.text;
        index = quoted.end;
        continue;
      }
      const bracketEnd = Object.hasOwn(CLOSING_BRACKET, char) ? brackets.spanEnd(index) : -1;
      if (bracketEnd > 0) {
        word += normalizeSmartQuotes(text.slice(index, bracketEnd));
        index = bracketEnd;
        continue;
      }
      word += char;
      index++;
    }
    tokens.push({ text: word, start, end: index, bare });
  }
  return { ok: true, tokens };
}

type QuotedPart = { ok: true; text: string; end: number } | { ok: false; message: string };

/** The quoted part starting at `index`, or undefined when no quote starts there. */
function readQuoted(text: string, index: number): QuotedPart | undefined {
  const char = text[index];
  if (char === DOUBLE_QUOTE) return readDoubleQuoted(text, index);
  if (SMART_DOUBLE_QUOTES.has(char)) return readUntil(text, index, (at) => SMART_DOUBLE_QUOTES.has(text[at]), "“");
  if (char === SINGLE_QUOTE) return readUntil(text, index, (at) => text[at] === SINGLE_QUOTE, SINGLE_QUOTE);
  // Phones type ’ both to close ‘…’ and as the apostrophe in "don’t": inside a word it is the apostrophe.
  if (char === SMART_SINGLE_OPEN) return readUntil(text, index, (at) => text[at] === SMART_SINGLE_CLOSE && !LETTER_OR_DIGIT.test(text[at + 1] ?? ""), SMART_SINGLE_OPEN);
  return undefined;
}

/** Inside "…", a backslash escapes " and \ only; before anything else it is kept (as in a shell). */
function readDoubleQuoted(text: string, open: number): QuotedPart {
  let value = "";
  for (let index = open + 1; index < text.length; index++) {
    const char = text[index];
    if (char === DOUBLE_QUOTE) return { ok: true, text: value, end: index + 1 };
    if (char === "\\" && (text[index + 1] === DOUBLE_QUOTE || text[index + 1] === "\\")) {
      value += text[index + 1];
      index++;
      continue;
    }
    value += char;
  }
  return unclosed(DOUBLE_QUOTE, open);
}

function readUntil(text: string, open: number, closesAt: (index: number) => boolean, quote: string): QuotedPart {
  for (let index = open + 1; index < text.length; index++) {
    if (closesAt(index)) return { ok: true, text: text.slice(open + 1, index), end: index + 1 };
  }
  return unclosed(quote, open);
}

function unclosed(quote: string, at: number): QuotedPart {
  return { ok: false, message: `The ${quote} quote at character ${at + 1} is never closed.` };
}

/**
 * Finds the bracket matching an unquoted (, [ or {, ignoring brackets inside JSON/JMESPath strings
 * ("…", '…', `…`). One scan settles every bracket opened during it (matched, or not), and those
 * answers are remembered, so text full of unbalanced brackets costs linear time, not quadratic;
 * a total step budget bounds whatever the memo does not cover.
 */
class BracketMatcher {
  private readonly ends = new Map<number, number>();
  private stepsLeft: number;

  constructor(private readonly text: string) {
    this.stepsLeft = 16 * text.length + 1_000;
  }

  /** The index just past the bracket matching the one at `open`, or -1 when it has none. */
  spanEnd(open: number): number {
    const known = this.ends.get(open);
    if (known !== undefined) return known;
    this.scan(open);
    return this.ends.get(open) ?? -1;
  }

  private scan(open: number): void {
    const { text } = this;
    const stack: { readonly at: number; readonly closer: string }[] = [];
    let inString: string | undefined;
    for (let index = open; index < text.length; index++) {
      if (--this.stepsLeft < 0) break;
      const char = text[index];
      if (inString !== undefined) {
        if (char === "\\" && inString !== "'") index++;
        else if (char === inString || (inString === DOUBLE_QUOTE && SMART_DOUBLE_QUOTES.has(char))) inString = undefined;
        continue;
      }
      if (char === DOUBLE_QUOTE || SMART_DOUBLE_QUOTES.has(char)) inString = DOUBLE_QUOTE;
      else if (char === SINGLE_QUOTE || char === "`") inString = char;
      else if (char === SMART_SINGLE_OPEN) inString = SMART_SINGLE_CLOSE;
      else if (Object.hasOwn(CLOSING_BRACKET, char)) stack.push({ at: index, closer: CLOSING_BRACKET[char] });
      else if (char === ")" || char === "]" || char === "}") {
        const top = stack.pop();
        // A mismatched closer fails every bracket still open: each would meet it first.
        if (top === undefined || top.closer !== char) break;
        this.ends.set(top.at, index + 1);
        if (stack.length === 0) return;
      }
    }
    for (const { at } of stack) this.ends.set(at, -1);
  }
}

/** Inside JSON or JMESPath, smart quotes can only be meant as the ASCII ones a phone replaced. */
export function normalizeSmartQuotes(text: string): string {
  return text.replace(/[“”„]/g, DOUBLE_QUOTE).replace(/[‘’]/g, SINGLE_QUOTE);
}
