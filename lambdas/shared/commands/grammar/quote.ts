/**
 * Writes a value so that the tokenizer reads it back as exactly that value, as one word and never
 * as an option: plain when that is safe, else in double quotes with " and \ escaped.
 */

// Characters that are never special to the tokenizer; anything else (spaces, quotes, brackets) is quoted.
const PLAIN_WORD = /^[A-Za-z0-9_.,:/@%+=^~!*?#|$-]+$/;
// A leading dash before a letter would read as an option.
const OPTION_LIKE = /^(-|—|–)/;

export function quoteArg(value: string): string {
  if (PLAIN_WORD.test(value) && !OPTION_LIKE.test(value)) return value;
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}
