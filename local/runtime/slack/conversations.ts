import type { IncomingMessage, ServerResponse } from "node:http";
import { findCredential } from "../../../lambdas/shared/security/credential-screen";
import { PATHS } from "../endpoints";
import { readRawBody, sendJson, sendText } from "../http/body";

/**
 * What Slack would show around a command, for the page and `herald slack`: the slash commands and
 * button clicks that went through /slack/*, the command function's immediate answers, and what
 * arrives later on each `response_url` (hooks.slack.com/commands/… in Slack, here
 * /slack/response-url/<id> on the runtime's own origin, which the worker accepts because it is
 * SLACK_API_URL's). Answers follow Slack's rules: `response_type` (ephemeral by default),
 * `replace_original` and `delete_original` for the message whose button was clicked, at most 5
 * posts within 30 minutes per URL.
 */

export type Visibility = "ephemeral" | "in_channel";

export interface ConversationEntry {
  /** Stable id; a button's block_actions names it as the message (`container.message_ts`). */
  readonly id: string;
  readonly channelId: string;
  /** command: what someone typed; answer: a message to them; click: a button someone pressed. */
  readonly kind: "command" | "answer" | "click";
  /** Who typed or clicked, or whom the answer is for. */
  readonly userId: string;
  readonly at: number;
  /** For answers: the command function's immediate HTTP answer, or a later post on response_url. */
  readonly via?: "http" | "response_url";
  /** The command function did not answer 2xx: Slack would show the person an error. */
  readonly failed?: boolean;
  visibility: Visibility;
  text: string;
  blocks: unknown[];
  updatedAt?: number;
  deleted?: boolean;
}

export interface ResponsePost {
  readonly at: number;
  readonly payload: unknown;
}

/** What `GET /api/response-url/<id>` returns: the posts, and whether worker jobs answering there still run. */
export interface ResponseUrlStatus {
  readonly posts: readonly ResponsePost[];
  readonly dispatched: number;
  readonly running: number;
}

/** The request a Slack endpoint received (verified), and a way to report the answer it gave. */
export type SlackTrafficObserver = (request: { readonly path: string; readonly body: Buffer }) => ((answer: HttpAnswer) => void) | undefined;

export interface HttpAnswer {
  readonly statusCode: number;
  readonly contentType?: string;
  readonly body: string;
}

interface ResponseUrlRecord {
  readonly createdAt: number;
  readonly posts: ResponsePost[];
  /** Known when the request carrying this response_url went through /slack/*. */
  context?: { readonly channelId: string; readonly userId: string; readonly originalId?: string };
  dispatched: number;
  running: number;
}

const MAX_POSTS_PER_URL = 5;
const URL_LIFETIME_MS = 30 * 60_000;
const KEPT_ENTRIES = 500;
const KEPT_URLS = 500;

export class Conversations {
  private readonly entries: ConversationEntry[] = [];
  private readonly byId = new Map<string, ConversationEntry>();
  private readonly urls = new Map<string, ResponseUrlRecord>();
  private readonly localOrigins: ReadonlySet<string>;
  private counter = 0;
  private changes = 0;

  constructor(private readonly baseUrl: string, private readonly now: () => number = Date.now) {
    const { port } = new URL(baseUrl);
    this.localOrigins = new Set([new URL(baseUrl).origin, `http://localhost:${port}`]);
  }

  get version(): number {
    return this.changes;
  }

  /** A fresh response_url on this runtime. */
  responseUrl(id: string): string {
    return `${this.baseUrl}${PATHS.responseUrl}${id}`;
  }

  /** The id of one of this runtime's response URLs, or undefined for any other URL. */
  responseIdOf(url: unknown): string | undefined {
    if (typeof url !== "string") return undefined;
    try {
      const parsed = new URL(url);
      if (!this.localOrigins.has(parsed.origin)) return undefined;
      return new RegExp(`^${PATHS.responseUrl}([\\w-]{1,64})$`).exec(parsed.pathname)?.[1];
    } catch {
      return undefined;
    }
  }

