import type { CommandReply, ReplyTarget } from "../commands/job";
import type { Digest } from "../notifications/digest";
import type { Notification } from "../notifications/model";

/**
 * The port between Herald's domain code and a chat platform. Slack implements it in
 * lambdas/shared/slack/; another platform (Microsoft Teams) would implement the same interface.
 */

/** Where a notification goes: one channel of one workspace, and how to authenticate there. */
export interface ChatTarget {
  readonly teamId: string;
  readonly channelId: string;
  /** Name of the secret holding the bot token (the token itself is read by the adapter). */
  readonly botTokenSecretName: string;
}

export interface PostedMessage {
  /** The platform's id of the posted message (Slack: `ts`), for threading and updates. */
  readonly messageId?: string;
}

/** A broadcast mention Herald adds to a message by configuration (never one taken from forwarded text). */
export type Mention = "here" | "channel";

export interface UpdateOptions {
  /** Epoch ms after which the adapter must stop waiting (rate limits, retries) and fail retryably. */
  readonly deadline: number;
}

export interface PostOptions extends UpdateOptions {
  /**
   * Reply in the thread whose parent is this message (the platform's message id, Slack's
   * `thread_ts`) instead of posting top-level. Not a thread key (forwarding's `threadKey` names the
   * conversation) nor a publisher's thread id (`Notification.publisherThreadId`).
   */
  readonly threadId?: string;
  readonly mention?: Mention;
  /** Only the plain fallback text, no formatting: for a notification the platform refused as built. */
  readonly plain?: boolean;
  /**
   * The delivery this post carries (the SNS message id, unique in its channel). The adapter tags
   * the post with it, so that after an uncertain outcome it can find the post instead of posting
   * twice. Digests are tagged by the adapter itself, with the items they list.
   */
  readonly deliveryId?: string;
}

export interface PostedDigest extends PostedMessage {
  /** How many of the digest's items, in its order, the message lists (the rest stay queued). */
  readonly listed: number;
}

export interface ChatPoster {
  /** Posts a notification; throws ChatDeliveryError (with `retryable`) when it could not. */
  post(target: ChatTarget, notification: Notification, options: PostOptions): Promise<PostedMessage>;
  /** Posts many notifications as one message (a storm digest), within the platform's limits. */
  postDigest(target: ChatTarget, digest: Digest, options: Omit<PostOptions, "plain">): Promise<PostedDigest>;
  /**
   * Replaces a posted message's content (a thread's parent showing the current state). Platforms
   * that cannot edit messages leave it out; the parent then keeps its first content.
   */
  update?(target: ChatTarget, messageId: string, notification: Notification, options: UpdateOptions): Promise<void>;
}

/**
 * Answers to commands, the other half of the port: to the request itself (Slack: its response_url)
 * or in the channel (a mention's thread). Slack implements it in lambdas/shared/slack/replies.ts.
 */
export interface ChatReplier {
  /** Sends one answer; throws ChatDeliveryError when the platform refused it. */
  reply(replyTo: ReplyTarget, target: ChatTarget, reply: CommandReply): Promise<void>;
}
