import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SlackWebApi } from "../../local/stand-ins/slack-web-api";

export interface ResponseUrlPost {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

/**
 * The Slack Web API stand-in plus a recorder of `response_url` posts on the same origin (as the
 * local runtime serves them), so the worker's replies can be read back.
 */
export async function startSlackWithResponses(tokens: string[]) {
  const api = new SlackWebApi({ tokens });
  const responses: ResponseUrlPost[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const method = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    if (method) return void api.handle(req, res, method[1]);
    const response = /^\/response\/([\w-]+)$/.exec(path);
    if (!response) return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      responses.push({ id: response[1], body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    api,
    responses,
    apiUrl: `${base}/api/`,
    responseUrl: (id: string) => `${base}/response/${id}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
