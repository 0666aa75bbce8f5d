import type { CommandWord } from "../operation-model";
import { quoteArg } from "./quote";

/**
 * Words as a command text that tokenizes back to the same words: for confirmations, aliases and the
 * audit log. A bare option stays bare; a quoted word stays quoted (so it stays a value).
 */
export function formatWords(words: readonly CommandWord[]): string {
  return words.map((word) => (word.bare ? bareWord(word.text) : `"${word.text.replace(/[\\"]/g, "\\$&")}"`)).join(" ");
}

const PLAIN_OPTION = /^--?[A-Za-z0-9][A-Za-z0-9_.:=,/@-]*$/;

function bareWord(text: string): string {
  return PLAIN_OPTION.test(text) ? text : quoteArg(text);
}
