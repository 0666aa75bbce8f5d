import type { Notification } from "../notifications/model";
import type { CommandSuggestion } from "../privacy";
import { findAlwaysBlocked } from "./catalogue/blocked";
import { helpText, parseCommand } from "./grammar";
import { commandNotice, invalidCommandNotice } from "./messages";
import type { CommandCaller, ServiceRegistry } from "./operation-model";
import { renderHelp } from "./results";
import { withUsualCommands } from "./usual-commands";

/**
 * What the command function answers itself, within the chat platform's few seconds, from what the
 * catalogue's name tables know without loading any SDK client: the help overview (the service
 * list), text that is not a valid command (service-name typos among it), and services that are
 * always blocked; help and typos with the channel's usual commands (a bounded table read). A
 * service's or an operation's help needs the service's model, so it is the worker's, like
 * everything that runs a command; for those the answer is undefined.
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
    if (request.kind === "help") answer = renderHelp(helpText(registry));
    else if (request.kind === "invalid") answer = invalidCommandNotice(request);
    else if (request.kind === "catalogue") {
      const block = findAlwaysBlocked(request.words[0].text);
      return block === undefined ? undefined : commandNotice("Blocked", block.reason, "medium");
    }
    else return undefined;
    return withUsualCommands(answer, request, text, caller, { usualCommands: ports.usualCommands, serviceNames: () => registry.serviceNames() });
  };
}
