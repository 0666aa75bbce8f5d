/** The words and limits of Herald's command language, shared by the parser, aliases and help. */

/** The slash command (or app mention) people type before a command; help text shows it. */
export const COMMAND_PREFIX = "/aws";

/** Words that are commands of their own; they cannot be alias names. */
export const KEYWORDS = ["help", "alias", "privacy", "history"] as const;
export const PRIVACY_ACTIONS = ["status", "opt-out", "opt-in"] as const;
export const ALIAS_ACTIONS = ["create", "list", "delete"] as const;

/** AWS Chatbot's alias limits: names up to 100 characters, commands up to 5,000. */
export const ALIAS_NAME = /^[A-Za-z0-9_-]{1,100}$/;
export const MAX_ALIAS_COMMAND_LENGTH = 5_000;

/** Far above anything typed in chat; bounds the parser's work on hostile input. */
export const MAX_COMMAND_LENGTH = 12_000;

/** Options every operation accepts. */
export const GLOBAL_OPTIONS = ["region", "query"] as const;

export function isHelpWord(word: string): boolean {
  return ["help", "--help", "-help", "-h", "—help", "–help"].includes(word.toLowerCase());
}
