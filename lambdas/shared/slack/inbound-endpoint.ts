import { SLACK_ROUTES } from "../../../lib/command-api-contract";
import type { CommandIntake } from "../commands/command-intake";
import { CANCEL_ACTION_ID, CONFIRM_ACTION_ID, RUN_AGAIN_ACTION_PREFIX } from "../commands/job";
import { HeraldError } from "../errors";
import { isOnCallActionId } from "../oncall/actions";
import type { Notification } from "../notifications/model";
import { toSlackMessage } from "./blocks";
import { parseSlackRequest, SlackRequestError, type SlackInbound, type SlackRoute, stripMention } from "./inbound";
import { MAX_CLOCK_SKEW_SECONDS, signedRequestDigest, SlackSignatureError, verifySlackSignatureByTeam } from "./signature";

/**
 * Herald's Slack endpoint (the Slack adapter's inbound side): verify, parse, and hand the domain
 * (lambdas/shared/commands/command-intake.ts) a platform-neutral request, then turn its answer into
 * Slack's reply, within Slack's 3 seconds. A request is acted on only when
 * - it is signed by the signing secret of the workspace it names (one workspace's secret cannot
 *   speak for another),
 * - it is the first use of that signature (a replayed request runs nothing), and
 * - for Events API callbacks, the first delivery of its event id (Slack's retries run once).
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

export interface SlackInboundEndpointPorts {
  /** Each workspace's signing secret, by team id. */
  readonly signingSecrets: () => Promise<ReadonlyMap<string, string>>;
  /** True the first time a signed request (by its digest) is used, kept `keepSeconds`; false for a replay. */
  readonly firstUse: (digest: string, keepSeconds: number) => Promise<boolean>;
  /** True the first time an Events API event id is seen, false for Slack's retries. */
  readonly firstDelivery: (eventId: string) => Promise<boolean>;
  /** The domain: what to answer at once, what to hand to the worker. */
  readonly commands: CommandIntake;
  readonly log: { warn(message: string, details: Record<string, unknown>): void; error(message: string, details: Record<string, unknown>): void };
  readonly now?: () => number;
}

/** Requests larger than this are refused before anything reads them (Slack's own are a few KB). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * How long a used signature is remembered: a timestamp up to 300 s from now verifies, so a request
 * first seen now could be replayed until 600 s from now; the rest is margin for clocks that differ.
 */
export const SIGNATURE_REUSE_WINDOW_SECONDS = 2 * MAX_CLOCK_SKEW_SECONDS + 300;

/** Path → route, from the API's own route table (so the function and API Gateway cannot disagree). */
const ROUTES: ReadonlyMap<string, SlackRoute> = new Map([[SLACK_ROUTES.commands, "commands"], [SLACK_ROUTES.events, "events"], [SLACK_ROUTES.interactions, "interactions"]]);

export function createSlackInboundEndpoint(ports: SlackInboundEndpointPorts) {
  const now = ports.now ?? Date.now;

  return async function handleSlackRequest(request: HttpRequest): Promise<HttpResponse> {
    const route = ROUTES.get(request.path.replace(/\/+$/, ""));
    if (!route) return text(404, "Not found");
    if (request.rawBody.length > MAX_BODY_BYTES) return text(413, "Request body too large");
    try {
      const signed = { timestamp: request.headers["x-slack-request-timestamp"], signature: request.headers["x-slack-signature"], rawBody: request.rawBody };
      const signers = verifySlackSignatureByTeam(signed, await ports.signingSecrets(), Math.floor(now() / 1000));
      const inbound = parseSlackRequest(route, request.headers["content-type"], request.rawBody);
      const teamId = teamOf(inbound);
      if (teamId !== undefined && !signers.has(teamId)) throw new SlackSignatureError("X-Slack-Signature was not made with the signing secret of the workspace the request names");
      if (!(await ports.firstUse(signedRequestDigest(signed), SIGNATURE_REUSE_WINDOW_SECONDS))) {
        ports.log.warn("Slack request refused", { reason: "replayed", path: request.path });
        return text(409, "This signed request was received before: a replayed request is refused");
      }
      return await respond(inbound, now());
    } catch (error) {
      if (error instanceof SlackSignatureError) {
        ports.log.warn("Slack request refused", { reason: error.message, path: request.path });
        return text(401, error.message);
      }
      if (error instanceof SlackRequestError) return text(400, error.message);
      ports.log.error("Slack request failed", { path: request.path, error: error instanceof HeraldError ? error.message : (error as Error)?.name });
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
        return slackReply(await ports.commands.command({ caller, text: inbound.text, replyTo: { kind: "response-url", url: inbound.responseUrl }, receivedAt }));
      }
      case "app-mention": {
        if (!(await ports.firstDelivery(inbound.eventId))) return text(200, ""); // a Slack retry
        const caller = { teamId: inbound.teamId, channelId: inbound.channelId, userId: inbound.userId };
        await ports.commands.mention({ caller, text: stripMention(inbound.text), threadId: inbound.threadTs ?? inbound.ts, receivedAt });
        return text(200, "");
      }
      case "block-action": {
        const onCall = inbound.actions.find((a) => isOnCallActionId(a.actionId));
        if (onCall !== undefined) {
          // Acknowledge and Snooze: the worker acts and answers in the thread (or privately, with a refusal).
          if (!onCall.value || !inbound.channelId || !inbound.responseUrl || !inbound.message) return text(200, "");
          await ports.commands.onCallClick({
            caller: { teamId: inbound.teamId, channelId: inbound.channelId, userId: inbound.userId },
            onCall: { actionId: onCall.actionId, threadKey: onCall.value, message: inbound.message },
            replyTo: { kind: "response-url", url: inbound.responseUrl },
            receivedAt,
          });
          return text(200, "");
        }
        const runAgain = inbound.actions.find((a) => a.actionId.startsWith(RUN_AGAIN_ACTION_PREFIX));
        if (runAgain?.value && inbound.channelId && inbound.responseUrl) {
          const caller = { teamId: inbound.teamId, channelId: inbound.channelId, userId: inbound.userId };
          await ports.commands.runAgainClick({ caller, text: runAgain.value, replyTo: { kind: "response-url", url: inbound.responseUrl }, receivedAt });
          return text(200, "");
        }
        const action = inbound.actions.find((a) => a.actionId === CONFIRM_ACTION_ID || a.actionId === CANCEL_ACTION_ID);
        // Link buttons also send block_actions: acknowledge and do nothing.
        if (!action || !action.value || !inbound.channelId || !inbound.responseUrl) return text(200, "");
        await ports.commands.confirmationClick({
          caller: { teamId: inbound.teamId, channelId: inbound.channelId, userId: inbound.userId },
          confirmation: { id: action.value, approved: action.actionId === CONFIRM_ACTION_ID },
          replyTo: { kind: "response-url", url: inbound.responseUrl },
          receivedAt,
        });
        return text(200, "");
      }
    }
  }
}

/** The workspace a request acts for (and so must be signed by); none for Slack's probes and ignored requests. */
function teamOf(inbound: SlackInbound): string | undefined {
  return inbound.kind === "slash-command" || inbound.kind === "app-mention" || inbound.kind === "block-action" ? inbound.teamId : undefined;
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
