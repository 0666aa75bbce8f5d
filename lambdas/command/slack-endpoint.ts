import { randomUUID } from "node:crypto";
import { CANCEL_ACTION_ID, CONFIRM_ACTION_ID, type CommandJob, type DispatchCommandJob } from "../shared/commands/job";
import { HeraldError } from "../shared/errors";
import { type CommandAuditEntry, REFUSED_CREDENTIAL_TEXT } from "../shared/commands/audit";
import { credentialRefusal, runningMessage } from "../shared/commands/messages";
import type { Notification } from "../shared/notifications/model";
import { findCredential } from "../shared/security/credential-screen";
import { parseSlackRequest, SlackRequestError, type SlackInbound, type SlackRoute } from "../shared/slack/inbound";
import { SlackSignatureError, verifySlackSignature } from "../shared/slack/signature";
import { toSlackMessage } from "../shared/slack/blocks";

/**
 * Herald's Slack endpoint: verify, parse, answer within Slack's 3 seconds. Everything that runs a
 * command (configuration lookup, aliases, authorization, the AWS call itself) is handed to the
 * worker; only help text, a parse error (both with the channel's usual commands, a bounded table
 * read) and a refused credential are answered here.
 */

export interface HttpRequest {
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Answers from the grammar that run no AWS command (help, invalid input), or undefined to dispatch. */
export type QuickAnswer = (text: string, caller: CommandJob["caller"]) => Promise<Notification | undefined>;

export interface SlackEndpointDependencies {
  readonly signingSecrets: () => Promise<readonly string[]>;
  readonly quickAnswer: QuickAnswer;
  readonly dispatch: DispatchCommandJob;
  /** True the first time an Events API event id is seen, false for Slack's retries. */
  readonly firstDelivery: (eventId: string) => Promise<boolean>;
  readonly audit: (entry: CommandAuditEntry) => void;
  readonly log: { warn(message: string, details: Record<string, unknown>): void; error(message: string, details: Record<string, unknown>): void };
  readonly now?: () => number;
}

/** Requests larger than this are refused before anything reads them (Slack's own are a few KB). */
export const MAX_BODY_BYTES = 64 * 1024;

const ROUTES: Record<string, SlackRoute> = { "/slack/commands": "commands", "/slack/events": "events", "/slack/interactions": "interactions" };

export function createSlackEndpoint(deps: SlackEndpointDependencies) {
  const now = deps.now ?? Date.now;

  return async function handleSlackRequest(request: HttpRequest): Promise<HttpResponse> {
    const route = ROUTES[request.path.replace(/\/+$/, "")];
    if (!route) return text(404, "Not found");
    if (request.rawBody.length > MAX_BODY_BYTES) return text(413, "Request body too large");
    try {
      verifySlackSignature(
        { timestamp: request.headers["x-slack-request-timestamp"], signature: request.headers["x-slack-signature"], rawBody: request.rawBody },
        await deps.signingSecrets(),
        Math.floor(now() / 1000),
      );
      const inbound = parseSlackRequest(route, request.headers["content-type"], request.rawBody);
      return await respond(inbound, now());
    } catch (error) {
      if (error instanceof SlackSignatureError) {
        deps.log.warn("Slack request refused", { reason: error.message, path: request.path });
        return text(401, error.message);
      }
      if (error instanceof SlackRequestError) return text(400, error.message);
      deps.log.error("Slack request failed", { path: request.path, error: error instanceof HeraldError ? error.message : (error as Error)?.name });
      // Slack shows the user a failure either way; never leak internals.
      return text(500, "Herald could not handle this request");
    }
  };

  async function respond(inbound: SlackInbound, receivedAt: number): Promise<HttpResponse> {
    switch (inbound.kind) {
      case "ssl-check":
        return text(200, "");
      case "url-verification":
        return json(200, { challenge: inbound.challenge });
      case "ignored":
        return text(200, "");
      case "slash-command": {
        const caller = { teamId: inbound.teamId, channelId: inbound.channelId, userId: inbound.userId, userName: inbound.userName };
        const refused = refuseCredential(inbound.text, caller, receivedAt);
        if (refused) return slackReply(refused);
        const quick = await deps.quickAnswer(inbound.text, caller);
        if (quick) return slackReply(quick);
        await deps.dispatch({ requestId: randomUUID(), caller, text: inbound.text, replyTo: { kind: "response-url", url: inbound.responseUrl }, receivedAt });
        return slackReply(runningMessage(inbound.text));
      }
      case "app-mention": {
        if (!(await deps.firstDelivery(inbound.eventId))) return text(200, ""); // a Slack retry
        const caller = { teamId: inbound.teamId, channelId: inbound.channelId, userId: inbound.userId };
        const commandText = inbound.text.replace(/^\s*<@[A-Z0-9]+(\|[^>]*)?>\s*/i, "");
        // Mentions are answered in the channel by the worker, refusals and quick answers included.
        const found = findCredential(commandText);
        await deps.dispatch({
          requestId: randomUUID(),
          caller,
          text: found ? "" : commandText,
          ...(found ? { refusedCredential: found.what } : {}),
          replyTo: { kind: "channel", threadTs: inbound.threadTs ?? inbound.ts },
          receivedAt,
        });
        return text(200, "");
      }
      case "block-action": {
        const action = inbound.actions.find((a) => a.actionId === CONFIRM_ACTION_ID || a.actionId === CANCEL_ACTION_ID);
        // Link buttons also send block_actions: acknowledge and do nothing.
        if (!action || !action.value || !inbound.channelId || !inbound.responseUrl) return text(200, "");
        await deps.dispatch({
          requestId: randomUUID(),
          caller: { teamId: inbound.teamId, channelId: inbound.channelId, userId: inbound.userId },
          text: "",
          replyTo: { kind: "response-url", url: inbound.responseUrl },
          confirmation: { id: action.value, approved: action.actionId === CONFIRM_ACTION_ID },
          receivedAt,
        });
        return text(200, "");
      }
    }
  }

  /** A command carrying a credential is neither run, stored, logged nor echoed. */
  function refuseCredential(commandText: string, caller: CommandJob["caller"], receivedAt: number): Notification | undefined {
    const found = findCredential(commandText);
    if (!found) return undefined;
    deps.audit({ caller, command: REFUSED_CREDENTIAL_TEXT, outcome: "refused-credential", requestId: randomUUID(), durationMs: now() - receivedAt });
    return credentialRefusal(found.what);
  }
}

/** An immediate answer to the person who typed the command (only they see it). */
function slackReply(notification: Notification): HttpResponse {
  const message = toSlackMessage(notification);
  return json(200, { response_type: "ephemeral", text: message.text, blocks: message.blocks });
}

function text(statusCode: number, body: string): HttpResponse {
  return { statusCode, headers: { "content-type": "text/plain; charset=utf-8" }, body };
}

function json(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(body) };
}
