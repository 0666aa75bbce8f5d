import type { AwsCredentialIdentity } from "@aws-sdk/types";
import type { ChatTarget } from "../chat/chat-platform";
import type { Notification } from "../notifications/model";
import type { ChannelConfigRecord } from "../store/channel-configs";
import { type CommandAuditEntry, type CommandOutcome, REFUSED_CREDENTIAL_TEXT } from "./audit";
import type { CommandUserData } from "./command-user-data";
import type { CommandJob, CommandReply, ReplyTarget } from "./job";
import { commandNotice, credentialRefusal, inlineCode, invalidCommandNotice } from "./messages";
import type { AuthorizationDecision, AwsInvocation, CommandCaller, CommandRequest, OperationSpec, ResourceScope, ServiceRegistry } from "./operation-model";
import { withUsualCommands } from "./usual-commands";

/**
 * The command worker's domain: from a job (who typed what, where to answer) to an answer. Parses,
 * resolves aliases, picks the channel's configuration, explains denials before calling AWS, asks
 * the same person to confirm anything that mutates, runs the call with the channel role, and
 * audits every outcome. Every dependency is injected: nothing here knows Lambda or Slack.
 */

export interface AliasStore {
  create(caller: CommandCaller, name: string, template: string): Promise<void>;
  list(caller: CommandCaller): Promise<ReadonlyArray<{ name: string; template: string }>>;
  delete(caller: CommandCaller, name: string): Promise<void>;
  get(caller: CommandCaller, name: string): Promise<{ template: string } | undefined>;
}

export interface ConfirmationStore {
  create(caller: CommandCaller, commandText: string): Promise<string>;
  /** The confirm button: succeeds once, for the same user, before expiry; otherwise says why not. */
  consume(id: string, userId: string): Promise<{ ok: true; commandText: string; createdAt?: string } | { ok: false; reason: string }>;
  /** The cancel button: the same rules, and the command never runs. */
  cancel(id: string, userId: string): Promise<{ ok: true; commandText: string; createdAt?: string } | { ok: false; reason: string }>;
}

export interface CommandWorkerDependencies {
  readonly registry: ServiceRegistry;
  /** Parses text as Slack sent it (Slack-escaped). */
  readonly parse: (text: string) => Promise<CommandRequest>;
  /** Parses text Herald produced itself (alias expansions, confirmed commands): not Slack-escaped. */
  readonly parseDecoded: (text: string) => Promise<CommandRequest>;
  readonly expandAlias: (template: string, args: readonly string[]) => string;
  readonly help: (service?: string, operation?: string) => Promise<Notification>;
  readonly suggestService: (word: string) => Promise<string | undefined>;
  readonly formatInvocation: (invocation: AwsInvocation) => string;
  readonly configsForChannel: (teamId: string, channelId: string) => Promise<ChannelConfigRecord[]>;
  readonly aliases: AliasStore;
  readonly confirmations: ConfirmationStore;
  readonly authorize: (request: { operation: OperationSpec; invocation: AwsInvocation; resource: string; config: ChannelConfigRecord; region: string }) => Promise<AuthorizationDecision>;
  readonly credentialsFor: (config: ChannelConfigRecord, caller: CommandCaller) => Promise<AwsCredentialIdentity>;
  readonly renderResult: (invocation: AwsInvocation, output: unknown) => Notification;
  readonly renderError: (invocation: AwsInvocation, error: unknown, target: { iamAction: string; resource: string }) => Notification;
  readonly reply: (replyTo: ReplyTarget, target: ChatTarget, reply: CommandReply) => Promise<void>;
  readonly audit: (entry: CommandAuditEntry) => void;
  readonly scope: Omit<ResourceScope, "region"> & { readonly defaultRegion: string };
  readonly privacy: {
    status(): Promise<Notification>;
    change(caller: CommandCaller, shareUserData: boolean): Promise<Notification>;
    history(caller: CommandCaller): Promise<Notification>;
  };
  /** Inputs, answers and clicks kept while sharing is on (the storage layer decides; never throws), and suggestions from them. */
  readonly userData: CommandUserData;
  /** Aborts the AWS call when the worker's time is nearly up. */
  readonly timeBudget: () => AbortSignal;
  readonly now?: () => number;
}

