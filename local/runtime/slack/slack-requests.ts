import { randomUUID } from "node:crypto";
import { slackSignatureHeaders } from "./signature";

/**
 * The requests Slack sends an app, built the way Slack builds them: a slash command
 * (https://api.slack.com/interactivity/slash-commands) and a button click
 * (https://api.slack.com/reference/interaction-payloads/block-actions). `herald slack` and the
 * page's command box and buttons all send them through here.
 */

export interface SlackActor {
  readonly teamId: string;
  readonly channelId: string;
  readonly userId: string;
}

/** `/aws dynamodb list-tables` → command `/aws`, text `dynamodb list-tables`; text without a leading `/` is for `/aws`. */
export function splitSlashCommand(typed: string): { command: string; text: string } {
  const trimmed = typed.trim();
  if (!trimmed.startsWith("/")) return { command: "/aws", text: trimmed };
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed) as RegExpExecArray;
  return { command: match[1], text: match[2] };
}

export function slashCommandForm(actor: SlackActor, typed: string, responseUrl: string): URLSearchParams {
  const { command, text } = splitSlashCommand(typed);
  return new URLSearchParams({
    token: "local-verification-token",
    team_id: actor.teamId,
    team_domain: "herald-local",
    channel_id: actor.channelId,
    channel_name: "local",
    user_id: actor.userId,
    user_name: actor.userId.toLowerCase(),
    command,
    text,
    api_app_id: "A0HERALDLOCAL",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: triggerId(),
  });
}

export interface ButtonClick {
  /** The message carrying the button (`container.message_ts`). */
  readonly messageTs: string;
  readonly isEphemeral: boolean;
  readonly actionId: string;
  readonly blockId?: string;
  readonly value?: string;
  readonly label?: string;
  /** The clicked message as the channel holds it (Slack sends it with clicks on non-ephemeral messages). */
  readonly message?: { readonly ts: string; readonly threadTs?: string; readonly text: string; readonly blocks: readonly unknown[] };
}

export function blockActionsForm(actor: SlackActor, click: ButtonClick, responseUrl: string): URLSearchParams {
  const payload = {
    type: "block_actions",
    token: "local-verification-token",
    api_app_id: "A0HERALDLOCAL",
    team: { id: actor.teamId, domain: "herald-local" },
    user: { id: actor.userId, username: actor.userId.toLowerCase(), team_id: actor.teamId },
    container: { type: "message", message_ts: click.messageTs, channel_id: actor.channelId, is_ephemeral: click.isEphemeral },
    channel: { id: actor.channelId, name: "local" },
    trigger_id: triggerId(),
    response_url: responseUrl,
    ...(click.message === undefined ? {} : {
      message: { type: "message", ts: click.message.ts, ...(click.message.threadTs === undefined ? {} : { thread_ts: click.message.threadTs }), text: click.message.text, blocks: click.message.blocks },
    }),
    actions: [{
      type: "button",
      action_id: click.actionId,
      block_id: click.blockId ?? "",
      text: { type: "plain_text", text: click.label ?? "", emoji: true },
      ...(click.value === undefined ? {} : { value: click.value }),
      action_ts: (Date.now() / 1000).toFixed(6),
    }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) });
}

/** POSTs a form to one of the runtime's Slack endpoints, signed and labelled as Slack does. */
export function postSignedForm(url: string, form: URLSearchParams, signingSecret: string): Promise<Response> {
  const body = form.toString();
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)", ...slackSignatureHeaders(signingSecret, body) },
    body,
  });
}

function triggerId(): string {
  return `${Date.now()}.local.${randomUUID().slice(0, 8)}`;
}
