import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A stand-in for Slack's Web API that speaks its wire format: form or JSON bodies, the token in
 * `Authorization: Bearer`, `{ ok: true, … }` or `{ ok: false, error }` replies, HTTP 429 with
 * `Retry-After`. It records every call, keeps the messages of each channel (with their message
 * metadata, which `conversations.history` and `conversations.replies` return when asked with
 * `include_all_metadata`), and can be told to fail, or to answer slowly: after a delay, or dripping
 * its body, having done the work at once (as a slow Slack does: the message is posted, the answer
 * is late). The tests use it as a server of its own; the local runtime mounts it at `/slack-api/`.
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
  /** Message metadata as posted (`event_type`, `event_payload`). */
  readonly metadata?: { readonly event_type: string; readonly event_payload: Record<string, unknown> };
}

/** How a slow answer comes: all of it after `delayMs`, or the headers at once and the body in small pieces over `dripMs`. */
export type SlowAnswer = { readonly delayMs: number } | { readonly dripMs: number };

/** One injected failure: an HTTP status (with Retry-After for 429) or a Slack error code. */
export type InjectedFailure = { readonly status: 429; readonly retryAfter: number } | { readonly status: 500 | 502 | 503 } | { readonly error: string };

/**
 * Slack's per-channel posting limit as the stand-in models it: a token bucket refilling at 1 message
 * per second, holding 3. Slack documents "1 per second, short bursts >1 allowed" for posting
 * messages (https://api.slack.com/docs/rate-limits, "Posting messages"; also
 * /work/shared/reference/slack-platform.md) without saying how long a burst may be; measurements
 * reported by users suggest a much larger bucket (about 25, PSSlack issue #52), so 3 is the
 * cautious reading: a sender keeping about 1/s with some jitter is never refused, a burst of more
 * than 3 is.
 */
export const SLACK_CHANNEL_RATE_LIMIT = { perSecond: 1, burst: 3 } as const;

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
  private readonly slowAnswers: Array<{ method?: string; channel?: string; answer: SlowAnswer; left: number }> = [];
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

  /** Answers matching calls slowly (they still take effect at once), `times` of them (every one by default). */
  answerSlowly(answer: SlowAnswer, match: { method?: string; channel?: string } = {}, times = Number.POSITIVE_INFINITY): void {
    this.slowAnswers.push({ ...match, answer, left: times });
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
    this.slowAnswers.length = 0;
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
      const slow = this.takeSlowAnswer(method, channel);
      void answer(res, status, { "content-type": "application/json; charset=utf-8", ...headers }, JSON.stringify(payload), slow);
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
          ...metadataOf(params.metadata),
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
      case "conversations.history":
      case "conversations.replies": {
        if (!channel) return reply(200, { ok: false, error: "channel_not_found" });
        const all = this.messages.get(channel) ?? [];
        const oldest = Number(params.oldest ?? 0);
        const inThread = (message: StoredMessage) => message.ts === params.ts || message.threadTs === params.ts;
        // history: the channel's top-level messages; replies: one thread, its parent first.
        const listed = method === "conversations.history" ? all.filter((message) => message.threadTs === undefined) : all.filter(inThread);
        const limit = Math.min(Number(params.limit ?? 100) || 100, 1_000);
        const withMetadata = params.include_all_metadata === true || params.include_all_metadata === "true";
        const messages = listed.filter((message) => Number(message.ts) >= oldest)
          .sort((a, b) => (method === "conversations.history" ? Number(b.ts) - Number(a.ts) : Number(a.ts) - Number(b.ts)))
          .slice(0, limit)
          .map((message) => ({
            type: "message", ts: message.ts, text: message.text, ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
            ...(withMetadata && message.metadata !== undefined ? { metadata: message.metadata } : {}),
          }));
        return reply(200, { ok: true, messages, has_more: false });
      }
      default:
        return reply(200, { ok: false, error: "unknown_method" });
    }
  }

  private takeSlowAnswer(method: string, channel?: string): SlowAnswer | undefined {
    const slow = this.slowAnswers.find((s) => s.left > 0 && (!s.method || s.method === method) && (!s.channel || s.channel === channel));
    if (slow === undefined) return undefined;
    slow.left -= 1;
    return slow.answer;
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

const DRIP_PIECES = 50;

/** Writes an answer at once, after a delay, or dripping its body; a client that gave up meanwhile is no error. */
async function answer(res: ServerResponse, status: number, headers: Record<string, string>, body: string, slow: SlowAnswer | undefined): Promise<void> {
  try {
    if (slow === undefined) {
      res.writeHead(status, headers).end(body);
    } else if ("delayMs" in slow) {
      await sleep(slow.delayMs);
      if (!res.destroyed) res.writeHead(status, headers).end(body);
    } else {
      res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) });
      res.flushHeaders();
      // In DRIP_PIECES pieces, evenly over the time: a trickle that never lets the connection go idle.
      const bytes = Buffer.from(body);
      const size = Math.ceil(bytes.length / DRIP_PIECES);
      for (let at = 0; at < bytes.length; at += size) {
        if (res.destroyed) return;
        res.write(bytes.subarray(at, at + size));
        await sleep(slow.dripMs / DRIP_PIECES);
      }
      res.end();
    }
  } catch {
    // The client hung up (it timed out): nothing to answer any more.
  }
}

/** Message metadata as Slack keeps it: an event type and a payload object, or nothing. */
function metadataOf(value: unknown): { metadata?: StoredMessage["metadata"] } {
  if (typeof value !== "object" || value === null) return {};
  const { event_type: eventType, event_payload: payload } = value as Record<string, unknown>;
  if (typeof eventType !== "string" || typeof payload !== "object" || payload === null) return {};
  return { metadata: { event_type: eventType, event_payload: payload as Record<string, unknown> } };
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

