import type { AskMessage } from "../ask/answer";
import type { SecretReader } from "../aws/secrets";
import type { AskChat } from "../chat/ask-chat";
import { RUN_AGAIN_ACTION_PREFIX } from "../commands/job";
import { ChatDeliveryError } from "../errors";
import type { SlackMessage } from "./blocks";
import { toSlackCommandMessage } from "./command-replies";
import { slackWebClient } from "./web-client";

/**
 * Slack's side of the ask port: the thread message Herald posts once (never retried blindly, a
 * retry could post twice) and updates as it works, its answer with one "Run again" button per
 * command that ran. A button's value is the command as typed; clicking it runs that command as if
 * the clicker typed it (every check again, under the clicker's name).
 */

/** Slack's limit for a button's value. */
const MAX_BUTTON_VALUE = 2_000;
const MAX_BUTTON_TEXT = 75;

export function createSlackAskChat(options: { readonly readSecret: SecretReader }): AskChat {
  return {
    async post(target, message, threadId) {
      const token = await options.readSecret(target.botTokenSecretName);
      const slack = slackMessage(message);
      const posted = await slackWebClient(token, { retries: "once" }).chat.postMessage({
        channel: target.channelId,
        ...(threadId === undefined ? {} : { thread_ts: threadId }),
        text: slack.text,
        blocks: slack.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      if (typeof posted.ts !== "string") throw new ChatDeliveryError("Slack did not say which message it posted", "no_ts", false);
      return posted.ts;
    },
    async update(target, messageId, message) {
      const token = await options.readSecret(target.botTokenSecretName);
      const slack = slackMessage(message);
      await slackWebClient(token).chat.update({ channel: target.channelId, ts: messageId, text: slack.text, blocks: slack.blocks });
    },
  };
}

function slackMessage(message: AskMessage): SlackMessage {
  const base = toSlackCommandMessage(message.notification);
  const buttons = message.runAgain
    .filter((command) => command.length <= MAX_BUTTON_VALUE)
    .map((command, index) => ({
      type: "button" as const,
      action_id: `${RUN_AGAIN_ACTION_PREFIX}${index}`,
      text: { type: "plain_text" as const, text: buttonText(command) },
      value: command,
    }));
  if (buttons.length === 0) return base;
  return { ...base, blocks: [...base.blocks, { type: "actions", block_id: "herald-run-again", elements: buttons }] };
}

/** Plain text (Slack shows it as typed, no markup): "Run again: sns list-topics", cut to fit. */
function buttonText(command: string): string {
  const text = `Run again: ${command}`;
  return text.length <= MAX_BUTTON_TEXT ? text : `${text.slice(0, MAX_BUTTON_TEXT - 1)}…`;
}
