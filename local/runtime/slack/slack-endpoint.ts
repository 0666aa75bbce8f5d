import type { APIGatewayProxyResult } from "aws-lambda";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SlackSignatureError, verifySlackSignature } from "../../../lambdas/shared/slack/signature";
import { readRawBody, sendJson } from "../http/body";
import { FunctionError } from "../lambda/local-function";
import { apiGatewayProxyEvent, type ApiGatewayOptions } from "./api-gateway-event";
import type { HttpAnswer, SlackTrafficObserver } from "./conversations";

/** Something that runs the command function with an API Gateway event. */
export interface CommandFunction {
  invoke(event: unknown): Promise<unknown>;
}

export interface SlackEndpointOptions {
  readonly signingSecret: string;
  readonly apiGateway: ApiGatewayOptions;
  readonly command: CommandFunction;
  /** Sees each verified request and the answer it got (the page shows commands and their answers). */
  readonly observe?: SlackTrafficObserver;
}

/** What API Gateway answers when the integration fails; the detail goes to the terminal log. */
const INTEGRATION_FAILURE = { statusCode: 502, headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "Internal server error" }) };

/**
 * `POST /slack/commands|events|interactions`: requests as Slack sends them. The signature is
 * checked here (a local convenience: the deployed function checks it itself), then the request
 * becomes an API Gateway proxy event for the command function, whose response is returned as is.
 */
export function createSlackEndpoint(options: SlackEndpointOptions) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== "POST") return sendJson(res, 405, { error: "method_not_allowed", message: "Slack sends POST requests" });
    const body = await readRawBody(req);
    try {
      verifySlackSignature({ timestamp: header(req, "x-slack-request-timestamp"), signature: header(req, "x-slack-signature"), rawBody: body }, [options.signingSecret]);
    } catch (error) {
      if (!(error instanceof SlackSignatureError)) throw error;
      return sendJson(res, 401, { error: "invalid_signature", message: `Not signed with the local signing secret: ${error.message}` });
    }

    const answered = options.observe?.({ path: url.pathname, body });
    const event = apiGatewayProxyEvent(
      { method: "POST", path: url.pathname, query: url.searchParams, rawHeaders: req.rawHeaders, body, sourceIp: req.socket.remoteAddress ?? "127.0.0.1" },
      options.apiGateway,
    );
    let result: APIGatewayProxyResult;
    try {
      result = (await options.command.invoke(event)) as APIGatewayProxyResult;
    } catch (error) {
      if (!(error instanceof FunctionError)) throw error;
      result = INTEGRATION_FAILURE;
    }
    if (!result || typeof result.statusCode !== "number") result = INTEGRATION_FAILURE;
    const answer = writeProxyResult(res, result);
    answered?.(answer);
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function writeProxyResult(res: ServerResponse, result: APIGatewayProxyResult): HttpAnswer {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  const body = result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8");
  res.writeHead(result.statusCode, headers);
  res.end(body);
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1];
  return { statusCode: result.statusCode, contentType: Array.isArray(contentType) ? contentType[0] : contentType, body: body?.toString("utf8") ?? "" };
}
