import type { CommandRequest, ServiceRegistry } from "../operation-model";
import { ALIAS_ACTIONS, ALIAS_NAME, KEYWORDS, MAX_ALIAS_COMMAND_LENGTH } from "./limits";
import { closestMatch } from "./suggest";
import { type Token, tokenize } from "./tokenize";
import { codeWord } from "./words";

/** `alias create <name> <command…>`, `alias list`, `alias delete <name>` (the words after "alias"). */
export async function parseAliasCommand(text: string, words: readonly Token[], registry: ServiceRegistry): Promise<CommandRequest> {
  const usage = "alias create <name> <command with $1 $2…> | alias list | alias delete <name>";
  const action = words[0]?.text.toLowerCase();
  if (action === undefined) return { kind: "invalid", message: `Which alias command? \`${usage}\``, suggestion: "alias list" };
  switch (action) {
    case "list":
      return words.length === 1 ? { kind: "alias-list" } : { kind: "invalid", message: "`alias list` takes no arguments.", suggestion: "alias list" };
    case "delete": {
      const nameProblem = aliasNameProblem(words[1]?.text, registry);
      if (nameProblem !== undefined) return { kind: "invalid", message: nameProblem, suggestion: "alias delete <name>" };
      if (words.length > 2) return { kind: "invalid", message: "`alias delete` takes one alias name.", suggestion: `alias delete ${words[1].text}` };
      return { kind: "alias-delete", name: words[1].text };
    }
    case "create":
      return parseAliasCreate(text, words, registry);
    default: {
      const match = closestMatch(action, ALIAS_ACTIONS);
      const hint = match === undefined ? `Use \`${usage}\`.` : `Did you mean \`alias ${match}\`?`;
      return { kind: "invalid", message: `${codeWord(`alias ${words[0].text}`)} is not an alias command. ${hint}`, suggestion: match && `alias ${match}` };
    }
  }
}

async function parseAliasCreate(text: string, words: readonly Token[], registry: ServiceRegistry): Promise<CommandRequest> {
  const usage = "alias create <name> <command with $1 $2…>";
  const nameProblem = aliasNameProblem(words[1]?.text, registry);
  if (nameProblem !== undefined) return { kind: "invalid", message: nameProblem, suggestion: usage };
  const name = words[1].text;
  // The template is kept as typed (quotes included), to be tokenized again when the alias runs.
  const template = words.length > 2 ? text.slice(words[2].start).trim() : "";
  if (template === "") return { kind: "invalid", message: `What should \`${name}\` run? \`${usage}\`, for example \`alias create alarms cloudwatch describe-alarms --state-value $1\`.`, suggestion: usage };
  if (template.length > MAX_ALIAS_COMMAND_LENGTH) {
    return { kind: "invalid", message: `An alias's command can be at most ${MAX_ALIAS_COMMAND_LENGTH.toLocaleString("en-US")} characters; this one has ${template.length.toLocaleString("en-US")}.` };
  }
  const templateProblem = await aliasTemplateProblem(template, registry);
  if (templateProblem !== undefined) return { kind: "invalid", message: templateProblem, suggestion: usage };
  return { kind: "alias-create", name, template };
}

/** Why `name` cannot name an alias, or undefined when it can. */
export function aliasNameProblem(name: string | undefined, registry: ServiceRegistry): string | undefined {
  if (name === undefined) return "Which alias? Give its name.";
  if (!ALIAS_NAME.test(name)) return `${codeWord(name)} cannot be an alias name: use 1–100 letters, digits, - and _.`;
  const lower = name.toLowerCase();
  if (registry.serviceNames().includes(lower) || (KEYWORDS as readonly string[]).includes(lower)) {
    return `${codeWord(name)} is a Herald command; choose another alias name.`;
  }
  return undefined;
}

/** An alias runs an AWS command: its first words must be a service and one of its operations. */
async function aliasTemplateProblem(template: string, registry: ServiceRegistry): Promise<string | undefined> {
  const tokenized = tokenize(template);
  if (!tokenized.ok) return `The alias's command cannot be read: ${tokenized.message}`;
  // "aws sns …" is accepted as "sns …", as when running a command.
  const words = tokenized.tokens[0]?.text.toLowerCase() === "aws" && tokenized.tokens.length > 1 ? tokenized.tokens.slice(1) : tokenized.tokens;
  const [serviceWord] = words;
  const serviceName = serviceWord.text.toLowerCase();
  if (!registry.serviceNames().includes(serviceName)) {
    const match = closestMatch(serviceName, registry.serviceNames());
    return `An alias runs an AWS command, and ${codeWord(serviceWord.text)} is not a service${match ? `: did you mean \`${match}\`?` : "."}`;
  }
  // The operation and its options are the catalogue's to check when the alias runs.
  return undefined;
}
