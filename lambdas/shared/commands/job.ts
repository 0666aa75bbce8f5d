import type { CommandCaller } from "./operation-model";
import type { CommandAnswer } from "./results";

/**
 * The hand-off from the command function (which must answer Slack within 3 s) to the command
 * worker (which may take as long as its timeout): who asked, what they typed, where to answer.
 */

/** Where the worker sends its answer. */
export type ReplyTarget =
  /** Slash commands and button clicks: Slack's response_url (up to 5 posts within 30 minutes). */
  | { readonly kind: "response-url"; readonly url: string }
  /** App mentions: a message in the channel, in the mention's thread. */
  | { readonly kind: "channel"; readonly threadTs?: string };

export interface CommandJob {
  readonly requestId: string;
  readonly caller: CommandCaller;
  /** The command text after the mention or `/aws` (already screened for credentials). */
  readonly text: string;
  readonly replyTo: ReplyTarget;
  /** Set when the job is the click on a confirmation button of a mutating command. */
  readonly confirmation?: { readonly id: string; readonly approved: boolean };
  /** Set when the job is a click on a notification's on-call button. */
  readonly onCall?: OnCallClickJob;
  /** Set when the text contained a credential: the worker only tells the user (text is then empty). */
  readonly refusedCredential?: string;
  /** Epoch ms when Slack's request arrived (for the audit log's duration). */
  readonly receivedAt: number;
}

/** An on-call button's click: which button, the alarm it names, and the message it was on (as the platform sent it). */
export interface OnCallClickJob {
  readonly actionId: string;
  /** The button's value: the alarm's thread key. */
  readonly threadKey: string;
  readonly message: { readonly ts: string; readonly threadTs?: string; readonly text?: string; readonly blocks?: readonly unknown[] };
}

/** Hands a job to the worker without waiting for it (Lambda asynchronous invocation in AWS). */
export type DispatchCommandJob = (job: CommandJob) => Promise<void>;

/** The action ids of the confirmation buttons (the Slack adapter renders them). */
export const CONFIRM_ACTION_ID = "herald-confirm";
export const CANCEL_ACTION_ID = "herald-cancel";
/** The "Run again" buttons under an answer to a question: `herald-run-again-<n>`, the value is the command. */
export const RUN_AGAIN_ACTION_PREFIX = "herald-run-again-";

/** One answer to a command. */
export interface CommandReply {
  /** What to say; a result's output comes whole and the chat adapter shows what fits. */
  readonly notification: CommandAnswer;
  /** Everyone in the channel sees it (results), or only the person who asked (refusals, prompts). */
  readonly visibility: "channel" | "private";
  /** Replace the message that carried the button that was clicked. */
  readonly replaceOriginal?: boolean;
  /** Adds Confirm/Cancel buttons whose value is this confirmation id. */
  readonly confirmationId?: string;
}

