import { isCatalogueService } from "../catalogue-names";
import type { CommandRequest, CommandWord, ServiceRegistry } from "../operation-model";
import { expandShortcut, findShortcut } from "../shortcuts";
import { parseAliasCommand } from "./alias-command";
import { ALIAS_NAME, COMMAND_PREFIX, isHelpWord, KEYWORDS, MAX_COMMAND_LENGTH, PRIVACY_ACTIONS } from "./limits";
import { withWordReplaced } from "./options";
import { decodeSlackText } from "./slack-text";
import { closestMatch } from "./suggest";
import { type Token, tokenize } from "./tokenize";
import { codeWord } from "./words";

/**
 * Reads what follows `/aws` (or an app mention, once `stripMention` removed the mention) into a
 * CommandRequest. Never throws: anything that is not a valid command becomes `invalid` with the
 * reason and, where one is close, the valid command it probably meant.
 */
export async function parseCommand(text: string, registry: ServiceRegistry): Promise<CommandRequest> {
  return parseDecodedCommand(decodeSlackText(String(text)), registry);
}

/**
 * Like parseCommand for text that is not Slack-escaped: an alias's expanded command, or a command
 * Herald wrote itself (formatInvocation). Decoding it again would turn a typed "&lt;" into "<".
 */
export async function parseDecodedCommand(text: string, registry: ServiceRegistry): Promise<CommandRequest> {
  try {
    return await parseText(String(text), registry);
  } catch {
    // A bug, or a service module that failed to load: still an answer, never an exception.
    return { kind: "invalid", message: "Herald could not read this command. Try `help`." };
  }
}

async function parseText(text: string, registry: ServiceRegistry): Promise<CommandRequest> {
  if (text.length > MAX_COMMAND_LENGTH) {
    return { kind: "invalid", message: `This command is ${text.length.toLocaleString("en-US")} characters long; Herald reads at most ${MAX_COMMAND_LENGTH.toLocaleString("en-US")}.` };
  }
  const tokenized = tokenize(text);
  if (!tokenized.ok) return { kind: "invalid", message: tokenized.message };
  let words = tokenized.tokens;
  // "/aws aws sns list-topics": people paste AWS CLI commands as they are.
  if (words.length > 1 && words[0].bare && words[0].text.toLowerCase() === "aws" && !registry.serviceNames().includes("aws")) words = words.slice(1);
  if (words.length === 0) return { kind: "help" };

  const first = words[0];
  const keyword = first.bare ? first.text.toLowerCase() : "";
  if (isHelpWord(keyword)) return parseHelp(text, words.slice(1), registry);
  // Every AWS service (and the always-blocked ones) goes to the catalogue as typed: it parses the rest in the worker.
  if (keyword !== "" && isCatalogueService(keyword)) return { kind: "catalogue", words: words.map(commandWord) };
  const shortcut = keyword === "" ? undefined : findShortcut(keyword);
  if (shortcut !== undefined) return { kind: "catalogue", words: expandShortcut(shortcut, words.slice(1).map(commandWord)) };
  switch (keyword) {
    case "alias":
      return parseAliasCommand(text, words.slice(1), registry);
    case "privacy":
      return parsePrivacy(words.slice(1));
    case "history":
      return words.length === 1 ? { kind: "history" } : { kind: "invalid", message: "`history` takes no arguments.", suggestion: "history" };
  }
  if (ALIAS_NAME.test(first.text)) return { kind: "alias-run", name: first.text, args: words.slice(1).map((word) => word.text) };
  return unknownCommand(first.text, registry);
}

/** `help`, `help <service>` (as `<service> help`), `help <service> <operation>` (as `<service> <operation> --help`). */
async function parseHelp(text: string, words: readonly Token[], registry: ServiceRegistry): Promise<CommandRequest> {
  if (words.length === 0) return { kind: "help" };
  const serviceName = words[0].text.toLowerCase();
  if (!isCatalogueService(serviceName)) {
    const match = suggestService(serviceName, registry);
    return {
      kind: "invalid",
      message: `${codeWord(words[0].text)} is not a service Herald supports${match ? `. Did you mean \`help ${match}\`?` : `. Services: ${serviceList(registry)}.`}`,
      suggestion: match && withWordReplaced(text, words[0], match),
    };
  }
  const service = commandWord(words[0]);
  if (words.length === 1) return { kind: "catalogue", words: [service, { text: "help", bare: true }] };
  return { kind: "catalogue", words: [service, commandWord(words[1]), { text: "--help", bare: true }] };
}

function commandWord(token: Token): CommandWord {
  return { text: token.text, bare: token.bare };
}

function parsePrivacy(words: readonly Token[]): CommandRequest {
  if (words.length === 0) return { kind: "privacy", action: "status" };
  const action = PRIVACY_ACTIONS.find((candidate) => candidate === words[0].text.toLowerCase());
  if (action !== undefined && words.length === 1) return { kind: "privacy", action };
  const match = closestMatch(words[0].text, PRIVACY_ACTIONS) ?? "status";
  return { kind: "invalid", message: `Use \`privacy status\`, \`privacy opt-out\` or \`privacy opt-in\`. Did you mean \`privacy ${match}\`?`, suggestion: `privacy ${match}` };
}

/** The closest service or Herald keyword to a mistyped first word, if any is close. */
export function suggestService(word: string, registry: ServiceRegistry): string | undefined {
  return closestMatch(word, [...registry.serviceNames(), ...KEYWORDS]);
}

/**
 * The answer for a first word that is neither a service, a keyword nor (the caller found) an alias:
 * for the caller of an `alias-run` that names no alias.
 */
export function unknownCommand(word: string, registry: ServiceRegistry): CommandRequest & { kind: "invalid" } {
  const match = suggestService(word, registry);
  const hint = match ? `Did you mean \`${match}\`?` : `Services: ${serviceList(registry)}. \`${COMMAND_PREFIX} help\` shows how to use them.`;
  return { kind: "invalid", message: `${codeWord(word)} is not a service, command or alias. ${hint}`, suggestion: match };
}

function serviceList(registry: ServiceRegistry): string {
  return registry.listedNames().map((name) => `\`${name}\``).join(", ");
}
