import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, type WebClient } from "@slack/web-api";
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ChatPoster, ChatTarget, PostedDigest, PostedMessage, PostOptions, UpdateOptions } from "../chat/chat-platform";
import { ChatDeliveryError } from "../errors";
import type { SecretReader } from "../aws/secrets";
import type { Digest } from "../notifications/digest";
import type { Notification } from "../notifications/model";
import { SLACK_REQUEST_TIMEOUT_MS, slackApiUrl, slackWebClient } from "./web-client";
import { type SlackMessage, toSlackMessage } from "./blocks";
import { toSlackDigest } from "./digest-blocks";

/** Errors after which trying again cannot help until someone changes something. */
const PERMANENT_ERRORS = new Set([
  "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "not_authed", "account_inactive",
  "token_revoked", "token_expired", "no_permission", "missing_scope", "invalid_blocks", "msg_too_long",
  "msg_blocks_too_long", "restricted_action", "team_access_not_granted", "message_not_found", "cant_update_message",
  "edit_window_closed", "thread_not_found",
]);

/**
 * The message metadata event type Herald puts on every post, its payload the delivery's id: how a
 * post whose outcome was uncertain is found in the channel afterwards. Reading it back needs the
 * bot scopes channels:history and groups:history.
 */
export const DELIVERY_METADATA_EVENT_TYPE = "herald_delivery";

/** Tries of one post whose outcome stays uncertain (a timeout, a 5xx, a dropped connection) and is not found posted. */
const MAX_POST_ATTEMPTS = 3;
/** How far back the channel is read for an uncertain post: Slack's clock may run behind Herald's. */
const LOOKBACK_MS = 60_000;
/** Posts whose outcome is still uncertain, remembered (bounded) until they are found or posted. */
const MAX_UNCERTAIN = 1_000;
/** Slack's answers to a lookup that mean it cannot be done at all (no history scope, a channel it may not read). */
const LOOKUP_IMPOSSIBLE = new Set(["missing_scope", "not_allowed_token_type", "no_permission", "restricted_action"]);

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
 * parent with `chat.update`, and storm digests. 429s are handled here so the wait honours
 * `Retry-After` *and* the caller's deadline, or are handed straight to a caller that paces the
 * channel itself (`onRateLimit: "fail"`).
 *
 * Effective once: a post carries its delivery's id as message metadata and is never retried
 * blindly. When its outcome is uncertain — no answer in time (Slack slow, or dripping its answer),
 * a 5xx, a dropped connection — the channel's recent messages (or the thread's) are searched for
 * that id, and only a post not found there is sent again. A post still uncertain when the caller
 * gives up is remembered, and looked up first when it comes again. Updates and reads are retried by
 * the client (repeating them changes nothing).
 */
