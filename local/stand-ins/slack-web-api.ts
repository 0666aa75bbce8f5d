import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Slack's Web API that speaks its wire format: form or JSON bodies, the token in
 * `Authorization: Bearer`, `{ ok: true, … }` or `{ ok: false, error }` replies, HTTP 429 with
 * `Retry-After`. It records every call, keeps the messages of each channel, and can be told to
 * fail. The tests use it as a server of its own; the local runtime mounts it at `/slack-api/`.
 */

export interface RecordedCall {
  readonly method: string;
  readonly token?: string;
  readonly params: Record<string, unknown>;
  readonly at: number;
  /** What the stand-in answered: HTTP status and Slack error, if any. */
  readonly status: number;
  readonly error?: string;
}

export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs?: string;
  readonly text: string;
  readonly blocks: unknown[];
  readonly postedAt: number;
  readonly updatedAt?: number;
}

/** One injected failure: an HTTP status (with Retry-After for 429) or a Slack error code. */
export type InjectedFailure = { readonly status: 429; readonly retryAfter: number } | { readonly status: 500 | 502 | 503 } | { readonly error: string };

export interface SlackWebApiOptions {
  /** Tokens that authenticate; any other token gets `invalid_auth`. Empty: any token works. */
  readonly tokens?: readonly string[];
  /** Channels that exist; posting elsewhere gets `channel_not_found`. Empty: every channel exists. */
  readonly channels?: readonly string[];
  /** Enforce Slack's per-channel posting rate (1 message/s, short bursts): 429 with Retry-After. */
  readonly rateLimit?: { readonly perSecond: number; readonly burst: number };
}

export class SlackWebApi {
  readonly calls: RecordedCall[] = [];
  private readonly messages = new Map<string, StoredMessage[]>();
  private readonly failures: Array<{ method?: string; channel?: string; failure: InjectedFailure }> = [];
  private readonly buckets = new Map<string, { tokens: number; refilledAt: number }>();
  /** Per channel: when the last Retry-After the stand-in answered ends (epoch ms). */
  private readonly retryAfterEnds = new Map<string, number>();
  /** Requests for a channel that arrived before that channel's last Retry-After had ended. */
  readonly retryAfterViolations: Array<{ readonly method: string; readonly channel: string; readonly at: number; readonly earlyByMs: number }> = [];
  private tsCounter = 0;

  constructor(private readonly options: SlackWebApiOptions = {}) {}

  /** Queues failures: each matching call consumes one, in order. */
  failNext(failure: InjectedFailure, match: { method?: string; channel?: string } = {}, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push({ ...match, failure });
  }

  channelMessages(channel: string): StoredMessage[] {
    return [...(this.messages.get(channel) ?? [])];
  }

  allMessages(): StoredMessage[] {
    return [...this.messages.values()].flat().sort((a, b) => a.postedAt - b.postedAt);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.messages.clear();
    this.failures.length = 0;
    this.buckets.clear();
    this.retryAfterEnds.clear();
    this.retryAfterViolations.length = 0;
  }

  /** Handles `POST <prefix><method>`; answers 404 for anything else. */
  async handle(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const body = await readBody(req);
    const params = parseParams(req.headers["content-type"], body);
    const token = bearer(req.headers.authorization) ?? (typeof params.token === "string" ? params.token : undefined);
    delete params.token;
    const arrivedAt = Date.now();
    const reply = (status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) => {
      this.calls.push({ method, token, params, at: arrivedAt, status, error: typeof payload.error === "string" ? payload.error : undefined });
      if (status === 429 && channel !== undefined) this.retryAfterEnds.set(channel, arrivedAt + Number(headers["retry-after"] ?? 0) * 1000);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(payload));
    };

