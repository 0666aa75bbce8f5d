import type { SecretReader } from "../aws/secrets";
import type { ChatReplier } from "../chat/chat-platform";
import { CANCEL_ACTION_ID, CONFIRM_ACTION_ID } from "../commands/job";
import { ChatDeliveryError } from "../errors";
import type { SlackMessage } from "./blocks";
import { toSlackCommandMessage } from "./command-replies";
import { slackWebClient } from "./web-client";

/**
 * Slack's side of the chat reply port: answers to commands through Slack's response_url (slash
 * commands, button clicks) or as a channel message through the one Web API client (mentions). A
 * mutating command's answer carries Confirm/Cancel buttons.
 */

export interface SlackReplierOptions {
  readonly readSecret: SecretReader;
  /** Besides Slack's own hooks.slack.com, the one other origin response URLs may point to (local runtime). */
  readonly extraResponseOrigin?: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

export function createSlackReplier(options: SlackReplierOptions): ChatReplier {
  const doFetch = options.fetch ?? fetch;
  async function reply(...[replyTo, target, answer]: Parameters<ChatReplier["reply"]>): Promise<void> {
    const message = withConfirmation(toSlackCommandMessage(answer.notification), answer.confirmationId);
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
    if (answer.replaceOriginal && answer.visibility === "channel") {
      // An ephemeral prompt replaced stays ephemeral: remove it, then post the result for everyone.
      await send({ delete_original: true });
      await send({ response_type: "in_channel", ...content });
      return;
    }
    await send({ response_type: answer.visibility === "channel" ? "in_channel" : "ephemeral", replace_original: answer.replaceOriginal ?? false, ...content });
  }
  return { reply };
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
