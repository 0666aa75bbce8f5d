import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Lambda's `Invoke` API (REST-JSON, `POST /2015-03-31/functions/<name>/invocations`)
 * that runs registered handlers in this process. With AWS_ENDPOINT_URL_LAMBDA pointing here, the
 * command function's asynchronous hand-off to the worker runs the real worker handler, exactly the
 * code path it takes in AWS. Asynchronous (`Event`) invocations answer 202 at once.
 */
export type LocalLambdaHandler = (event: unknown) => Promise<unknown>;

export class LambdaInvokeStandIn {
  private readonly handlers = new Map<string, LocalLambdaHandler>();
  /** Invocations still running (tests await them to observe the outcome). */
  readonly inFlight = new Set<Promise<unknown>>();
  readonly errors: Array<{ functionName: string; error: unknown }> = [];

  register(functionName: string, handler: LocalLambdaHandler): void {
    this.handlers.set(functionName, handler);
  }

  /** Resolves when every invocation started so far (and any they started) has finished. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    if (req.method !== "POST" || !match) return reply(404, { Type: "User", message: "Unknown operation" }, { "x-amzn-errortype": "ResourceNotFoundException" });
    const functionName = decodeURIComponent(match[1]).split(":").pop() ?? "";
    const handler = this.handlers.get(functionName);
    if (!handler) return reply(404, { Type: "User", message: `Function not found: ${functionName}` }, { "x-amzn-errortype": "ResourceNotFoundException" });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let event: unknown;
    try {
      event = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    } catch {
      return reply(400, { Type: "User", message: "Could not parse request body into json" }, { "x-amzn-errortype": "InvalidRequestContentException" });
    }
    const run = handler(event);
    if (req.headers["x-amz-invocation-type"] === "Event") {
      const tracked = run.catch((error: unknown) => this.errors.push({ functionName, error })).finally(() => this.inFlight.delete(tracked));
      this.inFlight.add(tracked);
      return reply(202, undefined);
    }
    try {
      return reply(200, (await run) ?? null);
    } catch (error) {
      return reply(200, { errorType: (error as Error).name, errorMessage: (error as Error).message }, { "x-amz-function-error": "Unhandled" });
    }
  }
}

export async function startLambdaInvoke(): Promise<{ standIn: LambdaInvokeStandIn; url: string; close(): Promise<void> }> {
  const standIn = new LambdaInvokeStandIn();
  const server = createServer((req, res) => void standIn.handle(req, res, new URL(req.url ?? "/", "http://x").pathname));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { standIn, url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}
