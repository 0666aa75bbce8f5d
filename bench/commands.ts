import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSlackEndpoint, type HttpRequest, type HttpResponse } from "../lambdas/command/slack-endpoint";
import { helpText, parseCommand } from "../lambdas/shared/commands/grammar";
import { commandNotice } from "../lambdas/shared/commands/messages";
import { createServiceRegistry } from "../lambdas/shared/commands/registry";
import { renderHelp } from "../lambdas/shared/commands/results";
import { signSlackRequest } from "../lambdas/shared/slack/signature";

/**
 * Acknowledgement latency of the Slack endpoint (what decides Slack's 3-second rule), next to a
 * handler that answers 200 at once: in-process, and over local HTTP. The worker hand-off is a
 * no-op here (in AWS it is one Lambda Invoke call); guardrail denials are decided by the worker,
 * so their acknowledgement is the hand-off path.
 */

const SECRET = "bench-signing-secret";
const registry = createServiceRegistry();

const endpoint = createSlackEndpoint({
  signingSecrets: async () => [SECRET],
  quickAnswer: async (text) => {
    const request = await parseCommand(text, registry);
    if (request.kind === "help") return renderHelp(await helpText(registry, request.service, request.operation));
    if (request.kind === "invalid") return commandNotice("Not a command Herald knows", request.message, "low");
    return undefined;
  },
  dispatch: async () => undefined,
  firstDelivery: async () => true,
  audit: () => undefined,
  log: { warn: () => undefined, error: () => undefined },
});
const baseline = async (): Promise<HttpResponse> => ({ statusCode: 200, headers: {}, body: "" });

function slashRequest(text: string): HttpRequest {
  const body = Buffer.from(new URLSearchParams({ team_id: "T0BENCH01", channel_id: "C0BENCH01", user_id: "U0BENCH01", command: "/aws", text, response_url: "https://hooks.slack.com/commands/x" }).toString());
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    path: "/slack/commands",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": timestamp, "x-slack-signature": signSlackRequest(SECRET, timestamp, body) },
    rawBody: body,
  };
}

export const COMMAND_CASES = [
  ["help", "help"],
  ["guardrail denial (sns publish: handed to the worker)", "sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:t --message hi"],
  ["async-dispatched command (dynamodb list-tables)", "dynamodb list-tables"],
] as const;

export interface LatencyRow {
  readonly label: string;
  readonly p50: number;
  readonly p99: number;
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length * 0.5)], p99: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))] };
}

async function timeIt(run: () => Promise<unknown>, samples: number): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return percentiles(times);
}

export async function measureInProcess(samples = 500): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [{ label: "200 at once (baseline)", ...(await timeIt(baseline, samples)) }];
  for (const [label, text] of COMMAND_CASES) rows.push({ label, ...(await timeIt(() => endpoint(slashRequest(text)), samples)) });
  return rows;
}

async function serve(handle: (request: HttpRequest) => Promise<HttpResponse>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers[name] = value;
      void handle({ path: new URL(req.url ?? "/", "http://x").pathname, headers, rawBody: Buffer.concat(chunks) }).then((response) => {
        res.writeHead(response.statusCode, response.headers);
        res.end(response.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export async function measureOverHttp(samples = 300): Promise<LatencyRow[]> {
  const [herald, plain] = await Promise.all([serve(endpoint), serve(baseline)]);
  const send = (url: string, request: HttpRequest) =>
    fetch(`${url}${request.path}`, { method: "POST", headers: request.headers as Record<string, string>, body: request.rawBody }).then((r) => r.text());
  try {
    const rows: LatencyRow[] = [{ label: "200 at once (baseline)", ...(await timeIt(() => send(plain.url, slashRequest("help")), samples)) }];
    for (const [label, text] of COMMAND_CASES) rows.push({ label, ...(await timeIt(() => send(herald.url, slashRequest(text)), samples)) });
    return rows;
  } finally {
    herald.server.close();
    plain.server.close();
  }
}
