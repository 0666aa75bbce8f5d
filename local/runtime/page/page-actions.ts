import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HeraldConfig } from "../../../lambdas/shared/config/schema";
import type { ChangePrivacyResult } from "../../../lambdas/shared/privacy";
import type { Endpoints } from "../endpoints";
import { readRawBody, sendJson } from "../http/body";
import type { StoredMessage } from "../../stand-ins/slack-web-api";
import type { Conversations } from "../slack/conversations";
import { blockActionsForm, postSignedForm, type SlackActor, slashCommandForm } from "../slack/slack-requests";

/**
 * What the page's command boxes and buttons do: the runtime plays Slack's part, building the
 * request Slack would send (with a fresh response_url), signing it with the local signing secret
 * and POSTing it to its own /slack/commands or /slack/interactions, like any other client. The
 * privacy toggle changes the setting as the first admin (the same changePrivacy as `/aws privacy`).
 */

export interface PageActionsOptions {
  readonly config: HeraldConfig;
  readonly endpoints: Endpoints;
  readonly signingSecret: string;
  readonly conversations: Conversations;
  /** The "Share user data" toggle, as the first admin. */
  readonly changePrivacy: (shareUserData: boolean) => Promise<ChangePrivacyResult>;
  /** A channel's messages as the Slack stand-in holds them (a click carries the clicked one, as Slack's does). */
  readonly messages?: (channelId: string) => readonly StoredMessage[];
}

const CHANNEL_ID = /^[A-Za-z0-9]{1,255}$/;
const USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const MAX_COMMAND_LENGTH = 4_000;

class PageRequestError extends Error {}

export function createPageActions(options: PageActionsOptions) {
  const { config, endpoints, conversations } = options;

  const actor = (body: Record<string, unknown>): SlackActor => {
    const channelId = text(body.channelId, "channelId", CHANNEL_ID);
    const userId = text(body.userId, "userId", USER_ID, "a Slack user id such as U0ADMIN01");
    const teamId = config.channels.find((c) => c.channelId === channelId)?.teamId ?? config.workspaces[0].teamId;
    return { teamId, channelId, userId };
  };

  /** `POST /api/page/command` `{ channelId, userId, text }`: a slash command, as Slack would send it. */
  async function command(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return handle(req, res, async (body) => {
      const who = actor(body);
      const typed = text(body.text, "text");
      if (typed.length > MAX_COMMAND_LENGTH) throw new PageRequestError(`A command is at most ${MAX_COMMAND_LENGTH} characters`);
      const responseId = randomUUID();
      const response = await postSignedForm(endpoints.slackCommands, slashCommandForm(who, typed, conversations.responseUrl(responseId)), options.signingSecret);
      return { status: response.status, body: await response.text(), responseId };
    });
  }

  /** `POST /api/page/action` `{ channelId, userId, messageId, actionId, blockId?, value?, label? }`: a button click. */
  async function action(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return handle(req, res, async (body) => {
      const who = actor(body);
      const messageId = text(body.messageId, "messageId", /^[\w.-]{1,64}$/);
      const optional = (value: unknown, name: string) => (value === undefined || value === null ? undefined : text(value, name, /^[\s\S]{0,2000}$/));
      const click = {
        messageTs: messageId,
        isEphemeral: conversations.entry(messageId)?.visibility === "ephemeral",
        actionId: text(body.actionId, "actionId", /^[\s\S]{1,255}$/),
        blockId: optional(body.blockId, "blockId"),
        value: optional(body.value, "value"),
        label: optional(body.label, "label"),
        ...clickedMessage(who.channelId, messageId),
      };
      const responseId = randomUUID();
      const response = await postSignedForm(endpoints.slackInteractions, blockActionsForm(who, click, conversations.responseUrl(responseId)), options.signingSecret);
      return { status: response.status, body: await response.text(), responseId };
    });
  }

  function clickedMessage(channelId: string, ts: string) {
    const stored = options.messages?.(channelId).find((message) => message.ts === ts);
    return stored === undefined ? {} : { message: { ts: stored.ts, ...(stored.threadTs === undefined ? {} : { threadTs: stored.threadTs }), text: stored.text, blocks: stored.blocks } };
  }

  /**
   * JSON in, JSON out. Requests from other sites' pages are refused before they get here
   * (http/same-origin.ts); JSON on top means a plain HTML form cannot send one either.
   */
  async function handle(req: IncomingMessage, res: ServerResponse, run: (body: Record<string, unknown>) => Promise<unknown>): Promise<void> {
    if (req.method !== "POST") return sendJson(res, 405, { error: "method_not_allowed" });
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) {
      return sendJson(res, 403, { error: "forbidden", message: "Only the runtime's own page sends these (JSON, same origin)" });
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse((await readRawBody(req)).toString("utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new PageRequestError("not an object");
      body = parsed as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, { error: "invalid_json", message: "Send a JSON object" });
    }
    try {
      return sendJson(res, 200, await run(body));
    } catch (error) {
      if (error instanceof PageRequestError) return sendJson(res, 400, { error: "invalid_request", message: error.message });
      throw error;
    }
  }

  /** `POST /api/page/privacy` `{ shareUserData }`: the account settings toggle. */
  async function privacy(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return handle(req, res, async (body) => {
      if (typeof body.shareUserData !== "boolean") throw new PageRequestError("shareUserData must be true or false");
      const result = await options.changePrivacy(body.shareUserData);
      return result.changed
        ? { changed: true, requestId: result.requestId, version: result.setting.version, shareUserData: result.setting.shareUserData }
        : { changed: false, version: result.setting.version, shareUserData: result.setting.shareUserData };
    });
  }

  return { command, action, privacy };
}

function text(value: unknown, name: string, pattern?: RegExp, what?: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new PageRequestError(`${name} is required`);
  if (pattern && !pattern.test(value)) throw new PageRequestError(`${name} must be ${what ?? `of the form ${pattern.source}`}`);
  return value;
}
