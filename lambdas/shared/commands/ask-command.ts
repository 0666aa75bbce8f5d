import { askAnswerMessage, askProgressMessage, type AskMessage } from "../ask/answer";
import type { Converse } from "../ask/converse";
import { type AskToolbox, askQuestion } from "../ask/loop";
import type { AskBounds, CallResult, OperationSpec } from "../ask/model";
import type { AskChat } from "../chat/ask-chat";
import type { ChatTarget } from "../chat/chat-platform";
import type { ConversationStore } from "../privacy/conversations";
import type { CommandOutcome } from "./audit";
import { CatalogueError } from "./catalogue/errors";
import { resolveCommand } from "./catalogue/resolve-command";
import { createCatalogueNames } from "./catalogue-names";
import { type CatalogueCommandContext, runCatalogueCommand } from "./catalogue-command";
import { notificationText } from "./command-user-data";
import { decodeSlackText, parseDecodedCommand } from "./grammar";
import type { CommandReply } from "./job";
import { commandNotice, inlineCode } from "./messages";
import type { CommandWorkerPorts } from "./run-command";

/**
 * A question in the worker (issue 18): the thread it is answered in, the thread's earlier
 * exchanges and the channel's examples (user data, so only while sharing is on), the ask loop, and
 * its tools bound to the normal command path. A read the model asks for runs exactly as the same
 * command typed by the member: the grammar, the catalogue, Herald's own resources, the channel's
 * guardrails, the channel's (or member's) role, the audit log. Only reads run; a change the model
 * proposes is posted with the normal confirmation buttons, for the member to run or not.
 */

export interface AskWorkerSettings {
  readonly bounds: AskBounds;
  /** Past commands and questions given as examples (0: none). */
  readonly examples: number;
  /** Shown under answers: the model id or inference profile. */
  readonly modelName: string;
}

/** Present only when `ask` is configured. */
export interface AskWorkerPorts {
  readonly converse: Converse;
  readonly chat: AskChat;
  readonly conversations: Pick<ConversationStore, "keep" | "thread" | "examples">;
  readonly findOperations: (query: string) => Promise<readonly OperationSpec[]>;
  readonly settings: AskWorkerSettings;
}

/** What a question needs from the job's run: the same as a catalogue command, without the catalogue's own parts. */
export type AskJobContext = Pick<CatalogueCommandContext, "job" | "run" | "config" | "settings" | "ports" | "audit" | "answer">;

const registry = createCatalogueNames();

export async function runAskJob(typedQuestion: string, context: AskJobContext): Promise<void> {
  const { job, ports, config, audit } = context;
  const question = decodeSlackText(typedQuestion).trim();
  const shown = `ask ${question}`;
  const ask = ports.ask;
  if (ask === undefined) {
    audit("invalid", shown, "asking is not configured");
    return context.answer(commandNotice("Asking is not set up", "Questions in plain language need Amazon Bedrock: an admin adds an `ask` section (the model) to Herald's config and deploys it. Commands work as before: try `help`."), "private");
  }
  if (question === "") {
    audit("invalid", "ask", "no question");
    return context.answer(commandNotice("Ask what?", `Write the question after ${inlineCode("ask")}, e.g. ${inlineCode("/aws ask which alarms are firing in eu-west-1?")}`, "low"), "private");
  }
  const target: ChatTarget = { teamId: config.teamId, channelId: config.channelId, botTokenSecretName: config.botTokenSecretName };
  const place = { teamId: job.caller.teamId, channelId: job.caller.channelId };
  // A mention is answered in its thread; `/aws ask` has none, so the question opens one.
  const threadId = (job.replyTo.kind === "channel" ? job.replyTo.threadTs : undefined) ?? (await ask.chat.post(target, questionMessage(question)));
  const [history, examples] = await Promise.all([ask.conversations.thread(place, threadId), ask.conversations.examples(place, ask.settings.examples)]);
  const messageId = await ask.chat.post(target, askProgressMessage(question), threadId);

  const outcome = await askQuestion(
    { question, history, examples, defaultRegion: context.settings.scope.defaultRegion },
    {
      converse: ask.converse,
      tools: commandPathTools(context, target, threadId),
      // Progress is a courtesy: a failed update never stops the question.
      progress: (progress) => ask.chat.update(target, messageId, askProgressMessage(question, progress)).catch(() => undefined),
      now: ports.now,
    },
    ask.settings.bounds,
  );
  const ended = outcome.stopped?.by ?? outcome.bound ?? "answered";
  audit("answered", shown, `${outcome.calls.length} calls, ${outcome.turns} turns, ${ended}`);
  const message = askAnswerMessage(outcome, ask.settings.bounds, ask.settings.modelName);
  await ask.chat.update(target, messageId, message);
  // `/aws ask`: the member's own "Asking" note is told where the answer is.
  if (job.replyTo.kind === "response-url") {
    await ports.chat.reply(job.replyTo, target, { notification: commandNotice("Answered", "The answer is in the question's thread in this channel."), visibility: "private", replaceOriginal: true });
  }
  await ports.userData.response(job.caller, job.requestId, message.notification, { outcome: "answered", durationMs: ports.now() - job.receivedAt });
  await ask.conversations.keep(place, {
    userId: job.caller.userId,
    threadId,
    turn: history.length === 0 ? 0 : Math.max(...history.map((turn) => turn.turn)) + 1,
    question,
    answer: outcome.answer,
    commands: outcome.calls.map((call) => call.command).join("\n"),
    outcome: ended,
  });
}