  channelEntries(channelId: string): ConversationEntry[] {
    return this.entries.filter((entry) => entry.channelId === channelId && !entry.deleted);
  }

  channelIds(): string[] {
    return [...new Set(this.entries.map((entry) => entry.channelId))];
  }

  entry(id: string): ConversationEntry | undefined {
    return this.byId.get(id);
  }

  /** Reads slash commands and block_actions as the Slack endpoint passes them on (after verification). */
  readonly observe: SlackTrafficObserver = ({ path, body }) => {
    const form = new URLSearchParams(body.toString("utf8"));
    if (path === PATHS.slackCommands) return this.observeSlashCommand(form);
    if (path === PATHS.slackInteractions) return this.observeInteraction(form.get("payload"));
    return undefined;
  };

  /** The command function handed a job answering at `url` to the worker. */
  jobStarted(url: unknown): void {
    const id = this.responseIdOf(url);
    if (id === undefined) return;
    const record = this.record(id);
    record.dispatched += 1;
    record.running += 1;
    this.changed();
  }

  jobFinished(url: unknown): void {
    const id = this.responseIdOf(url);
    const record = id === undefined ? undefined : this.urls.get(id);
    if (!record) return;
    record.running = Math.max(0, record.running - 1);
    this.changed();
  }

  /** `POST /slack/response-url/<id>`: answered as Slack answers (`ok`, or an error word). */
  async receive(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const record = this.record(id);
    if (this.now() - record.createdAt > URL_LIFETIME_MS) return sendText(res, 404, "text/plain", "expired_url");
    if (record.posts.length >= MAX_POSTS_PER_URL) return sendText(res, 404, "text/plain", "used_url");
    let payload: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse((await readRawBody(req)).toString("utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      payload = parsed as Record<string, unknown>;
    } catch {
      return sendText(res, 400, "text/plain", "invalid_payload");
    }
    if (payload.delete_original !== true && !payload.text && !Array.isArray(payload.blocks)) return sendText(res, 400, "text/plain", "no_text");
    record.posts.push({ at: this.now(), payload });
    this.apply(record, payload);
    this.changed();
    return sendText(res, 200, "text/plain", "ok");
  }

  /** `GET /api/response-url/<id>`. */
  list(res: ServerResponse, id: string): void {
    const record = this.urls.get(id);
    const status: ResponseUrlStatus = { posts: record?.posts ?? [], dispatched: record?.dispatched ?? 0, running: record?.running ?? 0 };
    sendJson(res, 200, status);
  }

  private observeSlashCommand(form: URLSearchParams): ((answer: HttpAnswer) => void) | undefined {
    const channelId = form.get("channel_id");
    const userId = form.get("user_id");
    const id = this.responseIdOf(form.get("response_url"));
    // A response_url elsewhere (real Slack's) gets the answers there: nothing to show here.
    if (!channelId || !userId || id === undefined) return undefined;
    this.record(id).context = { channelId, userId };
    const command = form.get("command") ?? "";
    const typed = `${command} ${form.get("text") ?? ""}`.trim();
    // Screened as the deployed function screens it: a command holding a credential is shown by kind, never as typed.
    const found = findCredential(typed);
    const shown = found ? `${command} [not shown: it contains ${found.what}]`.trim() : typed;
    this.add({ channelId, userId, kind: "command", visibility: "ephemeral", text: shown, blocks: [] });
    return (answer) => this.immediateAnswer(channelId, userId, answer);
  }

  private observeInteraction(rawPayload: string | null): ((answer: HttpAnswer) => void) | undefined {
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(rawPayload ?? "") as Record<string, unknown>;
    } catch {
      return undefined;
    }
    const field = (name: string) => (typeof payload[name] === "object" && payload[name] !== null ? payload[name] as Record<string, unknown> : {});
    const channelId = field("channel").id ?? field("container").channel_id;
    const userId = field("user").id;
    const id = this.responseIdOf(payload.response_url);
    if (payload.type !== "block_actions" || typeof channelId !== "string" || typeof userId !== "string" || id === undefined) return undefined;
    const messageTs = field("container").message_ts;
    const originalId = typeof messageTs === "string" && this.byId.has(messageTs) ? messageTs : undefined;
    this.record(id).context = { channelId, userId, originalId };
    const action = Array.isArray(payload.actions) && typeof payload.actions[0] === "object" ? payload.actions[0] as Record<string, unknown> : {};
    const label = typeof action.text === "object" && action.text !== null ? (action.text as { text?: unknown }).text : undefined;
    this.add({ channelId, userId, kind: "click", visibility: "ephemeral", text: String(label ?? action.action_id ?? "a button"), blocks: [] });
    return (answer) => {
      // A click is acknowledged with an empty 200; anything else is an error the person would see.
      if (answer.statusCode < 200 || answer.statusCode > 299) this.immediateAnswer(channelId, userId, answer);
    };
  }

