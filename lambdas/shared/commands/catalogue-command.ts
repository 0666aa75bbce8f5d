import type { Notification } from "../notifications/model";
import type { ChannelConfigRecord } from "../store/channel-configs";
import type { CommandOutcome } from "./audit";
import { authorize } from "./authorization/authorize";
import { findHeraldIdentifier } from "./authorization/input-resources";
import type { Catalogue } from "./catalogue/catalogue";
import { summarizeCall } from "./catalogue/call-summary";
import { CatalogueError } from "./catalogue/errors";
import { resolveCommand, type ResolvedCommand } from "./catalogue/resolve-command";
import { sendCatalogueCommand } from "./catalogue-call";
import { formatWords } from "./grammar/format-words";
import type { CommandJob, CommandReply } from "./job";
import { commandNotice, inlineCode } from "./messages";
import type { AwsInvocation, CommandWord } from "./operation-model";
import { queryProblem } from "./query";
import { renderCatalogueHelp, renderCommandError, renderCommandResult } from "./results";
import type { CommandRun, CommandWorkerPorts, CommandWorkerSettings } from "./run-command";

/**
 * One AWS command of the model-driven catalogue, in the worker: the words resolved against the
 * service's model (help, blocked, or a command with its SDK input and IAM action), Herald's own
 * resources protected whatever the input names them by, the channel's guardrails for the action,
 * a confirmation for anything that is not a read, then the call with the channel's (or member's)
 * role. Error name of the local runtime's "not here" answer: the exact call is shown instead.
 */

/** The shortest time an AWS call is given, even when the deadline is nearer. */
const MIN_CALL_MS = 1_000;
/** The local runtime's answer for a service that has no stand-in (local/runtime/aws/unavailable-service.ts). */
const NOT_AVAILABLE_LOCALLY = "NotAvailableLocally";

export interface CatalogueCommandContext {
  readonly catalogue: Catalogue;
  readonly config: ChannelConfigRecord;
  readonly job: CommandJob;
  readonly run: CommandRun;
  readonly settings: CommandWorkerSettings;
  readonly ports: CommandWorkerPorts;
  /** The same member clicked "confirm" on this command. */
  readonly confirmed: boolean;
  readonly audit: (outcome: CommandOutcome, command: string, detail?: string) => void;
  readonly answer: (notification: Notification, visibility: CommandReply["visibility"], extra?: Partial<CommandReply>) => Promise<void>;
  /** The answer with the channel's usual commands for `service`. */
  readonly suggesting: (notification: Notification, service?: string) => Promise<Notification>;
}

