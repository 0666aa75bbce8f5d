import type { ChatPoster, ChatTarget } from "../chat/chat-platform";
import type { LoggingLevel } from "../config/schema";
import { ChatDeliveryError, HeraldError } from "../errors";
import type { Notification, SnsNotificationInput } from "../notifications/model";
import type { ChannelConfigRecord } from "../store/channel-configs";
import type { DeliveryKey, DeliveryStore } from "../store/deliveries";

/**
 * Forwards one SNS message to every chat channel whose configurations subscribe to its topic:
 * render once, post once per channel (several configurations may share a channel), and never
 * post twice for the same (message, channel) however often SNS or Lambda redeliver.
 */

export interface ForwardingDependencies {
  readonly findConfigsForTopic: (topicArn: string) => Promise<ChannelConfigRecord[]>;
  readonly render: (input: SnsNotificationInput) => Notification;
  readonly deliveries: DeliveryStore;
  readonly chat: ChatPoster;
  readonly telemetry: ForwardingTelemetry;
  /** Epoch ms by which this attempt must finish (the invocation's deadline minus a margin). */
  readonly deadline: () => number;
}

/** A channel and the configurations that send this message to it. */
export interface ChannelDelivery {
  readonly target: ChatTarget;
  readonly configurationNames: readonly string[];
  /** The most verbose logging level among those configurations. */
  readonly loggingLevel: LoggingLevel;
}

export type ChannelOutcome =
  | { readonly status: "delivered"; readonly chatMessageId?: string }
  | { readonly status: "duplicate" }
  | { readonly status: "in-progress" }
  | { readonly status: "failed"; readonly error: ChatDeliveryError };

export interface ForwardResult {
  readonly messageId: string;
  readonly notification?: Notification;
  readonly channels: ReadonlyArray<ChannelDelivery & { readonly outcome: ChannelOutcome }>;
}

/** What the domain reports; the handler decides how (logs, metrics). */
export interface ForwardingTelemetry {
  noConfiguration(input: SnsNotificationInput): void;
  rendered(input: SnsNotificationInput, notification: Notification, deliveries: readonly ChannelDelivery[]): void;
  outcome(input: SnsNotificationInput, delivery: ChannelDelivery, outcome: ChannelOutcome, elapsedMs: number): void;
  recordFailed(input: SnsNotificationInput, delivery: ChannelDelivery, error: unknown): void;
}

/** Thrown when a message could not reach every channel: the invocation fails so it is retried. */
export class IncompleteDeliveryError extends HeraldError {
  constructor(readonly result: ForwardResult) {
    const failed = result.channels.filter((c) => c.outcome.status === "failed" || c.outcome.status === "in-progress");
    super(
      `Message ${result.messageId} reached ${result.channels.length - failed.length} of ${result.channels.length} channels; ` +
        `not yet: ${failed.map((c) => `${c.target.channelId} (${c.outcome.status === "failed" ? c.outcome.error.code : "in progress elsewhere"})`).join(", ")}`,
    );
  }
}

const VERBOSITY: Record<LoggingLevel, number> = { NONE: 0, ERROR: 1, INFO: 2 };

/** Groups configurations by channel, so a channel gets one post however many configurations name it. */
export function channelDeliveries(configs: readonly ChannelConfigRecord[]): ChannelDelivery[] {
  const byChannel = new Map<string, { target: ChatTarget; names: string[]; level: LoggingLevel }>();
  for (const config of configs) {
    const key = `${config.teamId}#${config.channelId}`;
    const entry = byChannel.get(key);
    if (entry) {
      entry.names.push(config.name);
      if (VERBOSITY[config.loggingLevel] > VERBOSITY[entry.level]) entry.level = config.loggingLevel;
    } else {
      byChannel.set(key, {
        target: { teamId: config.teamId, channelId: config.channelId, botTokenSecretName: config.botTokenSecretName },
        names: [config.name],
        level: config.loggingLevel,
      });
    }
  }
  return [...byChannel.values()].map(({ target, names, level }) => ({ target, configurationNames: names, loggingLevel: level }));
}

export async function forwardNotification(input: SnsNotificationInput, deps: ForwardingDependencies): Promise<ForwardResult> {
  const configs = await deps.findConfigsForTopic(input.topicArn);
  const deliveries = channelDeliveries(configs);
  if (deliveries.length === 0) {
    deps.telemetry.noConfiguration(input);
    return { messageId: input.messageId, channels: [] };
  }
  const notification = deps.render(input);
  deps.telemetry.rendered(input, notification, deliveries);

  const channels = await Promise.all(
    deliveries.map(async (delivery) => {
      const started = Date.now();
      const outcome = await deliverOnce(input, notification, delivery, deps);
      deps.telemetry.outcome(input, delivery, outcome, Date.now() - started);
      return { ...delivery, outcome };
    }),
  );
  const result: ForwardResult = { messageId: input.messageId, notification, channels };
  if (channels.some((c) => c.outcome.status === "failed" || c.outcome.status === "in-progress")) {
    throw new IncompleteDeliveryError(result);
  }
  return result;
}

async function deliverOnce(input: SnsNotificationInput, notification: Notification, delivery: ChannelDelivery, deps: ForwardingDependencies): Promise<ChannelOutcome> {
  const key: DeliveryKey = { messageId: input.messageId, teamId: delivery.target.teamId, channelId: delivery.target.channelId };
  const claim = await deps.deliveries.claim(key);
  if (claim.outcome === "already-delivered") return { status: "duplicate" };
  if (claim.outcome === "in-progress") return { status: "in-progress" };
  let posted;
  try {
    posted = await deps.chat.post(delivery.target, notification, { deadline: deps.deadline() });
  } catch (error) {
    await deps.deliveries.release(key, claim.token);
    const deliveryError = error instanceof ChatDeliveryError ? error : new ChatDeliveryError(`Delivery to ${key.channelId} failed`, "internal", true, { cause: error });
    return { status: "failed", error: deliveryError };
  }
  try {
    await deps.deliveries.complete(key, claim.token, posted.messageId);
  } catch (error) {
    // Posted but not recorded: the claim keeps its lease, so a prompt redelivery still skips this
    // channel. Reported, not thrown: failing now would make a retry post the message again.
    deps.telemetry.recordFailed(input, delivery, error);
  }
  return { status: "delivered", chatMessageId: posted.messageId };
}