    const channel = typeof params.channel === "string" ? params.channel : undefined;
    const blockedUntil = channel === undefined ? undefined : this.retryAfterEnds.get(channel);
    if (channel !== undefined && blockedUntil !== undefined && arrivedAt < blockedUntil) {
      this.retryAfterViolations.push({ method, channel, at: arrivedAt, earlyByMs: blockedUntil - arrivedAt });
    }
    if (req.method !== "POST") return reply(405, { ok: false, error: "method_not_allowed" });
    const injected = this.takeFailure(method, channel);
    if (injected) {
      if ("error" in injected) return reply(200, { ok: false, error: injected.error });
      if (injected.status === 429) return reply(429, { ok: false, error: "ratelimited" }, { "retry-after": String(injected.retryAfter) });
      return reply(injected.status, { ok: false, error: "internal_error" });
    }
    if (!token) return reply(200, { ok: false, error: "not_authed" });
    if (this.options.tokens?.length && !this.options.tokens.includes(token)) return reply(200, { ok: false, error: "invalid_auth" });

    switch (method) {
      case "auth.test":
        return reply(200, { ok: true, team_id: "T0LOCAL", user_id: "U0HERALD", bot_id: "B0HERALD" });
      case "chat.postMessage": {
        if (!channel) return reply(200, { ok: false, error: "channel_not_found" });
        if (this.options.channels?.length && !this.options.channels.includes(channel)) return reply(200, { ok: false, error: "channel_not_found" });
        if (!params.text && !params.blocks) return reply(200, { ok: false, error: "no_text" });
        const retryAfter = this.rateLimited(channel);
        if (retryAfter) return reply(429, { ok: false, error: "ratelimited" }, { "retry-after": String(retryAfter) });
        const message: StoredMessage = {
          channel,
          ts: this.nextTs(),
          threadTs: typeof params.thread_ts === "string" ? params.thread_ts : undefined,
          text: String(params.text ?? ""),
          blocks: Array.isArray(params.blocks) ? params.blocks : [],
          postedAt: Date.now(),
        };
        this.messages.set(channel, [...(this.messages.get(channel) ?? []), message]);
        return reply(200, { ok: true, channel, ts: message.ts, message: { text: message.text, blocks: message.blocks } });
      }
      case "chat.update": {
        const list = channel ? this.messages.get(channel) : undefined;
        const index = list?.findIndex((m) => m.ts === params.ts) ?? -1;
        if (!list || index < 0) return reply(200, { ok: false, error: "message_not_found" });
        list[index] = { ...list[index], text: String(params.text ?? ""), blocks: Array.isArray(params.blocks) ? params.blocks : [], updatedAt: Date.now() };
        return reply(200, { ok: true, channel, ts: params.ts });
      }
      default:
        return reply(200, { ok: false, error: "unknown_method" });
    }
  }

  private takeFailure(method: string, channel?: string): InjectedFailure | undefined {
    const index = this.failures.findIndex((f) => (!f.method || f.method === method) && (!f.channel || f.channel === channel));
    return index < 0 ? undefined : this.failures.splice(index, 1)[0].failure;
  }

  /** Token bucket per channel; returns the Retry-After seconds when the bucket is empty. */
  private rateLimited(channel: string): number | undefined {
    const limit = this.options.rateLimit;
    if (!limit) return undefined;
    const now = Date.now();
    const bucket = this.buckets.get(channel) ?? { tokens: limit.burst, refilledAt: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * limit.perSecond);
    bucket.refilledAt = now;
    this.buckets.set(channel, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, "0")}`;
  }
}

/** Runs the stand-in as its own HTTP server on 127.0.0.1; `url` is the Web API base (ends in /api/). */
export async function startSlackWebApi(options: SlackWebApiOptions = {}): Promise<{ api: SlackWebApi; url: string; close(): Promise<void> }> {
  const api = new SlackWebApi(options);
  const server: Server = createServer((req, res) => {
    const match = /^\/api\/([A-Za-z0-9_.]+)$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    api.handle(req, res, match[1]).catch((error) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api,
    url: `http://127.0.0.1:${port}/api/`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function bearer(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return match ? match[1] : undefined;
}

/** Slack accepts form bodies (object values JSON-encoded) and JSON bodies. */
function parseParams(contentType: string | undefined, body: string): Record<string, unknown> {
  if (contentType?.includes("application/json")) {
    try {
      return JSON.parse(body) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    params[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return params;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

