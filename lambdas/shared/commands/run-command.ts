import type { ChatReplier, ChatTarget } from "../chat/chat-platform";
import type { Notification } from "../notifications/model";
import { handleOnCallClick, type OnCallWorkerPorts } from "../oncall/clicks";
import { parseOnCallCommand, runOnCallCommand } from "../oncall/commands";
import { type AskWorkerPorts, runAskJob } from "./ask-command";
import { explicitQuestion, isMentionQuestion } from "./ask-intent";
import type { Aliases } from "../store/aliases";
import type { ChannelConfigRecord } from "../store/channel-configs";
import type { Confirmations } from "../store/confirmations";
import { type CommandAuditEntry, type CommandOutcome, REFUSED_CREDENTIAL_TEXT } from "./audit";
import type { GuardrailPolicySource } from "./authorization/policy-documents";
import type { CommandUserData } from "./command-user-data";
import { isBlockedService } from "./catalogue/blocked";
import type { Catalogue } from "./catalogue/catalogue";
import { CatalogueError } from "./catalogue/errors";
import { createCatalogueNames } from "./catalogue-names";
import { runCatalogueCommand } from "./catalogue-command";
import { expandAlias, helpText, parseCommand, parseDecodedCommand, suggestService, tokenize } from "./grammar";
import type { CommandJob, CommandReply } from "./job";
import { commandNotice, credentialRefusal, inlineCode, invalidCommandNotice } from "./messages";
import type { CommandRequest, ResourceScope } from "./operation-model";
import type { PrivacyCommands } from "./privacy-commands";
import { renderHelp } from "./results";
import type { RoleSessions } from "./role-sessions";
import { findShortcut } from "./shortcuts";
import { withUsualCommands } from "./usual-commands";

/**
 * The command worker's domain: from a job (who typed what, where to answer) to an answer. Parses,
 * resolves aliases, picks the channel's configuration, explains denials before calling AWS, asks
 * the same person to confirm anything that mutates, runs the call with the channel's (or the
 * member's) role, and audits every outcome. The grammar, the registry, authorization and the
 * rendering are imported as the pure code they are; only I/O comes in as ports. Nothing here knows
 * Lambda or Slack.
 */

/** The I/O the domain needs: the store's repositories, AWS, the chat reply port, the clock and the audit log. */
export interface CommandWorkerPorts {
  readonly configs: { forChannel(teamId: string, channelId: string): Promise<ChannelConfigRecord[]> };
  readonly aliases: Pick<Aliases, "create" | "list" | "delete" | "get">;
  readonly confirmations: Pick<Confirmations, "create" | "consume" | "cancel">;
  /** The channel's guardrail policy documents (IAM). */
  readonly guardrails: GuardrailPolicySource;
  /** Temporary credentials of the channel's (or member's) role, guardrails as session policies (STS). */
  readonly roleSessions: Pick<RoleSessions, "credentialsFor">;
  readonly chat: ChatReplier;
  readonly privacy: Pick<PrivacyCommands, "status" | "change" | "history">;
  /** Inputs, answers and clicks kept while sharing is on (the storage layer decides; never throws), and suggestions from them. */
  readonly userData: CommandUserData;
  readonly audit: (entry: CommandAuditEntry) => void;
  /** Every service's model and SDK client, each loaded on first use and kept for the container's life (one per process). */
  readonly catalogue: Catalogue;
  /** Epoch ms. */
  readonly now: () => number;
  /** Acknowledge and Snooze clicks, `alarms open`, `snoozes` (lambdas/shared/oncall); absent: those answer that on-call is not set up. */
  readonly onCall?: Pick<OnCallWorkerPorts, "regions" | "chat" | "admins" | "accountId">;
  /** Questions in plain language (Amazon Bedrock); absent unless `ask` is configured. */
  readonly ask?: AskWorkerPorts;
}

/** What the deployment says: where commands run by default, and what is Herald's own. */
export interface CommandWorkerSettings {
  readonly scope: Omit<ResourceScope, "region"> & { readonly defaultRegion: string };
  /** ARN patterns (`*`, `?`) of Herald's own resources (HERALD_PROTECTED_ARNS). */
  readonly heraldResourcePatterns: readonly string[];
}

/** One run of a job: its invocation's id (for the audit log) and when the AWS call must stop. */
export interface CommandRun {
  readonly requestId: string;
  /** Epoch ms by which the AWS call is cut off, leaving time to answer. */
  readonly deadline: number;
}

const registry = createCatalogueNames();

