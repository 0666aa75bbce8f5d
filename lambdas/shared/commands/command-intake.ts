import { randomUUID } from "node:crypto";
import type { Notification } from "../notifications/model";
import { findCredential } from "../security/credential-screen";
import { type CommandAuditEntry, REFUSED_CREDENTIAL_TEXT } from "./audit";
import type { DispatchCommandJob, OnCallClickJob, ReplyTarget } from "./job";
import { explicitQuestion } from "./ask-intent";
import { askingMessage, credentialRefusal, runningMessage } from "./messages";
import type { CommandCaller } from "./operation-model";
import type { QuickAnswer } from "./quick-answer";

/**
 * What the command function does with a verified request from chat, whatever the platform: answer
 * at once (a refused credential, help, an invalid command) or hand the command to the worker. The
 * chat adapter (lambdas/shared/slack/inbound-endpoint.ts) turns the platform's requests into these
 * calls and their answers into its own replies.
 */

/** A command typed for Herald (Slack: `/aws …`); its first answer goes back only to the caller. */
export interface TypedCommand {
  readonly caller: CommandCaller;
  readonly text: string;
  /** Where the worker answers (Slack: the command's response_url). */
  readonly replyTo: ReplyTarget;
  /** Epoch ms the request arrived. */
  readonly receivedAt: number;
}

/** A message addressed to Herald in a channel, the mention removed; answered in the channel (its thread). */
export interface Mention {
  readonly caller: CommandCaller;
  readonly text: string;
  /** The thread to answer in (the mention's own message when it started none). */
  readonly threadId: string;
  readonly receivedAt: number;
}

/** A click on a "Run again" button under an answer: the command runs as if the clicker typed it. */
export interface RunAgainClick {
  readonly caller: CommandCaller;
  readonly text: string;
  readonly replyTo: ReplyTarget;
  readonly receivedAt: number;
}

/** A click on a confirmation button Herald posted. */
export interface ConfirmationClick {
  readonly caller: CommandCaller;
  readonly confirmation: { readonly id: string; readonly approved: boolean };
  readonly replyTo: ReplyTarget;
  readonly receivedAt: number;
}

/** A click on an on-call button (Acknowledge, Snooze) of a notification. */
export interface OnCallClick {
  readonly caller: CommandCaller;
  readonly onCall: OnCallClickJob;
  readonly replyTo: ReplyTarget;
  readonly receivedAt: number;
}

export interface CommandIntakePorts {
  readonly quickAnswer: QuickAnswer;
  readonly dispatch: DispatchCommandJob;
  readonly audit: (entry: CommandAuditEntry) => void;
  readonly now?: () => number;
}

export interface CommandIntake {
  /** The immediate private answer: a refusal, a quick answer, or "Running" once the worker has the job. */
  command(request: TypedCommand): Promise<Notification>;
  /** Hands the mention to the worker, which answers in the channel (refusals and quick answers included). */
  mention(request: Mention): Promise<void>;
  /** Hands the click to the worker, which runs or cancels the confirmed command. */
  confirmationClick(request: ConfirmationClick): Promise<void>;
  /** Hands an on-call click to the worker (lambdas/shared/oncall/clicks.ts). */
  onCallClick(request: OnCallClick): Promise<void>;
  /** Hands the button's command to the worker, exactly as a typed command. */
  runAgainClick(request: RunAgainClick): Promise<void>;
}

export function createCommandIntake(ports: CommandIntakePorts): CommandIntake {
  const now = ports.now ?? Date.now;

  return {
    async command({ caller, text, replyTo, receivedAt }) {
      // A command carrying a credential is neither run, stored, logged nor echoed.
      const found = findCredential(text);
      if (found) {
        ports.audit({ caller, command: REFUSED_CREDENTIAL_TEXT, outcome: "refused-credential", requestId: randomUUID(), durationMs: now() - receivedAt });
        return credentialRefusal(found.what);
      }
      // A question goes to the worker whatever it looks like (the grammar would call it invalid).
      if (explicitQuestion(text) !== undefined) {
        await ports.dispatch({ requestId: randomUUID(), caller, text, replyTo, receivedAt });
        return askingMessage();
      }
      const quick = await ports.quickAnswer(text, caller);
      if (quick) return quick;
      await ports.dispatch({ requestId: randomUUID(), caller, text, replyTo, receivedAt });
      return runningMessage(text);
    },

    async mention({ caller, text, threadId, receivedAt }) {
      const found = findCredential(text);
      await ports.dispatch({
        requestId: randomUUID(),
        caller,
        text: found ? "" : text,
        ...(found ? { refusedCredential: found.what } : {}),
        replyTo: { kind: "channel", threadTs: threadId },
        receivedAt,
      });
    },

    async runAgainClick({ caller, text, replyTo, receivedAt }) {
      if (findCredential(text)) return;
      await ports.dispatch({ requestId: randomUUID(), caller, text, replyTo, receivedAt });
    },

    async confirmationClick({ caller, confirmation, replyTo, receivedAt }) {
      await ports.dispatch({ requestId: randomUUID(), caller, text: "", replyTo, confirmation, receivedAt });
    },

    async onCallClick({ caller, onCall, replyTo, receivedAt }) {
      await ports.dispatch({ requestId: randomUUID(), caller, text: "", replyTo, onCall, receivedAt });
    },
  };
}
