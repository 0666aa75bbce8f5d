import type { Token } from "./tokenize";

/**
 * Recognising options. Phones turn "--" into "—" or "–", and AWS Chatbot accepts "-param" too, so
 * all of these introduce an option; a dash before a digit does not ("-5" is a value).
 */
const OPTION_PREFIX = /^(?:--?|[—–]-?)(?=[A-Za-z])/;
const HELP_OPTIONS = new Set(["help", "h"]);

export interface OptionWord {
  /** The name as typed, lower-cased, without dashes: "topic-arn". */
  readonly name: string;
  /** The value given as `--name=value`, if any. */
  readonly inlineValue?: string;
}

export function isOption(token: Token): boolean {
  return token.bare && OPTION_PREFIX.test(token.text);
}

export function readOption(token: Token): OptionWord | undefined {
  const prefix = OPTION_PREFIX.exec(token.text);
  if (!token.bare || prefix === null) return undefined;
  const rest = token.text.slice(prefix[0].length);
  const equals = rest.indexOf("=");
  return equals < 0 ? { name: rest.toLowerCase() } : { name: rest.slice(0, equals).toLowerCase(), inlineValue: rest.slice(equals + 1) };
}

export function isHelpOption(token: Token): boolean {
  const option = readOption(token);
  return option !== undefined && option.inlineValue === undefined && HELP_OPTIONS.has(option.name);
}

/** The source text with an option's name replaced, keeping its value: for "did you mean" suggestions. */
export function withOptionRenamed(text: string, token: Token, name: string): string {
  const raw = text.slice(token.start, token.end);
  const typedName = /^(?:--?|[—–]-?)[^=\s]*/.exec(raw)?.[0] ?? raw;
  return `${text.slice(0, token.start)}--${name}${raw.slice(typedName.length)}${text.slice(token.end)}`.trim();
}

/** The source text with one word replaced. */
export function withWordReplaced(text: string, token: Token, replacement: string): string {
  return `${text.slice(0, token.start)}${replacement}${text.slice(token.end)}`.trim();
}
