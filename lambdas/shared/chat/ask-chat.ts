import type { AskMessage } from "../ask/answer";
import type { ChatTarget } from "./chat-platform";

/**
 * The chat port of asked questions: a message in a thread that Herald keeps updating (progress,
 * then the answer with its "Run again" buttons). Slack implements it in slack/ask-messages.ts.
 */
export interface AskChat {
  /** Posts in the thread whose parent is `threadId` (top-level when absent); the posted message's id. */
  post(target: ChatTarget, message: AskMessage, threadId?: string): Promise<string>;
  /** Replaces a posted message's content. */
  update(target: ChatTarget, messageId: string, message: AskMessage): Promise<void>;
}
