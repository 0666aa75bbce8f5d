import type { OnCallView } from "../oncall/view";

/**
 * The platform-neutral shape of a rendered notification. Renderers produce it from an SNS
 * message; a chat adapter (lambdas/shared/slack/blocks.ts for Slack) turns it into that
 * platform's message format, escaping and cutting to the platform's limits. Every string here
 * is untrusted text taken from the event unless a renderer built it itself: the adapter escapes
 * all of it.
 */

/** What the forwarder hands to renderers. Read-only: renderers must never alter it. */
export interface SnsNotificationInput {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly timestamp: string;
  readonly messageAttributes: Readonly<Record<string, { readonly type: string; readonly value: string }>>;
}

export type Severity = "critical" | "high" | "medium" | "low" | "info" | "ok" | "unknown";

/** Text to show. `markdown` means the source meant it as Slack-style mrkdwn (bold, code, lists). */
export interface RichText {
  readonly text: string;
  readonly markdown?: boolean;
}

export interface Field {
  readonly label: string;
  readonly value: string;
  /** Show the value as code (identifiers, JSON, ARNs). */
  readonly code?: boolean;
}

export interface Link {
  readonly label: string;
  readonly url: string;
}

export interface ItemList {
  readonly title: string;
  readonly items: readonly RichText[];
}

export interface Notification {
  /** Which renderer produced it, e.g. "cloudwatch-alarm", "custom", "json", "text". */
  readonly kind: string;
  /** False when Herald did not know the shape and rendered it generically (JSON or text). */
  readonly recognized: boolean;
  readonly title: string;
  readonly severity: Severity;
  /** One line, plain: the notification's fallback text and push-notification preview. */
  readonly summary: string;
  readonly body?: RichText;
  readonly fields: readonly Field[];
  readonly lists: readonly ItemList[];
  readonly links: readonly Link[];
  /** Small print under the message: source, account, Region, time. */
  readonly context: readonly string[];
  /**
   * The publisher's own name for the conversation (a custom notification's `metadata.threadId`), as
   * sent: shown nowhere, kept with the notification. What groups messages into a chat thread is
   * `thread.key`; the thread's parent in a channel is a chat message id (the chat port's `threadId`).
   */
  readonly publisherThreadId?: string;
  /**
   * The event's own name for what happened (EventBridge `detail-type`, a custom notification's
   * `metadata.eventType`, "CloudWatch Alarm State Change", …). Channel filters match it and `kind`.
   */
  readonly eventType?: string;
  /** Set when this notification belongs to a conversation that should live in one chat thread. */
  readonly thread?: ThreadHint;
  /**
   * True when the message reports an alarm going off (a CloudWatch alarm entering ALARM, Prometheus
   * alerts firing): what a channel's `mentions.onAlarm` reacts to.
   */
  readonly alarm?: boolean;
  /** The alarm's on-call state (acknowledged, resolved), added by Herald itself; never taken from the event. */
  readonly onCall?: OnCallView;
}

/**
 * How a notification joins a thread. Renderers only describe the conversation; the forwarder keeps
 * one thread per (channel, key) and decides where each message goes.
 */
export interface ThreadHint {
  /** Identifies the conversation; prefixed by its source ("cloudwatch-alarm:<arn>") so keys never collide. */
  readonly key: string;
  /** Whether this notification may start the thread when none is open (an alarm's OK does not). */
  readonly opens: boolean;
  /** Whether it replaces the parent's content when it replies (a pipeline's stage events do not). */
  readonly updatesParent: boolean;
  /** When the event happened (ISO 8601); keeps a late, older message from overwriting a newer parent. */
  readonly occurredAt?: string;
  /** Shown on the thread's parent message (a custom notification's `metadata.summary`). */
  readonly summary?: string;
}

/** A renderer recognises one shape of message and renders it, or returns undefined. */
export interface Renderer {
  readonly kind: string;
  /** `parsed` is the message parsed as JSON, or undefined when it is not JSON. */
  render(input: SnsNotificationInput, parsed: unknown): Notification | undefined;
}
