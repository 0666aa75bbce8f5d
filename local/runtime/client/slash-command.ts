import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { slackSignatureHeaders } from "../slack/signature";
import type { RuntimeState } from "../state";
import { getJson, RuntimeUnreachableError } from "./runtime-client";

export interface SlashCommandOptions {
  /** What the user typed, e.g. `/aws sns list-topics` (the command defaults to /aws). */
  readonly text: string;
  readonly channelId?: string;
  readonly userId?: string;
  readonly signingSecret: string;
  /** How long to watch the response_url for later answers. */
  readonly waitMs: number;
}

export interface SlashCommandOutcome {
  readonly status: number;
  readonly body: string;
  readonly later: readonly unknown[];
}

/** The form body Slack POSTs for a slash command (https://api.slack.com/interactivity/slash-commands). */
export function slashCommandPayload(state: RuntimeState, options: SlashCommandOptions, responseUrl: string): URLSearchParams {
  const typed = options.text.trim();
  const [command, ...rest] = typed.startsWith("/") ? typed.split(/\s+/) : ["/aws", typed];
  const configuration = state.configurations.find((c) => c.channelId === options.channelId) ?? state.configurations[0];
  return new URLSearchParams({
    token: "local-verification-token",
    team_id: configuration.teamId,
    team_domain: "herald-local",
    channel_id: options.channelId ?? configuration.channelId,
    channel_name: "local",
    user_id: options.userId ?? state.admins[0],
    user_name: "local-user",
    command,
    text: typed.startsWith("/") ? rest.join(" ") : typed,
    api_app_id: "A0HERALDLOCAL",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: `${Date.now()}.local.${randomUUID().slice(0, 8)}`,
  });
}

/** Sends a slash command signed like Slack, returns the immediate answer and what arrives on response_url. */
export async function sendSlashCommand(baseUrl: string, state: RuntimeState, options: SlashCommandOptions): Promise<SlashCommandOutcome> {
  const id = randomUUID();
  const body = slashCommandPayload(state, options, `${baseUrl}/slack/response-url/${id}`).toString();
  let response: Response;
  try {
    response = await fetch(state.endpoints.slackCommands, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)", ...slackSignatureHeaders(options.signingSecret, body) },
      body,
    });
  } catch (error) {
    throw new RuntimeUnreachableError(baseUrl, error);
  }
  const answer = await response.text();
  let later: unknown[] = [];
  if (response.ok && options.waitMs > 0) {
    const deadline = Date.now() + options.waitMs;
    while (Date.now() < deadline) {
      await sleep(250);
      later = (await getJson<{ posts: { payload: unknown }[] }>(baseUrl, `/api/response-url/${id}`)).posts.map((p) => p.payload);
    }
  }
  return { status: response.status, body: answer, later };
}
