import { ShorthandSyntaxError } from "./errors";

/**
 * The AWS CLI's shorthand syntax, read on syntax alone (the parameter's model then gives the values
 * their types and wraps single values into lists where a list is expected):
 *
 *   parameter     = keyval *("," keyval)
 *   keyval        = key "=" [values]
 *   key           = 1*(letter / digit / "-" / "_" / "." / "#" / "/" / ":")
 *   values        = explicit-list / hash-literal / csv-list
 *   csv-list      = first-value *("," second-value)     ; "a=b,c" is a list, "a=b,c=d" two keys
 *   explicit-list = "[" [value *("," value)] "]"        ; value = explicit-list / hash-literal / first-value
 *   hash-literal  = "{" [key "=" value *("," key "=" value)] "}"
 *
 * A first value may contain "=" and spaces (trailing ones are dropped); a second value may not contain
 * "=", which is how "Values=a,b,Name=c" ends the list before "Name". Values may be 'single' or
 * "double" quoted (with \' or \" inside), and "\," is a literal comma.
 */

export type ShorthandValue = string | readonly ShorthandValue[] | { readonly [key: string]: ShorthandValue };

const KEY_CHAR = /[A-Za-z0-9\-_.#/:]/;
const WHITESPACE = /\s/;
/** Characters that cannot start an unquoted value. */
const NOT_FIRST_START = /[\s"',=[{]/;
/** Characters that end an unquoted first value (inside lists and hashes: the closing brackets). */
const ENDS_FIRST_VALUE = /["',\]}]/;
/** Characters that end an unquoted later value of a comma-separated list. */
const ENDS_SECOND_VALUE = /["',=]/;

/** True when `text` looks like shorthand (`key=…`) rather than a plain value. */
export function looksLikeShorthand(text: string): boolean {
  return /^\s*[A-Za-z0-9\-_.#/:]+\s*=/.test(text);
}

export function parseShorthand(text: string): { [key: string]: ShorthandValue } {
  return new ShorthandReader(text).parameter();
}

class ShorthandReader {
  private index = 0;

  constructor(private readonly text: string) {}

  parameter(): { [key: string]: ShorthandValue } {
    const result: Record<string, ShorthandValue> = {};
    for (;;) {
      const keyStart = this.index;
      const [key, value] = this.keyval();
      if (Object.hasOwn(result, key)) {
        throw new ShorthandSyntaxError(this.text, keyStart, `a key other than "${key}", which is already set (a "," where a space should separate two items?)`);
      }
      result[key] = value;
      this.skipWhitespace();
      if (this.atEnd()) return result;
      this.expect(",");
    }
  }

  private keyval(): [string, ShorthandValue] {
    const key = this.key();
    this.skipWhitespace();
    if (this.peek() === "@") throw new ShorthandSyntaxError(this.text, this.index, "\"=\" (loading values from files with @= is not supported)");
    this.expect("=");
    this.skipWhitespace();
    return [key, this.values()];
  }

  private key(): string {
    this.skipWhitespace();
    const start = this.index;
    while (!this.atEnd() && KEY_CHAR.test(this.text[this.index])) this.index++;
    if (this.index === start) throw new ShorthandSyntaxError(this.text, start, "a key (letters, digits, - _ . # / :)");
    const key = this.text.slice(start, this.index);
    // No AWS member is called so, and as a plain object's key it would set the object's prototype.
    if (key === "__proto__") throw new ShorthandSyntaxError(this.text, start, "a key other than __proto__");
    return key;
  }

  private values(): ShorthandValue {
    if (this.atEnd()) return "";
    if (this.peek() === "[") return this.explicitList();
    if (this.peek() === "{") return this.hashLiteral();
    return this.csvList();
  }

  private csvList(): ShorthandValue {
    const first = this.firstValue();
    this.skipWhitespace();
    if (this.peek() !== ",") return first;
    const items: string[] = [first];
    for (;;) {
      const comma = this.index;
      this.index++;
      this.skipWhitespace();
      const next = this.tryReadSecondValue();
      this.skipWhitespace();
      if (next === undefined || (!this.atEnd() && this.peek() !== ",")) {
        // Not a list item after all ("…,Name=x"): the comma separates keys; give it back.
        if (next === undefined && this.atEnd()) throw new ShorthandSyntaxError(this.text, this.index, "a value after the last \",\"");
        this.index = comma;
        break;
      }
      items.push(next);
      if (this.atEnd()) break;
    }
    return items.length === 1 ? first : items;
  }

  private explicitList(): ShorthandValue[] {
    this.expect("[");
    const items: ShorthandValue[] = [];
    this.skipWhitespace();
    while (this.peek() !== "]") {
      items.push(this.explicitValue());
      this.skipWhitespace();
      if (this.peek() !== "]") {
        this.expect(",");
        this.skipWhitespace();
      }
    }
    this.expect("]");
    return items;
  }

  private hashLiteral(): { [key: string]: ShorthandValue } {
    this.expect("{");
    const result: Record<string, ShorthandValue> = {};
    this.skipWhitespace();
    while (this.peek() !== "}") {
      const key = this.key();
      this.skipWhitespace();
      this.expect("=");
      this.skipWhitespace();
      result[key] = this.explicitValue();
      this.skipWhitespace();
      if (this.peek() !== "}") {
        this.expect(",");
        this.skipWhitespace();
      }
    }
    this.expect("}");
    return result;
  }

  private explicitValue(): ShorthandValue {
    if (this.peek() === "[") return this.explicitList();
    if (this.peek() === "{") return this.hashLiteral();
    return this.firstValue();
  }

  private firstValue(): string {
    const quoted = this.quoted();
    if (quoted !== undefined) return quoted;
    if (this.atEnd() || NOT_FIRST_START.test(this.peek())) return "";
    return this.unquoted(ENDS_FIRST_VALUE);
  }

  private tryReadSecondValue(): string | undefined {
    const quoted = this.quoted();
    if (quoted !== undefined) return quoted;
    if (this.atEnd() || NOT_FIRST_START.test(this.peek())) return undefined;
    return this.unquoted(ENDS_SECOND_VALUE);
  }

  private unquoted(ends: RegExp): string {
    let value = "";
    while (!this.atEnd()) {
      const char = this.text[this.index];
      if (char === "\\" && this.text[this.index + 1] === ",") {
        value += ",";
        this.index += 2;
        continue;
      }
      if (ends.test(char)) break;
      value += char;
      this.index++;
    }
    return value.trimEnd();
  }

  private quoted(): string | undefined {
    const quote = this.peek();
    if (quote !== "'" && quote !== '"') return undefined;
    const start = this.index;
    let value = "";
    for (this.index++; !this.atEnd(); this.index++) {
      const char = this.text[this.index];
      if (char === "\\" && this.text[this.index + 1] === quote) {
        value += quote;
        this.index++;
        continue;
      }
      if (char === quote) {
        this.index++;
        return value;
      }
      value += char;
    }
    throw new ShorthandSyntaxError(this.text, start, `a closing ${quote}`);
  }

  private expect(char: string): void {
    this.skipWhitespace();
    if (this.peek() !== char) throw new ShorthandSyntaxError(this.text, this.index, this.atEnd() ? `"${char}" before the end` : `"${char}" instead of "${this.peek()}"`);
    this.index++;
  }

  private skipWhitespace(): void {
    while (!this.atEnd() && WHITESPACE.test(this.text[this.index])) this.index++;
  }

  private peek(): string {
    return this.text[this.index] ?? "";
  }

  private atEnd(): boolean {
    return this.index >= this.text.length;
  }
}
