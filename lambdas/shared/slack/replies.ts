import type { SecretReader } from "../aws/secrets";
import type { ChatTarget } from "../chat/chat-platform";
import { CANCEL_ACTION_ID, CONFIRM_ACTION_ID, type CommandReply, type ReplyTarget } from "../commands/job";
import { ChatDeliveryError } from "../errors";
import { type SlackMessage, toSlackMessage } from "./blocks";
import { slackWebClient } from "./web-client";

/**
 * Answers to commands: through Slack's response_url (slash commands, button clicks) or as a
 * channel message (mentions). A mutating command's answer carries Confirm/Cancel buttons.
 */

export interface SlackReplierOptions {
  readonly readSecret: SecretReader;
  /** Besides Slack's own hooks.slack.com, the one other origin response URLs may point to (local runtime). */
  readonly extraResponseOrigin?: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

export type SendCommandReply = (replyTo: ReplyTarget, target: ChatTarget, reply: CommandReply) => Promise<void>;

export function createSlackReplier(options: SlackReplierOptions): SendCommandReply {
  const doFetch = options.fetch ?? fetch;
  return async (replyTo, target, reply) => {
    const message = withConfirmation(toSlackMessage(reply.notification), reply.confirmationId);
    if (replyTo.kind === "channel") {
      const token = await options.readSecret(target.botTokenSecretName);
      await slackWebClient(token).chat.postMessage({
        channel: target.channelId,
        thread_ts: replyTo.threadTs,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      return;
    }
    assertResponseUrl(replyTo.url, options.extraResponseOrigin);
    const send = async (payload: Record<string, unknown>) => {
      const response = await doFetch(replyTo.url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(payload),
        redirect: "error",
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!response.ok) {
        throw new ChatDeliveryError(`Slack refused the command reply (HTTP ${response.status})`, `http_${response.status}`, response.status >= 500 || response.status === 429);
      }
    };
    const content = { text: message.text, blocks: message.blocks };
    if (reply.replaceOriginal && reply.visibility === "channel") {
      // An ephemeral prompt replaced stays ephemeral: remove it, then post the result for everyone.
      await send({ delete_original: true });
      await send({ response_type: "in_channel", ...content });
      return;
    }
    await send({ response_type: reply.visibility === "channel" ? "in_channel" : "ephemeral", replace_original: reply.replaceOriginal ?? false, ...content });
  };
}

/** Only Slack's hooks host (or the configured local one): a response URL is never a way to reach anything else. */
function assertResponseUrl(url: string, extraOrigin?: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ChatDeliveryError("The response URL is not a URL", "bad_response_url", false);
  }
  const slack = parsed.protocol === "https:" && parsed.hostname === "hooks.slack.com";
  const local = extraOrigin !== undefined && parsed.origin === new URL(extraOrigin).origin;
  if (!slack && !local) throw new ChatDeliveryError(`Refusing to post a reply to ${parsed.origin}`, "bad_response_url", false);
}

function withConfirmation(message: SlackMessage, confirmationId: string | undefined): SlackMessage {
  if (!confirmationId) return message;
  return {
    ...message,
    blocks: [
      ...message.blocks,
      {
        type: "actions",
        block_id: "herald-confirmation",
        elements: [
          { type: "button", action_id: CONFIRM_ACTION_ID, text: { type: "plain_text", text: "Run it" }, style: "danger", value: confirmationId },
          { type: "button", action_id: CANCEL_ACTION_ID, text: { type: "plain_text", text: "Cancel" }, value: confirmationId },
        ],
      },
    ],
  };
}