/** The loop's tools, each on the command path as a typed command would take it. */
function commandPathTools(context: AskJobContext, target: ChatTarget, threadId: string): AskToolbox {
  const { ports, job } = context;
  // The model's calls are not what the member typed: they are audited, not kept as the member's inputs.
  const quietPorts: CommandWorkerPorts = { ...ports, userData: { ...ports.userData, input: async () => undefined } };

  /**
   * The command's words and what the catalogue makes of it: a read, a change, or always blocked (which
   * takes the normal path too, so the refusal is audited); or a problem the member would be told instead.
   */
  async function classify(command: string): Promise<{ words: Parameters<typeof runCatalogueCommand>[0]; kind: "read" | "change" | "blocked" } | { problem: string }> {
    const request = await parseDecodedCommand(command, registry);
    if (request.kind !== "catalogue") return { problem: request.kind === "invalid" ? request.message : `${command} is not an AWS command` };
    try {
      const resolution = await resolveCommand(ports.catalogue, request.words);
      if (resolution.kind === "blocked") return { words: request.words, kind: "blocked" };
      if (resolution.kind !== "command") return { problem: `${command} asks for help, not for an operation call` };
      return { words: request.words, kind: resolution.needsConfirmation ? "change" : "read" };
    } catch (error) {
      if (error instanceof CatalogueError) return { problem: error.message };
      throw error;
    }
  }

  /** Runs the command on the normal path (never confirmed: a change stops at its confirmation prompt). */
  async function onCommandPath(words: Parameters<typeof runCatalogueCommand>[0], command: string, deadline: number) {
    let audited: CommandOutcome | undefined;
    let reply: CommandReply | undefined;
    await runCatalogueCommand(words, {
      catalogue: ports.catalogue,
      config: context.config,
      job: { ...job, text: command },
      run: { requestId: context.run.requestId, deadline: Math.min(context.run.deadline, deadline) },
      settings: context.settings,
      ports: quietPorts,
      confirmed: false,
      audit: (outcome, text, detail) => {
        audited = outcome;
        context.audit(outcome, text, detail);
      },
      answer: async (notification, visibility, extra = {}) => {
        reply = { notification, visibility, ...extra };
      },
      suggesting: async (notification) => notification,
    });
    return { audited, reply, text: reply ? notificationText(reply.notification) : "" };
  }

  /** A confirmation prompt goes to the thread, where only the member who asked can click it. */
  const postPrompt = (reply: CommandReply) => ports.chat.reply({ kind: "channel", threadTs: threadId }, target, { ...reply, visibility: "channel" });

  return {
    findOperations: (query) => context.ports.ask?.findOperations(query) ?? Promise.resolve([]),

    async call(command, deadline) {
      const classified = await classify(command);
      if ("problem" in classified) return { outcome: "invalid", text: classified.problem };
      if (classified.kind === "change") {
        return { outcome: "not-a-read", text: `${command} is not a read (List or Read access): Herald's model never runs it. Use propose_command to show it to the member.` };
      }
      const ran = await onCommandPath(classified.words, command, deadline);
      if (ran.audited === "needs-confirmation" && ran.reply) await postPrompt(ran.reply);
      return { outcome: callResult(ran.audited), text: ran.text };
    },

    async propose(command) {
      const classified = await classify(command);
      if ("problem" in classified) return { outcome: "invalid", text: classified.problem };
      if (classified.kind === "read") return { outcome: "is-a-read", text: `${command} only reads: run it with call_operation instead.` };
      const ran = await onCommandPath(classified.words, command, Number.POSITIVE_INFINITY);
      if (ran.audited === "needs-confirmation" && ran.reply) {
        await postPrompt(ran.reply);
        return { outcome: "waiting-for-confirmation", text: "Shown to the member with Confirm and Cancel buttons; it runs only if they confirm." };
      }
      return { outcome: ran.audited === "denied" ? "denied" : "invalid", text: ran.text };
    },
  };
}

function callResult(outcome: CommandOutcome | undefined): CallResult {
  switch (outcome) {
    case "succeeded":
    case "failed":
    case "denied":
    case "needs-confirmation":
      return outcome;
    default:
      return "invalid";
  }
}

/** The parent of a thread opened by `/aws ask`. */
function questionMessage(question: string): AskMessage {
  return {
    notification: { kind: "ask-question", recognized: true, title: "Question", severity: "info", summary: question.slice(0, 150), body: { text: question }, fields: [], lists: [], links: [], context: ["Asked with /aws ask: the answer is in this thread, and follow-ups there keep the conversation."] },
    runAgain: [],
  };
}
