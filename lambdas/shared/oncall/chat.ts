import type { ChatTarget } from "../chat/chat-platform";
import type { OnCallView } from "./view";

/**
 * What on-call needs of the chat platform beyond posting notifications: notices that mention
 * members, user groups or the channel (Herald's own markup, built from validated ids), direct
 * messages, and showing the on-call state on the message whose button was clicked.
 */

/** A notice: text parts (untrusted text is escaped by the adapter) and mentions. */
export type NoticePart = string | { readonly user: string } | { readonly userGroup: string } | { readonly here: true };

export interface OnCallChat {
  /** Posts a notice in the thread whose parent is `threadId` (or top-level without one); returns its message id. */
  notice(target: ChatTarget, threadId: string | undefined, parts: readonly NoticePart[]): Promise<string | undefined>;
  /** A direct message to a member, from the bot of `target`'s workspace. */
  direct(target: ChatTarget, userId: string, parts: readonly NoticePart[]): Promise<void>;
  /**
   * Shows `view` on a posted message, keeping its content: `original` is the message as the
   * platform sent it with the click (Slack: `{ text, blocks }`), or undefined to leave it unchanged;
   * `threadKey` names the alarm its buttons act on.
   */
  showState(target: ChatTarget, messageId: string, original: unknown, view: OnCallView, threadKey: string): Promise<void>;
}
