import { isCatalogueService } from "./catalogue-names";
import type { CommandRequest } from "./operation-model";

/**
 * When a message to Herald is a question rather than a command: `ask <question>` always; and a
 * mention that is no command (its first word names no service, alias or Herald command), so
 * `@Herald which alarms are firing?` is asked while `@Herald sns list-topics` runs as typed.
 */

const ASK = /^\s*ask(?:\s+([\s\S]*))?$/i;

/** The question of `ask <question>` ("" for a bare `ask`), or undefined when the text is not one. */
export function explicitQuestion(text: string): string | undefined {
  const match = ASK.exec(text);
  return match ? (match[1] ?? "").trim() : undefined;
}

/** A mention the grammar could not read as a command, and whose first word is no service: a question. */
export function isMentionQuestion(request: CommandRequest, text: string): boolean {
  if (request.kind !== "invalid") return false;
  const first = text.trim().split(/\s+/, 1)[0]?.replace(/^aws$/i, "") ?? "";
  return first !== "" && !isCatalogueService(first);
}