export async function runCommandJob(job: CommandJob, ports: CommandWorkerPorts, settings: CommandWorkerSettings, run: CommandRun): Promise<void> {
  const { now } = ports;
  const configs = await ports.configs.forChannel(job.caller.teamId, job.caller.channelId);
  // Several configurations may govern one channel: commands use the first by name (stable, documented).
  const config = [...configs].sort((a, b) => a.name.localeCompare(b.name))[0];
  // The job's outcome as audited: its response is kept with it.
  let outcome: CommandOutcome = "answered";
  const audit = (result: CommandOutcome, command: string, detail?: string) => {
    outcome = result;
    ports.audit({ requestId: run.requestId, caller: job.caller, configuration: config?.name, command, outcome: result, durationMs: now() - job.receivedAt, detail });
  };

  if (!config) {
    audit("denied", job.text, "no configuration for this channel");
    // Without a configuration Herald has no bot token for this channel: the response URL is the only way back.
    if (job.replyTo.kind === "response-url") {
      await ports.chat.reply(job.replyTo, { teamId: job.caller.teamId, channelId: job.caller.channelId, botTokenSecretName: "" }, {
        notification: commandNotice("This channel has no Herald configuration", "Add a channel configuration for this channel to Herald's config and deploy it to run commands here.", "low"),
        visibility: "private",
      });
    }
    return;
  }
  const target: ChatTarget = { teamId: config.teamId, channelId: config.channelId, botTokenSecretName: config.botTokenSecretName };
  const answer = async (notification: Notification, visibility: CommandReply["visibility"], extra: Partial<CommandReply> = {}) => {
    await ports.chat.reply(job.replyTo, target, { notification, visibility, ...extra });
    const durationMs = now() - job.receivedAt;
    await ports.userData.response(job.caller, job.requestId, notification, { outcome, durationMs });
    if (job.confirmation) {
      // The click on a confirmation button: which one, how long the member took, how it ended.
      await ports.userData.interaction(job.caller, job.requestId, {
        action: job.confirmation.approved ? "confirm-run" : "cancel",
        outcome,
        durationMs,
        ...(clickedAfterMs === undefined ? {} : { elapsedMs: clickedAfterMs }),
        ...(confirmedText === undefined ? {} : { command: confirmedText }),
      });
    }
  };
  /** The answer to a request that suggests commands, with the channel's usual ones when sharing is on. */
  const suggesting = (notification: Notification, request: CommandRequest) =>
    withUsualCommands(notification, request, job.text, job.caller, { usualCommands: ports.userData.usualCommands, serviceNames: () => registry.serviceNames() });
  let clickedAfterMs: number | undefined;
  let confirmedText: string | undefined;

  if (job.onCall !== undefined && ports.onCall !== undefined) {
    return handleOnCallClick({ ...job, onCall: job.onCall }, config, { ...ports.onCall, replier: ports.chat, audit: ports.audit, now }, run.requestId);
  }
  const onCallCommand = ports.onCall === undefined ? undefined : parseOnCallCommand(job.text);
  if (onCallCommand !== undefined && ports.onCall !== undefined) {
    audit("answered", job.text);
    return answer(await runOnCallCommand(onCallCommand, job.caller, config, { ...ports.onCall, audit: ports.audit, now }), "private");
  }

  if (job.refusedCredential) {
    audit("refused-credential", REFUSED_CREDENTIAL_TEXT);
    return answer(credentialRefusal(job.refusedCredential), "private");
  }

  let text = job.text;
  let confirmed = false;
  if (job.confirmation) {
    const { id, approved } = job.confirmation;
    const consumed = await (approved ? ports.confirmations.consume(id, job.caller.userId) : ports.confirmations.cancel(id, job.caller.userId));
    if (consumed.ok) {
      confirmedText = consumed.commandText;
      if (consumed.createdAt) clickedAfterMs = Math.max(0, job.receivedAt - Date.parse(consumed.createdAt));
    }
    if (!consumed.ok) {
      audit("confirmation-refused", "[confirmation]", consumed.reason);
      return answer(commandNotice("Not confirmed", consumed.reason, "low"), "private");
    }
    if (!approved) {
      audit("cancelled", consumed.commandText);
      return answer(commandNotice("Cancelled", `${inlineCode(consumed.commandText)} was not run.`), "private", { replaceOriginal: true });
    }
    text = consumed.commandText;
    confirmed = true;
  }

  // `ask …`, and a mention that is no command, are questions (lambdas/shared/commands/ask-command.ts).
  const ask = (question: string) => runAskJob(question, { job, run, config, settings, ports, audit, answer });
  const mentioned = job.replyTo.kind === "channel" && ports.ask !== undefined;
  const question = confirmed ? undefined : explicitQuestion(text);
  if (question !== undefined) return ask(question);

  let request = confirmed ? await parseDecodedCommand(text, registry) : await parseCommand(text, registry);
  if (mentioned && isMentionQuestion(request, text)) return ask(text);
  if (request.kind === "alias-run") {
    const alias = await ports.aliases.get(job.caller, request.name);
    if (!alias && mentioned) return ask(text);
    if (!alias) {
      const suggestion = await suggestService(request.name, registry);
      audit("invalid", text, "unknown command or alias");
      const unknown = commandNotice("Unknown command", `${inlineCode(request.name)} is neither an AWS service Herald knows nor an alias of this channel.${suggestion ? ` Did you mean ${inlineCode(suggestion)}?` : ""} Try ${inlineCode("help")}.`, "low");
      // The channel's commands for the service it probably meant, or all of them.
      return answer(await suggesting(unknown, { kind: "invalid", message: "unknown command or alias", suggestion }), "private");
    }
    let expanded: string;
    try {
      expanded = expandAlias(alias.template, request.args);
    } catch (error) {
      audit("invalid", text, (error as Error).message);
      return answer(commandNotice(`Alias ${request.name}`, (error as Error).message, "low"), "private");
    }
    request = await parseDecodedCommand(expanded, registry);
    if (request.kind === "alias-run" || request.kind.startsWith("alias-")) {
      audit("invalid", text, "alias expands to another alias command");
      return answer(commandNotice(`Alias ${request.kind === "alias-run" ? request.name : ""}`.trim(), "An alias must expand to an AWS command, not to another alias.", "low"), "private");
    }
  }

  switch (request.kind) {
    case "help":
      audit("answered", text);
      return answer(await suggesting(renderHelp(helpText(registry)), request), "private");
    case "invalid":
      audit("invalid", text, request.message);
      return answer(await suggesting(invalidCommandNotice(request), request), "private");
    case "alias-create": {
      const problem = await aliasOperationProblem(request.template, ports.catalogue);
      if (problem !== undefined) {
        audit("invalid", text, problem);
        return answer(commandNotice(`Alias ${request.name}`, problem, "low"), "private");
      }
      return aliasAction(async () => void (await ports.aliases.create(job.caller, request.name, request.template)), `Alias ${inlineCode(request.name)} created: ${inlineCode(request.template)}`);
    }
    case "alias-delete":
      return aliasAction(async () => void (await ports.aliases.delete(job.caller, request.name)), `Alias ${inlineCode(request.name)} deleted.`);
    case "alias-list": {
      const aliases = await ports.aliases.list(job.caller);
      audit("answered", text);
      return answer(
        aliases.length === 0
          ? commandNotice("Aliases", "This channel has no aliases yet. Create one with `alias create <name> <command>`.")
          : { ...commandNotice("Aliases of this channel", ""), body: undefined, fields: aliases.map((a) => ({ label: a.name, value: a.template, code: true })) },
        "private",
      );
    }
    case "privacy": {
      audit("answered", text);
      const reply = request.action === "status" ? await ports.privacy.status() : await ports.privacy.change(job.caller, request.action === "opt-in");
      return answer(reply, request.action === "status" ? "private" : "channel");
    }
    case "history":
      audit("answered", text);
      return answer(await ports.privacy.history(job.caller), "private");
    case "catalogue":
      return runCatalogueCommand(request.words, {
        catalogue: ports.catalogue, config, job, run, settings, ports, confirmed,
        audit: (result, command, detail) => audit(result, command, detail),
        answer,
        suggesting: (notification, service) => suggesting(notification, { kind: "help", service }),
      });
  }

  async function aliasAction(action: () => Promise<void>, done: string): Promise<void> {
    try {
      await action();
      audit("succeeded", text);
      return answer(commandNotice("Aliases", done), "channel");
    } catch (error) {
      audit("failed", text, (error as Error).message);
      return answer(commandNotice("Aliases", (error as Error).message, "low"), "private");
    }
  }
}

/** An alias's operation must be one of its service's (checked against the model, here in the worker, where clients load); a `$variable` is checked when it runs. */
async function aliasOperationProblem(template: string, catalogue: Catalogue): Promise<string | undefined> {
  const tokenized = tokenize(template);
  if (!tokenized.ok) return undefined;
  const words = tokenized.tokens[0]?.text.toLowerCase() === "aws" ? tokenized.tokens.slice(1) : tokenized.tokens;
  const [serviceWord, operationWord] = words;
  if (serviceWord === undefined || operationWord === undefined || operationWord.text.startsWith("$") || isBlockedService(serviceWord.text) || findShortcut(serviceWord.text) !== undefined) return undefined;
  try {
    const lookup = await catalogue.lookup(serviceWord.text);
    if (lookup.kind === "service") await lookup.model.operation(operationWord.text);
    return undefined;
  } catch (error) {
    if (error instanceof CatalogueError) return error.message;
    throw error;
  }
}
