import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type { LambdaInvokeStandIn } from "../../stand-ins/lambda-invoke";
import type { SecretsManagerStandIn } from "../../stand-ins/secrets-manager";
import type { InjectedFailure } from "../../stand-ins/slack-web-api";
import type { StsIamStandIn } from "../../stand-ins/sts-iam";
import type { BedrockRuntimeStandIn } from "../../stand-ins/bedrock-runtime";
import { createUnavailableServiceEndpoint } from "../aws/unavailable-service";
import { PATHS } from "../endpoints";
import { liveSectionHtml } from "../page/live";
import { pageHtml } from "../page/page";
import type { createPageActions } from "../page/page-actions";
import type { Conversations } from "../slack/conversations";
import { runtimeState, type RuntimeView, stateVersion } from "../state";
import { readRawBody, sendJson, sendText } from "./body";
import { FRAMING_HEADERS, fromElsewhere, isPageNavigation } from "./same-origin";
import type { RouteHandler } from "./server";

export interface RouteDependencies {
  readonly port: number;
  readonly view: RuntimeView;
  readonly signingSecret: string;
  readonly sns: RouteHandler;
  readonly slackIngress: RouteHandler;
  readonly secretsManager: SecretsManagerStandIn;
  readonly lambda: LambdaInvokeStandIn;
  readonly stsIam: StsIamStandIn;
  readonly bedrockRuntime: BedrockRuntimeStandIn;
  readonly conversations: Conversations;
  readonly pageActions: ReturnType<typeof createPageActions>;
}

const ASSETS: Record<string, { type: string; body: Buffer }> = Object.fromEntries(
  [["page.js", "text/javascript; charset=utf-8"], ["page.css", "text/css; charset=utf-8"]].map(([name, type]) => [
    `/assets/${name}`,
    { type, body: readFileSync(join(__dirname, "..", "page", "assets", name)) },
  ]),
);

const SLACK_INGRESS = new Set<string>([PATHS.slackCommands, PATHS.slackEvents, PATHS.slackInteractions]);

/** Maps each path of the runtime to its handler. */
export function createRoutes(deps: RouteDependencies): RouteHandler {
  const { view } = deps;
  // Only this machine's names: a web page elsewhere cannot reach the runtime through DNS rebinding.
  const allowedHosts = new Set([`127.0.0.1:${deps.port}`, `localhost:${deps.port}`]);
  const ownOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));
  const unavailableService = createUnavailableServiceEndpoint();
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!allowedHosts.has(req.headers.host ?? "")) return sendJson(res, 403, { error: "forbidden_host", message: "Use http://127.0.0.1 or http://localhost" });
    const path = url.pathname;
    const get = req.method === "GET" || req.method === "HEAD";
    for (const [name, value] of Object.entries(FRAMING_HEADERS)) res.setHeader(name, value);
    const elsewhere = isPageNavigation(req, path) ? undefined : fromElsewhere(req, ownOrigins);
    if (elsewhere) return sendJson(res, 403, { error: "forbidden_origin", message: `Refused: a page on another site sent this (${elsewhere}). Use the runtime's own page, the CLI or the AWS SDK.` });

    if (path === "/" && get) return sendText(res, 200, "text/html; charset=utf-8", pageHtml(view));
    if (path === "/partials/live" && get) return sendText(res, 200, "text/html; charset=utf-8", liveSectionHtml(view));
    if (path === PATHS.state && get) return sendJson(res, 200, runtimeState(view));
    // What the page polls every second: small, whatever the number of messages.
    if (path === "/api/version" && get) return sendJson(res, 200, { version: stateVersion(view) });
    if (path === "/api/signing-secret" && get) return sendJson(res, 200, { signingSecret: deps.signingSecret });
    const asset = ASSETS[path];
    if (asset && get) return sendText(res, 200, asset.type, asset.body);

    if (path === PATHS.sns || path === `${PATHS.sns}/`) return deps.sns(req, res, url);
    if (path === PATHS.secretsManager || path.startsWith(`${PATHS.secretsManager}/`)) return deps.secretsManager.handle(req, res);
    if (path.startsWith(`${PATHS.lambda}/`)) return deps.lambda.handle(req, res, path.slice(PATHS.lambda.length));
    if (path.startsWith(`${PATHS.bedrockRuntime}/`)) return deps.bedrockRuntime.handle(req, res, path.slice(PATHS.bedrockRuntime.length));
    if (path === PATHS.sts || path === `${PATHS.sts}/` || path === PATHS.iam || path === `${PATHS.iam}/`) return deps.stsIam.handle(req, res);
    if (path.startsWith(PATHS.unavailableService)) return unavailableService(req, res, path.slice(PATHS.unavailableService.length).split("/")[0]);
    if (path.startsWith(PATHS.slackWebApi)) return view.slack.handle(req, res, path.slice(PATHS.slackWebApi.length));
    if (SLACK_INGRESS.has(path)) return deps.slackIngress(req, res, url);

    const responseUrl = /^\/slack\/response-url\/([\w-]{1,64})$/.exec(path);
    if (responseUrl && req.method === "POST") return deps.conversations.receive(req, res, responseUrl[1]);
    const responses = /^\/api\/response-url\/([\w-]{1,64})$/.exec(path);
    if (responses && get) return deps.conversations.list(res, responses[1]);
    if (path === "/api/page/command") return deps.pageActions.command(req, res);
    if (path === "/api/page/action") return deps.pageActions.action(req, res);
    if (path === "/api/page/privacy") return deps.pageActions.privacy(req, res);
    if (path === "/api/slack-sink/failures" && req.method === "POST") return injectFailure(req, res, view);

    return sendJson(res, 404, { error: "not_found", message: `Nothing at ${req.method} ${path}; see ${view.endpoints.page} for the endpoints` });
  };
}

/**
 * Makes the local Slack sink fail the next matching calls, to watch retries and failures:
 * `{ "channel": "C0DEV0001", "error": "channel_not_found", "times": 3 }` or `{ "status": 503 }`.
 */
async function injectFailure(req: IncomingMessage, res: ServerResponse, view: RuntimeView): Promise<void> {
  let body: { channel?: unknown; method?: unknown; error?: unknown; status?: unknown; retryAfter?: unknown; times?: unknown };
  try {
    body = JSON.parse((await readRawBody(req)).toString("utf8")) as typeof body;
  } catch {
    return sendJson(res, 400, { error: "invalid_json" });
  }
  let failure: InjectedFailure;
  if (typeof body.error === "string") failure = { error: body.error };
  else if (body.status === 429) failure = { status: 429, retryAfter: typeof body.retryAfter === "number" ? body.retryAfter : 1 };
  else if (body.status === 500 || body.status === 502 || body.status === 503) failure = { status: body.status };
  else return sendJson(res, 400, { error: "invalid_failure", message: 'Give "error" (a Slack error code) or "status" (429, 500, 502 or 503)' });
  const match = {
    method: typeof body.method === "string" ? body.method : "chat.postMessage",
    channel: typeof body.channel === "string" ? body.channel : undefined,
  };
  const times = typeof body.times === "number" && body.times > 0 ? Math.min(body.times, 100) : 1;
  view.slack.failNext(failure, match, times);
  return sendJson(res, 200, { ok: true, failure, match, times });
}
