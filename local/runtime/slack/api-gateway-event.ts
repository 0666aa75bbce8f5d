import type { APIGatewayProxyEvent } from "aws-lambda";
import { randomBytes, randomUUID } from "node:crypto";
import { TextDecoder } from "node:util";

/**
 * Turns an HTTP request into the event an API Gateway REST API (Lambda proxy integration) hands to
 * its function, so a handler runs locally on exactly what it receives in AWS. Kept apart from the
 * HTTP server so the command function's tests can build the same events.
 */

export interface HttpRequestSnapshot {
  readonly method: string;
  /** The path as the client sent it, without the stage (e.g. `/slack/commands`). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Node's `rawHeaders`: names in the case the client sent, repeated headers kept. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
}

export interface ApiGatewayOptions {
  readonly region: string;
  readonly accountId: string;
  readonly apiId?: string;
  readonly stage?: string;
  /** The API resource the request matched; defaults to the path (one resource per Slack endpoint). */
  readonly resource?: string;
  readonly pathParameters?: Record<string, string>;
  /** The API's binaryMediaTypes: bodies of these types arrive base64-encoded. */
  readonly binaryMediaTypes?: readonly string[];
  readonly now?: Date;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function apiGatewayProxyEvent(request: HttpRequestSnapshot, options: ApiGatewayOptions): APIGatewayProxyEvent {
  const apiId = options.apiId ?? "herald0local";
  const stage = options.stage ?? "prod";
  const now = options.now ?? new Date();
  const domainName = `${apiId}.execute-api.${options.region}.amazonaws.com`;
  const resource = options.resource ?? request.path;
  const { headers, multiValueHeaders } = proxyHeaders(request, domainName);
  const contentType = lookup(headers, "content-type");
  const base64 = isBinary(contentType, options.binaryMediaTypes ?? []) || !isUtf8(request.body);
  const body = request.body.length === 0 ? null : base64 ? request.body.toString("base64") : request.body.toString("utf8");
  const { single, multi } = queryParameters(request.query);
  return {
    resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: single,
    multiValueQueryStringParameters: multi,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      accountId: options.accountId,
      apiId,
      authorizer: undefined,
      domainName,
      domainPrefix: apiId,
      extendedRequestId: randomBytes(12).toString("base64"),
      httpMethod: request.method,
      identity: {
        accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null, clientCert: null,
        cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null, cognitoIdentityPoolId: null,
        principalOrgId: null, sourceIp: request.sourceIp, user: null, userAgent: lookup(headers, "user-agent") ?? null, userArn: null,
      },
      path: `/${stage}${request.path}`,
      protocol: "HTTP/1.1",
      requestId: randomUUID(),
      requestTime: requestTime(now),
      requestTimeEpoch: now.getTime(),
      resourceId: randomBytes(3).toString("hex"),
      resourcePath: resource,
      stage,
    },
    body,
    isBase64Encoded: body !== null && base64,
  };
}

/** Client headers in their case, plus what API Gateway adds (Host becomes the API's domain). */
function proxyHeaders(request: HttpRequestSnapshot, domainName: string) {
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i];
    if (/^(host|connection|x-forwarded-.*|x-amzn-trace-id)$/i.test(name)) continue;
    (multiValueHeaders[name] ??= []).push(request.rawHeaders[i + 1]);
  }
  multiValueHeaders.Host = [domainName];
  multiValueHeaders["X-Amzn-Trace-Id"] = [`Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`];
  multiValueHeaders["X-Forwarded-For"] = [request.sourceIp];
  multiValueHeaders["X-Forwarded-Port"] = ["443"];
  multiValueHeaders["X-Forwarded-Proto"] = ["https"];
  const headers = Object.fromEntries(Object.entries(multiValueHeaders).map(([name, values]) => [name, values[values.length - 1]]));
  return { headers, multiValueHeaders };
}

function queryParameters(query: URLSearchParams) {
  if ([...query.keys()].length === 0) return { single: null, multi: null };
  const multi: Record<string, string[]> = {};
  for (const [key, value] of query) (multi[key] ??= []).push(value);
  const single = Object.fromEntries(Object.entries(multi).map(([key, values]) => [key, values[values.length - 1]]));
  return { single, multi };
}

function lookup(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function isBinary(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0].trim().toLowerCase();
  const [major] = type.split("/");
  return binaryMediaTypes.some((pattern) => {
    const p = pattern.toLowerCase();
    return p === "*/*" || p === type || p === `${major}/*`;
  });
}

// API Gateway cannot pass bytes that are not UTF-8 text as a string; base64 keeps them intact.
function isUtf8(body: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/** API Gateway's `requestTime`: `28/Nov/2026:12:05:00 +0000`. */
function requestTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