  /** Slack shows a 2xx body to the person who typed (JSON message or plain text), an error otherwise. */
  private immediateAnswer(channelId: string, userId: string, answer: HttpAnswer): void {
    const ok = answer.statusCode >= 200 && answer.statusCode <= 299;
    if (!ok) {
      this.add({ channelId, userId, kind: "answer", via: "http", failed: true, visibility: "ephemeral", text: `The command function answered HTTP ${answer.statusCode}: ${answer.body.slice(0, 500)}`, blocks: [] });
      return;
    }
    if (answer.body.trim() === "") return;
    const message = parseMessage(answer.body);
    this.add({
      channelId, userId, kind: "answer", via: "http",
      visibility: message?.response_type === "in_channel" ? "in_channel" : "ephemeral",
      text: message ? messageText(message) : answer.body,
      blocks: message && Array.isArray(message.blocks) ? message.blocks : [],
    });
  }

  private apply(record: ResponseUrlRecord, payload: Record<string, unknown>): void {
    const context = record.context;
    if (!context) return;
    const original = context.originalId ? this.byId.get(context.originalId) : undefined;
    if (original && payload.delete_original === true) {
      original.deleted = true;
      return;
    }
    const blocks = Array.isArray(payload.blocks) ? payload.blocks : [];
    if (original && payload.replace_original === true) {
      // The message keeps its place and its visibility (an ephemeral message stays ephemeral in Slack).
      Object.assign(original, { text: messageText(payload), blocks, updatedAt: this.now() });
      return;
    }
    this.add({
      channelId: context.channelId, userId: context.userId, kind: "answer", via: "response_url",
      visibility: payload.response_type === "in_channel" ? "in_channel" : "ephemeral",
      text: messageText(payload), blocks,
    });
  }

  private add(entry: Omit<ConversationEntry, "id" | "at">): void {
    const full: ConversationEntry = { ...entry, id: `L${++this.counter}`, at: this.now() };
    this.entries.push(full);
    this.byId.set(full.id, full);
    while (this.entries.length > KEPT_ENTRIES) this.byId.delete((this.entries.shift() as ConversationEntry).id);
    this.changed();
  }

  private record(id: string): ResponseUrlRecord {
    let record = this.urls.get(id);
    if (!record) {
      record = { createdAt: this.now(), posts: [], dispatched: 0, running: 0 };
      this.urls.set(id, record);
      if (this.urls.size > KEPT_URLS) this.urls.delete(this.urls.keys().next().value as string);
    }
    return record;
  }

  private changed(): void {
    this.changes += 1;
  }
}

function parseMessage(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

function messageText(message: Record<string, unknown>): string {
  return typeof message.text === "string" ? message.text : "";
}