export async function runCommandJob(job: CommandJob, deps: CommandWorkerDependencies): Promise<void> {
  const now = deps.now ?? Date.now;
  const configs = await deps.configsForChannel(job.caller.teamId, job.caller.channelId);
  // Several configurations may govern one channel: commands use the first by name (stable, documented).
  const config = [...configs].sort((a, b) => a.name.localeCompare(b.name))[0];
  // The job's outcome as audited: its response is kept with it.
  let outcome: CommandOutcome = "answered";
  const audit = (result: CommandOutcome, command: string, detail?: string) => {
    outcome = result;
    deps.audit({ requestId: job.requestId, caller: job.caller, configuration: config?.name, command, outcome: result, durationMs: now() - job.receivedAt, detail });
  };

  if (!config) {
    audit("denied", job.text, "no configuration for this channel");
    // Without a configuration Herald has no bot token for this channel: the response URL is the only way back.
    if (job.replyTo.kind === "response-url") {
      await deps.reply(job.replyTo, { teamId: job.caller.teamId, channelId: job.caller.channelId, botTokenSecretName: "" }, {
        notification: commandNotice("This channel has no Herald configuration", "Add a channel configuration for this channel to Herald's config and deploy it to run commands here.", "low"),
        visibility: "private",
      });
    }
    return;
  }
  const target: ChatTarget = { teamId: config.teamId, channelId: config.channelId, botTokenSecretName: config.botTokenSecretName };
  const answer = async (notification: Notification, visibility: CommandReply["visibility"], extra: Partial<CommandReply> = {}) => {
    await deps.reply(job.replyTo, target, { notification, visibility, ...extra });
    const durationMs = now() - job.receivedAt;
    await deps.userData.response(job.caller, job.requestId, notification, { outcome, durationMs });
    if (job.confirmation) {
      // The click on a confirmation button: which one, how long the member took, how it ended.
      await deps.userData.interaction(job.caller, job.requestId, {
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
    withUsualCommands(notification, request, job.text, job.caller, { usualCommands: deps.userData.usualCommands, serviceNames: () => deps.registry.serviceNames() });
  let clickedAfterMs: number | undefined;
  let confirmedText: string | undefined;

  if (job.refusedCredential) {
    audit("refused-credential", REFUSED_CREDENTIAL_TEXT);
    return answer(credentialRefusal(job.refusedCredential), "private");
  }

  let text = job.text;
  let confirmed = false;
  if (job.confirmation) {
    const { id, approved } = job.confirmation;
    const consumed = await (approved ? deps.confirmations.consume(id, job.caller.userId) : deps.confirmations.cancel(id, job.caller.userId));
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

  let request = confirmed ? await deps.parseDecoded(text) : await deps.parse(text);
  if (request.kind === "alias-run") {
    const alias = await deps.aliases.get(job.caller, request.name);
    if (!alias) {
      const suggestion = await deps.suggestService(request.name);
      audit("invalid", text, "unknown command or alias");
      const unknown = commandNotice("Unknown command", `${inlineCode(request.name)} is neither an AWS service Herald knows nor an alias of this channel.${suggestion ? ` Did you mean ${inlineCode(suggestion)}?` : ""} Try ${inlineCode("help")}.`, "low");
      // The channel's commands for the service it probably meant, or all of them.
      return answer(await suggesting(unknown, { kind: "invalid", message: "unknown command or alias", suggestion }), "private");
    }
    let expanded: string;
    try {
      expanded = deps.expandAlias(alias.template, request.args);
    } catch (error) {
      audit("invalid", text, (error as Error).message);
      return answer(commandNotice(`Alias ${request.name}`, (error as Error).message, "low"), "private");
    }
    request = await deps.parseDecoded(expanded);
    if (request.kind === "alias-run" || request.kind.startsWith("alias-")) {
      audit("invalid", text, "alias expands to another alias command");
      return answer(commandNotice(`Alias ${request.kind === "alias-run" ? request.name : ""}`.trim(), "An alias must expand to an AWS command, not to another alias.", "low"), "private");
    }
  }

  switch (request.kind) {
    case "help":
      audit("answered", text);
      return answer(await suggesting(await deps.help(request.service, request.operation), request), "private");
    case "invalid":
      audit("invalid", text, request.message);
      return answer(await suggesting(invalidCommandNotice(request), request), "private");
    case "alias-create":
      return aliasAction(() => deps.aliases.create(job.caller, request.name, request.template), `Alias ${inlineCode(request.name)} created: ${inlineCode(request.template)}`);
    case "alias-delete":
      return aliasAction(() => deps.aliases.delete(job.caller, request.name), `Alias ${inlineCode(request.name)} deleted.`);
    case "alias-list": {
      const aliases = await deps.aliases.list(job.caller);
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
      const reply = request.action === "status" ? await deps.privacy.status() : await deps.privacy.change(job.caller, request.action === "opt-in");
      return answer(reply, request.action === "status" ? "private" : "channel");
    }
    case "history":
      audit("answered", text);
      return answer(await deps.privacy.history(job.caller), "private");
    case "aws":
      return runAws(request.invocation);
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

  async function runAws(invocation: AwsInvocation): Promise<void> {
    const shown = deps.formatInvocation(invocation);
    const service = await deps.registry.load(invocation.service);
    const operation = service?.operations.find((op) => op.name === invocation.operation);
    if (!operation) {
      audit("invalid", shown, "unknown operation");
      return answer(commandNotice("Unknown operation", `${inlineCode(shown)} is not an operation Herald supports.`, "low"), "private");
    }
    // Kept as typed (after screening) once: a confirmation click is an interaction, not a new input.
    if (!confirmed) await deps.userData.input(job.caller, job.requestId, shown, job.replyTo.kind === "channel" ? "mention" : "slash-command", invocation.service, invocation.operation);
    const region = invocation.region ?? deps.scope.defaultRegion;
    const resource = operation.resource(invocation.params, { ...deps.scope, region });
    const decision = await deps.authorize({ operation, invocation, resource, config, region });
    if (!decision.allowed) {
      audit("denied", shown, decision.reason);
      return answer(commandNotice("Not allowed", decision.reason, "medium"), "private");
    }
    if (decision.mutating && !confirmed) {
      const id = await deps.confirmations.create(job.caller, shown);
      audit("needs-confirmation", shown);
      return answer(commandNotice("Confirm this change", `${inlineCode(shown)} changes resources (${operation.iamAction}). Only you can confirm it, within 15 minutes.`, "medium"), "private", { confirmationId: id });
    }
    try {
      const credentials = await deps.credentialsFor(config, job.caller);
      const output = await operation.run(invocation.params, { region, credentials, signal: deps.timeBudget() });
      audit("succeeded", shown);
      return answer(deps.renderResult(invocation, output), "channel", { replaceOriginal: confirmed });
    } catch (error) {
      audit("failed", shown, (error as Error).name);
      return answer(deps.renderError(invocation, error, { iamAction: operation.iamAction, resource }), "channel", { replaceOriginal: confirmed });
    }
  }
}
