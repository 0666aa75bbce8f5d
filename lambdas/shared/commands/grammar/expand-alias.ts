import { AliasExpansionError } from "./errors";
import { isOption, readOption } from "./options";
import { quoteArg } from "./quote";
import { type Token, tokenize } from "./tokenize";

/**
 * Running an alias: its template's $variables are replaced by the arguments given after its name.
 * `$1`, `$2`… take the first, second… argument; named variables (`$function`) take the arguments
 * after those, in the order they first appear. Each argument becomes exactly one value: it is
 * quoted as needed, so an argument can never add options or words to the command.
 *
 * The result is plain text, not Slack-escaped: parse it with parseDecodedCommand.
 */

const VARIABLE = /\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/g;

/** The template's variables in argument order: ["$1", "$2", "$function"]. */
export function aliasVariables(template: string): string[] {
  const tokenized = tokenize(template);
  const order = tokenized.ok ? variableOrder(tokenized.tokens) : undefined;
  return order !== undefined && order.ok ? order.names.map((name) => `$${name}`) : [];
}

/** The alias's command with its variables filled in; throws AliasExpansionError when the arguments do not fit. */
export function expandAlias(template: string, args: readonly string[]): string {
  const tokenized = tokenize(template);
  if (!tokenized.ok) throw new AliasExpansionError(`The alias's command cannot be read: ${tokenized.message}`);
  const order = variableOrder(tokenized.tokens);
  if (!order.ok) throw new AliasExpansionError(order.message);
  const names = order.names;

  if (args.length !== names.length) {
    const variables = names.map((name) => `$${name}`);
    const needs = names.length === 0 ? "takes no arguments" : `takes ${names.length} argument${names.length === 1 ? "" : "s"} (${variables.join(" ")})`;
    const detail = args.length < names.length ? `; missing ${variables.slice(args.length).join(", ")}` : `; ${args.length} ${args.length === 1 ? "was" : "were"} given`;
    throw new AliasExpansionError(`This alias ${needs}${detail}.`);
  }

  const position = new Map(names.map((name, index) => [name, index]));
  const substitute = (text: string) => text.replace(VARIABLE, (_match, name: string) => args[position.get(name) ?? 0]);
  const words = tokenized.tokens.map((token) => {
    const option = isOption(token) ? readOption(token) : undefined;
    if (option === undefined) return quoteArg(substitute(token.text));
    if (option.inlineValue === undefined) return token.text;
    // Only values are substituted: an option's name stays as the alias's author wrote it.
    const name = token.text.slice(0, token.text.length - option.inlineValue.length - 1);
    return `${name}=${quoteArg(substitute(option.inlineValue))}`;
  });
  return words.join(" ");
}

/** Beyond this, a number is a typo rather than an argument anyone would type in chat. */
const MAX_NUMBERED_VARIABLE = 100;

type VariableOrder = { readonly ok: true; readonly names: readonly string[] } | { readonly ok: false; readonly message: string };

/** "1".."n" (up to the highest number used), then named variables by first appearance. */
function variableOrder(tokens: readonly Token[]): VariableOrder {
  let highestNumber = 0;
  const named: string[] = [];
  for (const token of tokens) {
    for (const [, name] of substitutableText(token).matchAll(VARIABLE)) {
      if (!/^\d+$/.test(name)) {
        if (!named.includes(name)) named.push(name);
        continue;
      }
      const number = Number(name);
      if (number < 1 || number > MAX_NUMBERED_VARIABLE) {
        return { ok: false, message: `Alias variables are numbered $1 to $${MAX_NUMBERED_VARIABLE}; this alias uses $${name}.` };
      }
      highestNumber = Math.max(highestNumber, number);
    }
  }
  const numbered = Array.from({ length: highestNumber }, (_, index) => String(index + 1));
  return { ok: true, names: [...numbered, ...named] };
}

/** Where variables are substituted: a whole word, or only the value of an option. */
function substitutableText(token: Token): string {
  return isOption(token) ? (readOption(token)?.inlineValue ?? "") : token.text;
}