export function createSlackPoster(options: SlackPosterOptions): ChatPoster {
  const apiUrl = options.apiUrl ?? slackApiUrl();
  const now = options.now ?? Date.now;
  const maxRateLimitWaits = options.onRateLimit === "fail" ? 0 : (options.maxRateLimitWaits ?? 5);
  const requestTimeoutMs = options.requestTimeoutMs ?? SLACK_REQUEST_TIMEOUT_MS;
  const clientFor = (token: string, retries: "retry" | "once") => slackWebClient(token, { apiUrl, requestTimeoutMs, retries });
  /** Uncertain posts (channel and delivery id) → when the first try was sent (epoch ms). */
  const uncertain = new Map<string, number>();

  /** Runs one Web API call, sitting out 429s while `Retry-After` ends before the deadline. */
  async function withRateLimits<T>(target: ChatTarget, deadline: number, retries: "retry" | "once", call: (client: WebClient) => Promise<T>): Promise<T> {
    let token: string;
    try {
      token = await options.readSecret(target.botTokenSecretName);
    } catch (cause) {
      throw new ChatDeliveryError(`Bot token for workspace ${target.teamId} is unavailable`, "token_unavailable", true, { cause });
    }
    for (let waits = 0; ; waits++) {
      try {
        return await call(clientFor(token, retries));
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

  interface OutgoingPost {
    readonly deadline: number;
    /** Slack's `thread_ts`: the parent message to reply under. */
    readonly threadTs?: string;
    /** The delivery the post carries; without one, nothing can be looked up and an uncertain post is not repeated here. */
    readonly deliveryId?: string;
    readonly message: { text: string; blocks?: SlackMessage["blocks"] };
  }

  async function postMessage(target: ChatTarget, post: OutgoingPost): Promise<PostedMessage> {
    const { deadline, threadTs, deliveryId, message } = post;
    const send = () => withRateLimits(target, deadline, "once", (client) => client.chat.postMessage({
      channel: target.channelId,
      text: message.text,
      ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      ...(deliveryId === undefined ? {} : { metadata: { event_type: DELIVERY_METADATA_EVENT_TYPE, event_payload: { delivery_id: deliveryId } } }),
      unfurl_links: false,
      unfurl_media: false,
    }));
    if (deliveryId === undefined) return { messageId: (await send()).ts };
    const pending = `${target.teamId}#${target.channelId}#${deliveryId}`;

    // An earlier try's outcome is unknown: it may be in the channel already.
    const earlier = uncertain.get(pending);
    if (earlier !== undefined) {
      const found = await lookUp(target, { threadTs, deliveryId, since: earlier, deadline });
      if (found.posted) return settled(pending, found.messageId);
    }
    for (let attempt = 1; ; attempt++) {
      const sentAt = now();
      try {
        return settled(pending, (await send()).ts);
      } catch (error) {
        if (!(error instanceof ChatDeliveryError) || !isUncertainOutcome(error.code)) throw error;
        const since = uncertain.get(pending) ?? sentAt;
        remember(pending, since);
        const found = await lookUp(target, { threadTs, deliveryId, since, deadline }).catch((lookupError: unknown) => {
          // A 429 on the lookup is the channel's to honour, as any other.
          if (lookupError instanceof ChatDeliveryError && lookupError.retryAfterMs !== undefined) throw lookupError;
          // Not known either way: the next try looks again (the drainer backs off meanwhile).
          throw new ChatDeliveryError(`Posting to channel ${target.channelId} had no certain outcome, and looking it up failed`, error.code, true, { cause: lookupError });
        });
        if (found.posted) return settled(pending, found.messageId);
        if (attempt >= MAX_POST_ATTEMPTS || now() + requestTimeoutMs >= deadline) throw error;
        await sleep(Math.min(250 * attempt, Math.max(0, deadline - now() - requestTimeoutMs)));
      }
    }
  }

  function settled(pending: string, messageId: string | undefined): PostedMessage {
    uncertain.delete(pending);
    return { messageId };
  }

  function remember(pending: string, since: number): void {
    uncertain.delete(pending);
    uncertain.set(pending, since);
    // The oldest go first; one forgotten is at worst posted once more (at least once).
    for (const key of uncertain.keys()) {
      if (uncertain.size <= MAX_UNCERTAIN) break;
      uncertain.delete(key);
    }
  }

  /**
   * Whether the delivery's post is in the channel (or the thread): its metadata names it. A lookup
   * Slack refuses for good (no history scope) says "not posted", so the message is repeated rather
   * than never delivered: at least once, as before.
   */
  async function lookUp(target: ChatTarget, query: { threadTs?: string; deliveryId: string; since: number; deadline: number }): Promise<{ posted: false } | { posted: true; messageId?: string }> {
    const oldest = ((query.since - LOOKBACK_MS) / 1000).toFixed(6);
    let messages: ReadonlyArray<{ ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }>;
    try {
      const result = await withRateLimits(target, query.deadline, "retry", (client) => (query.threadTs === undefined
        ? client.conversations.history({ channel: target.channelId, oldest, inclusive: true, limit: 100, include_all_metadata: true })
        : client.conversations.replies({ channel: target.channelId, ts: query.threadTs, oldest, inclusive: true, limit: 200, include_all_metadata: true })));
      messages = (result.messages ?? []) as typeof messages;
    } catch (error) {
      if (error instanceof ChatDeliveryError && LOOKUP_IMPOSSIBLE.has(error.code)) return { posted: false };
      throw error;
    }
    const found = messages.find((m) => m.metadata?.event_type === DELIVERY_METADATA_EVENT_TYPE && m.metadata.event_payload?.delivery_id === query.deliveryId);
    return found === undefined ? { posted: false } : { posted: true, messageId: found.ts };
  }

  return {
    async post(target: ChatTarget, notification: Notification, { deadline, threadId, mention, plain, deliveryId }: PostOptions): Promise<PostedMessage> {
      const message = toSlackMessage(notification, { mention });
      return postMessage(target, { deadline, threadTs: threadId, deliveryId, message: plain ? { text: message.text } : message });
    },

    async postDigest(target: ChatTarget, digest: Digest, { deadline, threadId, mention }: Omit<PostOptions, "plain" | "deliveryId">): Promise<PostedDigest> {
      const { message, listed } = toSlackDigest(digest, { mention });
      return { ...(await postMessage(target, { deadline, threadTs: threadId, deliveryId: digestDeliveryId(digest, listed), message })), listed };
    },

    async update(target: ChatTarget, messageId: string, notification: Notification, { deadline }: UpdateOptions): Promise<void> {
      const message = toSlackMessage(notification);
      await withRateLimits(target, deadline, "retry", (client) => client.chat.update({
        channel: target.channelId,
        ts: messageId,
        text: message.text,
        blocks: message.blocks,
      }));
    },
  };
}

/**
 * A digest's delivery id: the items it lists. A digest found posted settles exactly those; one
 * planned differently on a later try (more items arrived) is another post.
 */
function digestDeliveryId(digest: Digest, listed: number): string {
  const ids = digest.items.slice(0, listed).map((item) => item.id).join("\n");
  return `digest-${createHash("sha256").update(ids).digest("base64url").slice(0, 32)}`;
}

/**
 * Outcomes that say nothing about whether Slack posted: no whole answer in time, a server error, a
 * dropped connection, an answer that could not be read.
 */
function isUncertainOutcome(code: string): boolean {
  return code === "timeout" || code === "request_error" || code === "unknown" || /^http_5\d\d$/.test(code);
}

function toDeliveryError(error: unknown, target: ChatTarget): ChatDeliveryError {
  // The client's timeout covers the whole exchange: an answer still arriving when it ends (Slack
  // dripping its body) is aborted while being read, outside the client's own error handling.
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new ChatDeliveryError(`Slack did not answer in time for channel ${target.channelId}`, "timeout", true, { cause: error });
  }
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