export async function runCatalogueCommand(words: readonly CommandWord[], context: CatalogueCommandContext): Promise<void> {
  const { audit, answer, ports, settings, config, job, confirmed } = context;
  const shown = formatWords(words);
  const serviceWord = words[0]?.text.toLowerCase();

  let resolution;
  try {
    resolution = await resolveCommand(context.catalogue, words);
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    audit("invalid", shown, error.message);
    return answer(await context.suggesting(commandNotice("Not a command Herald can run", error.message, "low"), serviceWord), "private");
  }

  switch (resolution.kind) {
    case "blocked":
      audit("denied", shown, resolution.reason);
      return answer(commandNotice("Blocked", resolution.reason, "medium"), "private");
    case "service-help":
    case "operation-help":
      audit("answered", shown);
      return answer(await context.suggesting(renderCatalogueHelp(resolution.help), resolution.kind === "service-help" ? resolution.service.cli : resolution.operation.service.cli), "private");
    case "command":
      break;
  }
  const command = resolution;
  if (command.missing.length > 0) {
    const names = command.missing.map((member) => `${inlineCode(`--${member.cliName}`)} (${member.typeLabel})`);
    const detail = `missing ${command.missing.map((member) => `--${member.cliName}`).join(", ")}`;
    audit("invalid", shown, detail);
    return answer(
      commandNotice(
        "Missing parameters",
        `${inlineCode(`${command.service.cli} ${command.operation.cliName}`)} needs ${names.join(", ")}. Run it again with ${command.missing.length === 1 ? "it" : "them"}; ${inlineCode(`${command.service.cli} ${command.operation.cliName} --help`)} shows every parameter.`,
        "low",
      ),
      "private",
    );
  }

  const query = command.globals.query;
  const problem = query === undefined ? undefined : queryProblem(query);
  if (problem !== undefined) {
    const message = problem.kind === "invalid" ? `\`--query\` is not a valid JMESPath expression: ${problem.message}.` : `\`--query\` is too expensive: ${problem.message}. Select fewer fields, or fewer levels of them.`;
    audit("invalid", shown, message);
    return answer(commandNotice("Not a command Herald can run", message, "low"), "private");
  }

  // Kept as typed (after screening) once: a confirmation click is an interaction, not a new input.
  if (!confirmed) await ports.userData.input(job.caller, job.requestId, shown, job.replyTo.kind === "channel" ? "mention" : "slash-command", command.service.cli, command.operation.cliName);
  const region = command.globals.region ?? settings.scope.defaultRegion;
  // An operation the IAM data does not know is checked under the action its name would have, and treated as a change.
  const iamAction = command.access?.iamAction ?? `${command.service.iamPrefix}:${command.operation.name}`;
  const invocation: AwsInvocation = {
    service: command.service.cli,
    operation: command.operation.cliName,
    params: {},
    text: shown,
    ...(command.globals.region !== undefined && { region: command.globals.region }),
    ...(command.globals.query !== undefined && { query: command.globals.query }),
    ...(command.globals.output !== undefined && { output: command.globals.output }),
  };

  const own = findHeraldIdentifier(command.input, { service: command.service.iamPrefix, heraldResourcePatterns: settings.heraldResourcePatterns });
  if (own !== undefined) {
    const reason = `${iamAction} on ${own} is blocked: it is one of Herald's own resources, which commands may neither read nor change.`;
    audit("denied", shown, reason);
    return answer(commandNotice("Not allowed", reason, "medium"), "private");
  }
  const resource = firstArn(command.input) ?? "*";
  const decision = await authorize(
    { iamAction, resource, region, roleArn: config.iamRoleArn, guardrailPolicyArns: config.guardrailPolicyArns, unclassified: command.access === undefined },
    { policies: ports.guardrails, heraldResourcePatterns: settings.heraldResourcePatterns },
  );
  if (!decision.allowed) {
    audit("denied", shown, decision.reason);
    return answer(commandNotice("Not allowed", decision.reason, "medium"), "private");
  }
  if ((decision.mutating || command.needsConfirmation) && !confirmed) {
    const id = await ports.confirmations.create(job.caller, shown);
    audit("needs-confirmation", shown);
    return answer(commandNotice("Confirm this change", `${inlineCode(shown)} ${changeText(command, iamAction)} Only you can confirm it, within 15 minutes.`, "medium"), "private", { confirmationId: id });
  }

  try {
    // The member's own role, where the configuration requires one, comes with the configuration itself.
    const { credentials } = await ports.roleSessions.credentialsFor(config, job.caller);
    const signal = AbortSignal.timeout(Math.max(MIN_CALL_MS, context.run.deadline - ports.now()));
    const result = await sendCatalogueCommand(context.catalogue, command, { region, credentials, signal, deadline: context.run.deadline });
    audit("succeeded", shown);
    const rendered = renderCommandResult(invocation, result.output);
    const answered = result.nextToken === undefined
      ? rendered
      : {
          ...rendered,
          fields: [...rendered.fields, { label: "NextToken", value: result.nextToken, code: true }],
          context: [...rendered.context, `There is more: Herald read ${result.pages} ${result.pages === 1 ? "page" : "pages"}. Go on with --starting-token and the NextToken above.`],
        };
    return answer(answered, "channel", { replaceOriginal: confirmed });
  } catch (error) {
    if ((error as Error)?.name === NOT_AVAILABLE_LOCALLY) {
      audit("failed", shown, NOT_AVAILABLE_LOCALLY);
      return answer(needsAwsNotice(command, settings.scope.defaultRegion, iamAction), "private", { replaceOriginal: confirmed });
    }
    audit("failed", shown, (error as Error).name);
    return answer(renderCommandError(invocation, error, { iamAction, resource }), "channel", { replaceOriginal: confirmed });
  }
}

function changeText(command: ResolvedCommand, iamAction: string): string {
  if (command.access === undefined) {
    return `runs ${iamAction}, an action Herald's IAM data does not know: Herald treats it as a change, and the guardrails were checked for that name only.`;
  }
  return `changes resources (${iamAction}: ${command.access.accessLevels.join(", ")}).`;
}

/** The exact call Herald would make, for a service the local runtime has no stand-in for. */
function needsAwsNotice(command: ResolvedCommand, defaultRegion: string, iamAction: string): Notification {
  const call = summarizeCall(command, defaultRegion);
  return {
    ...commandNotice(
      "Needs AWS",
      `${call.service} has no stand-in in Herald's local runtime, so nothing was sent. Deployed, Herald would make this call with the channel's role:`,
      "low",
    ),
    fields: [
      { label: "Service", value: `${call.service} (${call.sdkCommand})`, code: true },
      { label: "Operation", value: call.operation, code: true },
      { label: "Region", value: call.region, code: true },
      { label: "IAM action", value: call.iamAction ?? `${iamAction} (not in the IAM data)`, code: true },
      { label: "Input", value: JSON.stringify(call.input, null, 1).slice(0, 1_800), code: true },
    ],
  };
}

/** The first ARN the input names (for the guardrails' Resource), searched breadth-first. */
function firstArn(input: unknown): string | undefined {
  const queue: unknown[] = [input];
  for (let seen = 0; queue.length > 0 && seen < 500; seen++) {
    const value = queue.shift();
    if (typeof value === "string" && value.startsWith("arn:")) return value;
    if (Array.isArray(value)) queue.push(...value);
    else if (value !== null && typeof value === "object" && !(value instanceof Uint8Array) && !(value instanceof Date)) queue.push(...Object.values(value));
  }
  return undefined;
}
