import { setTimeout as sleep } from "node:timers/promises";
import type { Notification } from "../notifications/model";
import type { CommandSuggestion } from "../privacy";
import { inlineCode } from "./messages";
import type { CommandCaller, CommandRequest } from "./operation-model";

/**
 * What stored command inputs are for in an answer made of suggestions (help, an unknown or partial
 * command): the channel's own commands for what the member was reaching for, most used first. With
 * sharing off there are none and the answer stays the grammar's default.
 */

export const USUAL_COMMANDS_TITLE = "Often used in this channel";

export interface UsualCommandsSource {
  usualCommands(caller: CommandCaller, prefix?: string): Promise<readonly CommandSuggestion[]>;
  readonly serviceNames: () => readonly string[];
}

/**
 * `answer` with the channel's usual commands appended, for help and invalid requests; any other
 * answer unchanged. A history that does not answer within `timeoutMs` is skipped (the command
 * function has 3 seconds for everything).
 */
export async function withUsualCommands(answer: Notification, request: CommandRequest, typed: string, caller: CommandCaller, source: UsualCommandsSource, timeoutMs = 1_000): Promise<Notification> {
  if (request.kind !== "help" && request.kind !== "invalid") return answer;
  const prefix = prefixFor(request, typed, source.serviceNames());
  const abort = new AbortController();
  const usual = await Promise.race([
    source.usualCommands(caller, prefix).finally(() => abort.abort()),
    sleep(timeoutMs, [] as readonly CommandSuggestion[], { signal: abort.signal }).catch(() => [] as readonly CommandSuggestion[]),
  ]);
  if (usual.length === 0) return answer;
  return {
    ...answer,
    lists: [...answer.lists, { title: USUAL_COMMANDS_TITLE, items: usual.map((u) => ({ text: `${inlineCode(u.command)} (${u.uses}×)`, markdown: true })) }],
  };
}

/** The service (and operation) asked about or probably meant; undefined: the channel's commands of any service. */
function prefixFor(request: CommandRequest, typed: string, services: readonly string[]): string | undefined {
  if (request.kind === "help") return request.service ? [request.service, request.operation].filter(Boolean).join(" ") : undefined;
  const words = (text: string | undefined) => (text ?? "").trim().toLowerCase().split(/\s+/).filter((word) => word !== "aws" && word !== "help");
  const service = [...words(request.kind === "invalid" ? request.suggestion : undefined), ...words(typed)].find((word) => services.includes(word));
  return service;
}
