import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCommandIntake } from "../lambdas/shared/commands/command-intake";
import { createQuickAnswer } from "../lambdas/shared/commands/quick-answer";
import { createCatalogueNames } from "../lambdas/shared/commands/catalogue-names";
import { createSlackInboundEndpoint, type HttpRequest, type HttpResponse } from "../lambdas/shared/slack/inbound-endpoint";
import { signSlackRequest } from "../lambdas/shared/slack/signature";

/**
 * Acknowledgement latency of the Slack endpoint (what decides Slack's 3-second rule), next to a
 * handler that answers 200 at once: in-process, and over local HTTP. The worker hand-off, the
 * once-only record of each signed request and the channel's usual commands are no-ops here (in AWS
 * one Lambda Invoke call and one table write, read); guardrail denials are decided by the worker, so
 * their acknowledgement is the hand-off path.
 */

const SECRET = "bench-signing-secret";
const TEAM = "T0BENCH01";

const endpoint = createSlackInboundEndpoint({
  signingSecrets: async () => new Map([[TEAM, SECRET]]),
  // The bench sends the same signed request many times a second: every use counts as the first.
  firstUse: async () => true,
  firstDelivery: async () => true,
  commands: createCommandIntake({
    quickAnswer: createQuickAnswer({ registry: createCatalogueNames(), usualCommands: async () => [] }),
    dispatch: async () => undefined,
    audit: () => undefined,
  }),
  log: { warn: () => undefined, error: () => undefined },
});
const baseline = async (): Promise<HttpResponse> => ({ statusCode: 200, headers: {}, body: "" });

function slashRequest(text: string): HttpRequest {
  const body = Buffer.from(new URLSearchParams({ team_id: TEAM, channel_id: "C0BENCH01", user_id: "U0BENCH01", command: "/aws", text, response_url: "https://hooks.slack.com/commands/x" }).toString());
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
