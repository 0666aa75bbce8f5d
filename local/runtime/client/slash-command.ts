import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { PATHS } from "../endpoints";
import type { ResponseUrlStatus } from "../slack/conversations";
import { postSignedForm, slashCommandForm } from "../slack/slack-requests";
import type { RuntimeState } from "../state";
import { getJson, RuntimeUnreachableError } from "./runtime-client";

export interface SlashCommandOptions {
  /** What the user typed, e.g. `/aws sns list-topics` (the command defaults to /aws). */
  readonly text: string;
  readonly channelId?: string;
  readonly userId?: string;
  readonly signingSecret: string;
  /** The most time to wait for the worker's answers on response_url. */
  readonly waitMs: number;
}

export interface SlashCommandOutcome {
  readonly status: number;
  readonly body: string;
  /** What arrived on the response_url, with when (ms after the immediate answer). */
  readonly later: ReadonlyArray<{ readonly afterMs: number; readonly payload: unknown }>;
  /** Worker jobs the command function started to answer on this response_url. */
  readonly dispatched: number;
  /** True when the wait ended with a worker job still running. */
  readonly timedOut: boolean;
}

const POLL_INTERVAL_MS = 150;

/**
 * Sends a slash command signed like Slack, returns the immediate answer and what arrives on
 * response_url. The runtime knows whether the command function handed a job to the worker and
 * when that job ended, so this waits exactly as long as needed (at most `waitMs`).
 */
export async function sendSlashCommand(baseUrl: string, state: RuntimeState, options: SlashCommandOptions): Promise<SlashCommandOutcome> {
  const id = randomUUID();
  const configuration = state.configurations.find((c) => c.channelId === options.channelId) ?? state.configurations[0];
  const actor = { teamId: configuration.teamId, channelId: options.channelId ?? configuration.channelId, userId: options.userId ?? state.admins[0] };
  let response: Response;
  try {
    response = await postSignedForm(state.endpoints.slackCommands, slashCommandForm(actor, options.text, `${baseUrl}${PATHS.responseUrl}${id}`), options.signingSecret);
  } catch (error) {
    throw new RuntimeUnreachableError(baseUrl, error);
  }
  const answeredAt = Date.now();
  const body = await response.text();
  let status: ResponseUrlStatus = { posts: [], dispatched: 0, running: 0 };
  if (response.ok) {
    const deadline = answeredAt + options.waitMs;
    for (;;) {
      status = await getJson<ResponseUrlStatus>(baseUrl, `/api/response-url/${id}`);
      if (status.running === 0 || Date.now() >= deadline) break;
      await sleep(POLL_INTERVAL_MS);
    }
  }
  return {
    status: response.status,
    body,
    later: status.posts.map((post) => ({ afterMs: Math.max(0, post.at - answeredAt), payload: post.payload })),
    dispatched: status.dispatched,
    timedOut: status.running > 0,
  };
}
