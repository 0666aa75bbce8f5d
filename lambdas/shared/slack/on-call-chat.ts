import type { SecretReader } from "../aws/secrets";
import type { OnCallChat } from "../oncall/chat";
import { noticeMarkup, withOnCallState } from "./on-call-blocks";
import { slackWebClient } from "./web-client";

/**
 * Slack's side of the on-call chat port, through the one Web API client: notices in a thread,
 * direct messages (chat.postMessage to the member's id opens the app's DM), and chat.update of the
 * message whose button was clicked, rebuilt from its own blocks.
 */
export interface SlackOnCallChatOptions {
  readonly readSecret: SecretReader;
  readonly apiUrl?: string;
}

export function createSlackOnCallChat(options: SlackOnCallChatOptions): OnCallChat {
  const client = async (secretName: string) => slackWebClient(await options.readSecret(secretName), { ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }), retries: "once" });

  return {
    async notice(target, threadId, parts) {
      const text = noticeMarkup(parts);
      const posted = await (await client(target.botTokenSecretName)).chat.postMessage({
        channel: target.channelId,
        ...(threadId === undefined ? {} : { thread_ts: threadId }),
        text,
        blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
        unfurl_links: false,
        unfurl_media: false,
      });
      return posted.ts;
    },
    async direct(target, userId, parts) {
      const text = noticeMarkup(parts);
      await (await client(target.botTokenSecretName)).chat.postMessage({ channel: userId, text, unfurl_links: false, unfurl_media: false });
    },
    async showState(target, messageId, original, view, threadKey) {
      const message = original as { blocks?: unknown; text?: unknown } | undefined;
      const blocks = withOnCallState(message?.blocks, view, threadKey);
      if (blocks === undefined) return;
      await (await client(target.botTokenSecretName)).chat.update({ channel: target.channelId, ts: messageId, text: typeof message?.text === "string" ? message.text : "", blocks });
    },
  };
}

