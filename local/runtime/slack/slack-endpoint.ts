import type { APIGatewayProxyResult } from "aws-lambda";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SlackSignatureError, verifySlackSignature } from "../../../lambdas/shared/slack/signature";
import { readRawBody, sendJson } from "../http/body";
import { FunctionError } from "../lambda/local-function";
import { apiGatewayProxyEvent, type ApiGatewayOptions } from "./api-gateway-event";

/** Something that runs the command function with an API Gateway event, or says it does not exist. */
export interface CommandFunction {
  /** Undefined when this build has no command function (lambdas/command/index.ts). */
  invoke(event: unknown): Promise<unknown> | undefined;
}

export interface SlackEndpointOptions {
  readonly signingSecret: string;
  readonly apiGateway: ApiGatewayOptions;
  readonly command: CommandFunction;
}

export const COMMAND_FUNCTION_MISSING = "the command function is not part of this build yet";

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

    const event = apiGatewayProxyEvent(
      { method: "POST", path: url.pathname, query: url.searchParams, rawHeaders: req.rawHeaders, body, sourceIp: req.socket.remoteAddress ?? "127.0.0.1" },
      options.apiGateway,
    );
    const invocation = options.command.invoke(event);
    if (!invocation) {
      return sendJson(res, 501, {
        error: "not_implemented",
        message: COMMAND_FUNCTION_MISSING,
        detail: `The request was verified and became an API Gateway event for ${event.resource}; lambdas/command/index.ts does not exist, so nothing handles it.`,
      });
    }
    let result: APIGatewayProxyResult;
    try {
      result = (await invocation) as APIGatewayProxyResult;
    } catch (error) {
      // What API Gateway answers when the integration fails; the detail goes to the terminal log.
      if (error instanceof FunctionError) return sendJson(res, 502, { message: "Internal server error" });
      throw error;
    }
    writeProxyResult(res, result);
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function writeProxyResult(res: ServerResponse, result: APIGatewayProxyResult): void {
  if (!result || typeof result.statusCode !== "number") {
    sendJson(res, 502, { message: "Internal server error" });
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  res.writeHead(result.statusCode, headers);
  res.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8"));
}
