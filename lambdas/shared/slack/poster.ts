import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, type WebClient } from "@slack/web-api";
import { setTimeout as sleep } from "node:timers/promises";
import type { ChatPoster, ChatTarget, PostedDigest, PostedMessage, PostOptions, UpdateOptions } from "../chat/chat-platform";
import { ChatDeliveryError } from "../errors";
import type { SecretReader } from "../aws/secrets";
import type { Digest } from "../notifications/digest";
import type { Notification } from "../notifications/model";
import { slackApiUrl, slackWebClient } from "./web-client";
import { type SlackMessage, toSlackMessage } from "./blocks";
import { toSlackDigest } from "./digest-blocks";

/** Errors after which trying again cannot help until someone changes something. */
const PERMANENT_ERRORS = new Set([
  "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "not_authed", "account_inactive",
  "token_revoked", "token_expired", "no_permission", "missing_scope", "invalid_blocks", "msg_too_long",
  "msg_blocks_too_long", "restricted_action", "team_access_not_granted", "message_not_found", "cant_update_message",
  "edit_window_closed", "thread_not_found",
]);

export interface SlackPosterOptions {
  readonly readSecret: SecretReader;
  readonly apiUrl?: string;
  /** Per-request timeout; a slow Slack must not eat the whole invocation. */
  readonly requestTimeoutMs?: number;
  /** How many 429s to sit out for one message before giving up (retryably). */
  readonly maxRateLimitWaits?: number;
  /**
   * "wait" sits out 429s within the deadline; "fail" throws the 429 at once (a ChatDeliveryError
   * with `retryAfterMs`) for a caller that paces the channel itself (the outbox drainer).
   */
  readonly onRateLimit?: "wait" | "fail";
  readonly now?: () => number;
}

/**
 * Posts notifications with `chat.postMessage` (in a thread with `thread_ts`) and replaces a thread
 * parent with `chat.update`, and storm digests. 5xx and network errors are retried by the client
 * with backoff; 429s are handled here so the wait honours `Retry-After` *and* the caller's
 * deadline, or are handed straight to a caller that paces the channel itself (`onRateLimit: "fail"`).
 */
export function createSlackPoster(options: SlackPosterOptions): ChatPoster {
  const apiUrl = options.apiUrl ?? slackApiUrl();
  const now = options.now ?? Date.now;
  const maxRateLimitWaits = options.onRateLimit === "fail" ? 0 : (options.maxRateLimitWaits ?? 5);
  const clientFor = (token: string) => slackWebClient(token, { apiUrl, requestTimeoutMs: options.requestTimeoutMs });

  /** Runs one Web API call, sitting out 429s while `Retry-After` ends before the deadline. */
  async function withRateLimits<T>(target: ChatTarget, deadline: number, call: (client: WebClient) => Promise<T>): Promise<T> {
    let token: string;
    try {
      token = await options.readSecret(target.botTokenSecretName);
    } catch (cause) {
      throw new ChatDeliveryError(`Bot token for workspace ${target.teamId} is unavailable`, "token_unavailable", true, { cause });
    }
    for (let waits = 0; ; waits++) {
      try {
        return await call(clientFor(token));
      } catch (error) {
        if (error instanceof WebAPIRateLimitedError) {
          const waitMs = error.retryAfter * 1000;
          if (waits < maxRateLimitWaits && now() + waitMs < deadline) {
            await sleep(waitMs);
            continue;
          }
          throw new ChatDeliveryError(`Slack rate-limited channel ${target.channelId} (Retry-After ${error.retryAfter}s)`, "ratelimited", true, { cause: error, retryAfterMs: waitMs });
        }
        throw toDeliveryError(error, target);
      }
    }
  }

  async function postMessage(target: ChatTarget, deadline: number, threadId: string | undefined, message: { text: string; blocks?: SlackMessage["blocks"] }): Promise<PostedMessage> {
    const result = await withRateLimits(target, deadline, (client) => client.chat.postMessage({
      channel: target.channelId,
      text: message.text,
      ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
      ...(threadId === undefined ? {} : { thread_ts: threadId }),
      unfurl_links: false,
      unfurl_media: false,
    }));
    return { messageId: result.ts };
  }

  return {
    async post(target: ChatTarget, notification: Notification, { deadline, threadId, mention, plain }: PostOptions): Promise<PostedMessage> {
      const message = toSlackMessage(notification, { mention });
      return postMessage(target, deadline, threadId, plain ? { text: message.text } : message);
    },

    async postDigest(target: ChatTarget, digest: Digest, { deadline, threadId, mention }: Omit<PostOptions, "plain">): Promise<PostedDigest> {
      const { message, listed } = toSlackDigest(digest, { mention });
      return { ...(await postMessage(target, deadline, threadId, message)), listed };
    },

    async update(target: ChatTarget, messageId: string, notification: Notification, { deadline }: UpdateOptions): Promise<void> {
      const message = toSlackMessage(notification);
      await withRateLimits(target, deadline, (client) => client.chat.update({
        channel: target.channelId,
        ts: messageId,
        text: message.text,
        blocks: message.blocks,
      }));
    },
  };
}

function toDeliveryError(error: unknown, target: ChatTarget): ChatDeliveryError {
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    return new ChatDeliveryError(`Slack refused the message for channel ${target.channelId}: ${code}`, code, !PERMANENT_ERRORS.has(code), { cause: error });
  }
  if (error instanceof WebAPIHTTPError) {
    return new ChatDeliveryError(`Slack answered HTTP ${error.statusCode} for channel ${target.channelId}`, `http_${error.statusCode}`, true, { cause: error });
  }
  if (error instanceof WebAPIRequestError) {
    return new ChatDeliveryError(`Slack could not be reached for channel ${target.channelId}`, "request_error", true, { cause: error });
  }
  return new ChatDeliveryError(`Posting to channel ${target.channelId} failed`, "unknown", true, { cause: error });
}
