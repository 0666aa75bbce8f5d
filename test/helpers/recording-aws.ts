import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { signSlackRequest } from "../../lambdas/shared/slack/signature";
import { createUnavailableServiceEndpoint } from "../../local/runtime/aws/unavailable-service";
import { apiGatewayProxyEvent } from "../../local/runtime/slack/api-gateway-event";
import { testLambdaContext } from "./lambda-context";
import { SIGNING_SECRET, TEST_ACCOUNT } from "./local-services";

/** One request as it reached the stand-in: which service (the endpoint's first path segment), its headers and body. */
export interface RecordedAwsRequest {
  readonly service: string;
  readonly path: string;
  readonly target?: string;
  readonly contentType: string;
  readonly body: string;
}

export interface CannedAwsAnswer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

/**
 * AWS services that cannot run here, as one recording HTTP server: point AWS_ENDPOINT_URL_<SERVICE>
 * at `${url}/<service>` and each request is recorded and answered by `answer` in the service's
 * protocol; `${url}/unavailable/<service>` gives the local runtime's "not available locally" answer.
 */
export async function startRecordingAws(answer: (request: RecordedAwsRequest) => CannedAwsAnswer) {
  const recorded: RecordedAwsRequest[] = [];
  const unavailable = createUnavailableServiceEndpoint();
  const server = createServer((req, res) => {
    const [, service, ...rest] = new URL(req.url ?? "/", "http://127.0.0.1").pathname.split("/");
    if (service === "unavailable") return void unavailable(req, res, rest[0] ?? "aws");
    void readBody(req).then((body) => {
      const request: RecordedAwsRequest = { service, path: `/${rest.join("/")}`, target: req.headers["x-amz-target"] as string | undefined, contentType: String(req.headers["content-type"] ?? ""), body };
      recorded.push(request);
      const canned = answer(request);
      res.writeHead(canned.status, { "content-type": canned.type, "x-amzn-requestid": "stand-in" });
      res.end(canned.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    recorded,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A request to the command function's API as Slack sends it: signed with the local signing secret, as API Gateway hands it over. */
export function signedSlackPost(handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>, path: string, body: string, contentType: string): Promise<APIGatewayProxyResult> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const bytes = Buffer.from(body, "utf8");
  const event = apiGatewayProxyEvent(
    { method: "POST", path, query: new URLSearchParams(), body: bytes, sourceIp: "127.0.0.1", rawHeaders: ["Content-Type", contentType, "X-Slack-Request-Timestamp", timestamp, "X-Slack-Signature", signSlackRequest(SIGNING_SECRET, timestamp, bytes)] },
    { region: "us-east-1", accountId: TEST_ACCOUNT, binaryMediaTypes: [] },
  );
  return handler(event, testLambdaContext({ functionName: "herald-command" }));
}
