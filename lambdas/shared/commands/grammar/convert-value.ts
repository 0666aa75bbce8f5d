import type { ParamSpec } from "../operation-model";
import { normalizeSmartQuotes } from "./tokenize";
import { codeWord } from "./words";

/** A param's words converted to its type, or why they cannot be. */
export type Converted = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

const TRUE_WORDS = new Set(["true", "yes", "on", "1"]);
const FALSE_WORDS = new Set(["false", "no", "off", "0"]);

export function isBooleanWord(word: string): boolean {
  return TRUE_WORDS.has(word.toLowerCase()) || FALSE_WORDS.has(word.toLowerCase());
}

/** `words` is one word for every type but string-list, which takes one or more. */
export function convertParamValue(spec: ParamSpec, words: readonly string[]): Converted {
  const option = `\`--${spec.name}\``;
  const word = words[0] ?? "";
  const shown = codeWord(word);
  switch (spec.type) {
    case "string":
      return { ok: true, value: word };
    case "integer":
      return /^[+-]?\d{1,16}$/.test(word.trim()) && Number.isSafeInteger(Number(word))
        ? { ok: true, value: Number(word) }
        : { ok: false, message: `${option} must be a whole number, got ${shown}.` };
    case "number": {
      const value = Number(word);
      return word.trim() !== "" && Number.isFinite(value) ? { ok: true, value } : { ok: false, message: `${option} must be a number, got ${shown}.` };
    }
    case "boolean":
      if (TRUE_WORDS.has(word.toLowerCase())) return { ok: true, value: true };
      if (FALSE_WORDS.has(word.toLowerCase())) return { ok: true, value: false };
      return { ok: false, message: `${option} must be true or false, got ${shown}.` };
    case "json": {
      const parsed = parseJson(word);
      return parsed.ok ? parsed : { ok: false, message: `${option} must be JSON (${parsed.message}), got ${shown}.` };
    }
    case "string-list":
      return convertStringList(option, words);
  }
}

/** Several words, or one JSON array of strings: `--alarm-names a b` or `--alarm-names ["a","b"]`. */
function convertStringList(option: string, words: readonly string[]): Converted {
  if (words.length === 1 && words[0].trimStart().startsWith("[")) {
    const parsed = parseJson(words[0]);
    if (parsed.ok && Array.isArray(parsed.value) && parsed.value.every((item) => typeof item === "string")) return parsed;
    return { ok: false, message: `${option} takes words separated by spaces, or a JSON list of strings such as ["a", "b"].` };
  }
  return { ok: true, value: [...words] };
}

/** Phones turn " into “ ”: JSON that does not parse as typed is tried again with them undone. */
function parseJson(text: string): Converted {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    try {
      return { ok: true, value: JSON.parse(normalizeSmartQuotes(text)) as unknown };
    } catch {
      const reason = error instanceof Error ? error.message : "not valid JSON";
      return { ok: false, message: reason.length > 120 ? `${reason.slice(0, 119)}…` : reason };
    }
  }
}
