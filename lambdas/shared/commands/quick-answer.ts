import type { Notification } from "../notifications/model";
import type { CommandSuggestion } from "../privacy";
import { helpText, parseCommand } from "./grammar";
import { invalidCommandNotice } from "./messages";
import type { CommandCaller, ServiceRegistry } from "./operation-model";
import { renderHelp } from "./results";
import { withUsualCommands } from "./usual-commands";

/**
 * What the command function answers itself, within the chat platform's few seconds: help and text
 * that is not a valid command, both with the channel's usual commands (a bounded table read).
 * Everything that runs a command is the worker's; for that the answer is undefined.
 */
export type QuickAnswer = (text: string, caller: CommandCaller) => Promise<Notification | undefined>;

export interface QuickAnswerPorts {
  readonly registry: ServiceRegistry;
  /** The channel's most used commands starting with `prefix`; [] with sharing off. */
  readonly usualCommands: (caller: CommandCaller, prefix?: string) => Promise<readonly CommandSuggestion[]>;
}

export function createQuickAnswer(ports: QuickAnswerPorts): QuickAnswer {
  const { registry } = ports;
  return async (text, caller) => {
    const request = await parseCommand(text, registry);
    let answer: Notification;
    if (request.kind === "help") answer = renderHelp(await helpText(registry, request.service, request.operation));
    else if (request.kind === "invalid") answer = invalidCommandNotice(request);
    else return undefined;
    return withUsualCommands(answer, request, text, caller, { usualCommands: ports.usualCommands, serviceNames: () => registry.serviceNames() });
  };
}
