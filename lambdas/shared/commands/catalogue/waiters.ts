import { toCliName } from "./cli-names";
import { CatalogueError, UnknownOperationError } from "./errors";
import type { HelpText } from "./help";
import type { OperationModel, ServiceModel } from "./model";
import { closestNames } from "./suggest";

/**
 * `<service> wait <waiter>`, as the AWS CLI spells it (`ec2 wait instance-running --instance-ids
 * i-1`): the SDK's own `waitFor<Name>` exports, each polling one operation until its acceptors say
 * success or failure. Which operation a waiter polls is in its closure, so it is learnt by running
 * it once against a stand-in client that records the command it is given (nothing leaves the
 * process); the waiter's options are then that operation's.
 */

export interface WaiterModel {
  /** `InstanceRunning`. */
  readonly name: string;
  /** `instance-running`. */
  readonly cliName: string;
  /** The SDK's `waitForInstanceRunning` (returns the result, never throws on a timeout). */
  readonly exportName: string;
  /** The operation it polls, whose options it takes. */
  readonly operation: OperationModel;
}

const WAIT_FOR = "waitFor";

/** The service's waiters by CLI name, sorted. */
export function waiterNames(model: ServiceModel): string[] {
  return Object.keys(model.module)
    .filter((key) => key.startsWith(WAIT_FOR) && typeof model.module[key] === "function")
    .map((key) => toCliName(key.slice(WAIT_FOR.length)))
    .sort();
}

export async function findWaiter(model: ServiceModel, typed: string): Promise<WaiterModel> {
  const lower = typed.toLowerCase();
  const key = Object.keys(model.module).find((candidate) => candidate.startsWith(WAIT_FOR) && (toCliName(candidate.slice(WAIT_FOR.length)) === lower || candidate.slice(WAIT_FOR.length) === typed));
  if (key === undefined || typeof model.module[key] !== "function") {
    throw new UnknownOperationError(`${model.entry.cli} wait`, typed, closestNames(typed, waiterNames(model)));
  }
  const name = key.slice(WAIT_FOR.length);
  const commandName = await probeWaiterCommand(model.module[key] as WaitFor);
  if (commandName === undefined || !commandName.endsWith("Command")) throw new CatalogueError(`${model.entry.cli} wait ${typed} could not be read from the SDK.`);
  return { name, cliName: toCliName(name), exportName: key, operation: await model.operation(commandName.slice(0, -"Command".length)) };
}

/** `<service> wait help`: the waiters, and how to run one. */
export function waiterHelp(model: ServiceModel): HelpText {
  const names = waiterNames(model);
  const lines = names.length === 0 ? [`${model.entry.cli} has no waiters.`] : [names.join(", ")];
  return {
    title: `${model.entry.title} (${model.entry.cli}) waiters`,
    sections: [
      { heading: "Waiters", lines },
      { heading: "", lines: [`\`${model.entry.cli} wait <waiter> [options]\` takes the options of the operation it polls; Herald waits up to ${MAX_WAIT_SECONDS} s in chat, then says where it stands.`] },
    ],
    page: 1,
    pages: 1,
  };
}

/** The longest Herald waits in chat; run the waiter again to wait longer. */
export const MAX_WAIT_SECONDS = 60;

export type WaitFor = (config: { client: unknown; maxWaitTime: number; minDelay?: number; maxDelay?: number; abortSignal?: AbortSignal; abortController?: AbortController }, input: object) => Promise<{ state: string; reason?: unknown }>;

class ProbeFinished extends Error {}

async function probeWaiterCommand(waitFor: WaitFor): Promise<string | undefined> {
  let sent: string | undefined;
  const abortController = new AbortController();
  const client = {
    send: async (command: object) => {
      sent ??= command.constructor.name;
      abortController.abort();
      throw new ProbeFinished();
    },
  };
  await waitFor({ client, maxWaitTime: 2, minDelay: 1, maxDelay: 1, abortController }, {});
  return sent;
}
