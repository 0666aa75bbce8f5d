import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { HttpRequest, HttpResponse } from "../shared/slack/inbound-endpoint";

/** API Gateway REST proxy event ↔ the endpoint's plain HTTP shapes. The body stays bytes. */
export function httpRequestFromApiGateway(event: APIGatewayProxyEvent): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const body = event.body ?? "";
  return {
    // `resource` is the route as defined ("/slack/commands"), independent of stage and custom domain base path.
    path: event.resource ?? event.path,
    headers,
    rawBody: event.isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body, "utf8"),
  };
}

export function apiGatewayResult(response: HttpResponse): APIGatewayProxyResult {
  return { statusCode: response.statusCode, headers: response.headers, body: response.body };
}
