import { HeraldError } from "../errors";

/**
 * What Slack sends Herald, parsed after the signature was verified: slash commands (form),
 * Events API callbacks (JSON) and interactivity payloads (form field `payload` with JSON).
 * Malformed input raises SlackRequestError (a 400 with a clear message), never anything else.
 */

export type SlackRoute = "commands" | "events" | "interactions";

export interface SlashCommand {
  readonly kind: "slash-command";
  readonly teamId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly userName?: string;
  readonly command: string;
  readonly text: string;
  readonly responseUrl: string;
  readonly triggerId?: string;
}

export interface AppMention {
  readonly kind: "app-mention";
  readonly eventId: string;
  readonly teamId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly text: string;
  readonly ts: string;
  readonly threadTs?: string;
}

export interface BlockAction {
  readonly kind: "block-action";
  readonly teamId: string;
  readonly channelId?: string;
  readonly userId: string;
  readonly responseUrl?: string;
  readonly actions: ReadonlyArray<{ readonly actionId: string; readonly value?: string }>;
  /** The message whose button was clicked: its ts, its thread's, and its content (text and blocks) as Slack sent it. */
  readonly message?: { readonly ts: string; readonly threadTs?: string; readonly text?: string; readonly blocks?: readonly unknown[] };
}

export type SlackInbound =
  | { readonly kind: "ssl-check" }
  | { readonly kind: "url-verification"; readonly challenge: string }
  | SlashCommand
  | AppMention
  | BlockAction
  /** A well-formed request Herald has nothing to do with (other event types, bot messages…). */
  | { readonly kind: "ignored"; readonly reason: string; readonly eventId?: string };

export class SlackRequestError extends HeraldError {
  constructor(message: string) {
    super(message, { expose: true });
  }
}

const ID = /^[A-Z0-9]{1,64}$/i;

/**
 * A leading mention of the bot, as an `app_mention` event's text starts: "<@U0LAN0Z89> sns list-topics",
 * "<@U0LAN0Z89|herald>: sns list-topics". Any id Slack writes (U…, W…, either case) and the `:` or `,`
 * people put after a name are removed; a mention later in the text is the command's own.
 */
const LEADING_MENTION = /^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s:,]*/i;

/** The command text of an app mention: its text without the leading `<@…>` that addresses the bot. */
export function stripMention(text: string): string {
  return text.replace(LEADING_MENTION, "");
}

export function parseSlackRequest(route: SlackRoute, contentType: string | undefined, rawBody: Buffer): SlackInbound {
  const body = rawBody.toString("utf8");
  if (body.trim() === "") throw new SlackRequestError("Empty request body");
  switch (route) {
    case "commands":
      return parseSlashCommand(new URLSearchParams(body));
    case "events":
      return parseEvent(contentType?.includes("application/x-www-form-urlencoded") ? formPayload(body) : json(body, "event"));
    case "interactions":
      return parseInteraction(formPayload(body));
  }
}

function parseSlashCommand(form: URLSearchParams): SlackInbound {
  if (form.get("ssl_check") === "1") return { kind: "ssl-check" };
  const field = (name: string, pattern?: RegExp) => {
    const value = form.get(name);
    if (value === null || value === "" || (pattern && !pattern.test(value))) throw new SlackRequestError(`Slash command field ${name} is missing or malformed`);
    return value;
  };
  return {
    kind: "slash-command",
    teamId: field("team_id", ID),
    channelId: field("channel_id", ID),
    userId: field("user_id", ID),
    userName: form.get("user_name") ?? undefined,
    command: field("command"),
    text: form.get("text") ?? "",
    responseUrl: field("response_url", /^https?:\/\//),
    triggerId: form.get("trigger_id") ?? undefined,
  };
}

function parseEvent(payload: Record<string, unknown>): SlackInbound {
  if (payload.type === "url_verification") {
    if (typeof payload.challenge !== "string" || payload.challenge === "") throw new SlackRequestError("url_verification without a challenge");
    return { kind: "url-verification", challenge: payload.challenge };
  }
  if (payload.type !== "event_callback") return { kind: "ignored", reason: `event type ${String(payload.type)}` };
  const eventId = str(payload.event_id, "event_id");
  const event = (payload.event ?? {}) as Record<string, unknown>;
  if (event.type !== "app_mention") return { kind: "ignored", reason: `event ${String(event.type)}`, eventId };
  if (event.bot_id !== undefined) return { kind: "ignored", reason: "message from a bot", eventId };
  return {
    kind: "app-mention",
    eventId,
    teamId: str(payload.team_id ?? event.team, "team_id"),
    channelId: str(event.channel, "event.channel"),
    userId: str(event.user, "event.user"),
    text: typeof event.text === "string" ? event.text : "",
    ts: str(event.ts, "event.ts"),
    threadTs: typeof event.thread_ts === "string" ? event.thread_ts : undefined,
  };
}

function parseInteraction(payload: Record<string, unknown>): SlackInbound {
  if (payload.type !== "block_actions") return { kind: "ignored", reason: `interaction ${String(payload.type)}` };
  const team = (payload.team ?? {}) as Record<string, unknown>;
  const user = (payload.user ?? {}) as Record<string, unknown>;
  const channel = (payload.channel ?? {}) as Record<string, unknown>;
  const actions = Array.isArray(payload.actions) ? payload.actions : [];
  return {
    kind: "block-action",
    teamId: str(team.id, "team.id"),
    userId: str(user.id, "user.id"),
    channelId: typeof channel.id === "string" ? channel.id : undefined,
    responseUrl: typeof payload.response_url === "string" ? payload.response_url : undefined,
    ...clickedMessage(payload.message),
    actions: actions
      .filter((a): a is Record<string, unknown> => typeof a === "object" && a !== null && typeof (a as Record<string, unknown>).action_id === "string")
      .map((a) => ({ actionId: String(a.action_id), value: typeof a.value === "string" ? a.value : undefined })),
  };
}

function clickedMessage(message: unknown): Pick<BlockAction, "message"> {
  if (typeof message !== "object" || message === null) return {};
  const { ts, thread_ts: threadTs, text, blocks } = message as Record<string, unknown>;
  if (typeof ts !== "string" || !/^\d{1,12}\.\d{1,9}$/.test(ts)) return {};
  return {
    message: {
      ts,
      ...(typeof threadTs === "string" && /^\d{1,12}\.\d{1,9}$/.test(threadTs) ? { threadTs } : {}),
      ...(typeof text === "string" ? { text } : {}),
      ...(Array.isArray(blocks) ? { blocks } : {}),
    },
  };
}

function formPayload(body: string): Record<string, unknown> {
  const payload = new URLSearchParams(body).get("payload");
  if (payload === null) throw new SlackRequestError("Form body without a payload field");
  return json(payload, "payload");
}

function json(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SlackRequestError(`The ${what} is not valid JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SlackRequestError(`The ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function str(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "" || value.length > 256) throw new SlackRequestError(`Field ${name} is missing or malformed`);
  return value;
}
