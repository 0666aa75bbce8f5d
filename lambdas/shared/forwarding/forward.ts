import type { ChatPoster, PostedMessage } from "../chat/chat-platform";
import { ChatDeliveryError, HeraldError } from "../errors";
import type { Notification, SnsNotificationInput } from "../notifications/model";
import type { ChannelConfigRecord } from "../store/channel-configs";
import type { DeliveryKey, DeliveryStore } from "../store/deliveries";
import type { ThreadAnchorStore } from "../store/thread-anchors";
import { routeNotification, type ChannelDelivery } from "./channel-routing";
import { postThreaded, type ThreadedPost } from "./threaded-post";

export { channelDeliveries, type ChannelDelivery } from "./channel-routing";

/**
 * Forwards one SNS message to every chat channel whose configurations subscribe to its topic and
 * accept it: render once, post once per channel (several configurations may share a channel),
 * in a thread when the notification belongs to one, and never post twice for the same
 * (message, channel) however often SNS or Lambda redeliver.
 */

export interface ForwardingDependencies {
  readonly findConfigsForTopic: (topicArn: string) => Promise<ChannelConfigRecord[]>;
  readonly render: (input: SnsNotificationInput) => Notification;
  readonly deliveries: DeliveryStore;
  readonly chat: ChatPoster;
  readonly telemetry: ForwardingTelemetry;
  /** Epoch ms by which this attempt must finish (the invocation's deadline minus a margin). */
  readonly deadline: () => number;
  /** Thread anchors; without them every notification is posted top-level. */
  readonly threads?: ThreadAnchorStore;
}

export type ChannelOutcome =
  | { readonly status: "delivered"; readonly chatMessageId?: string; readonly thread?: ThreadedPost["role"] }
  | { readonly status: "duplicate" }
  | { readonly status: "in-progress" }
  | { readonly status: "failed"; readonly error: ChatDeliveryError };

export interface ForwardResult {
  readonly messageId: string;
  readonly notification?: Notification;
  readonly channels: ReadonlyArray<ChannelDelivery & { readonly outcome: ChannelOutcome }>;
  /** Configurations whose filters kept the notification from their channel. */
  readonly filteredOut?: readonly string[];
}

/** What the domain reports; the handler decides how (logs, metrics). */
export interface ForwardingTelemetry {
  noConfiguration(input: SnsNotificationInput): void;
  rendered(input: SnsNotificationInput, notification: Notification, deliveries: readonly ChannelDelivery[]): void;
  outcome(input: SnsNotificationInput, delivery: ChannelDelivery, outcome: ChannelOutcome, elapsedMs: number): void;
  recordFailed(input: SnsNotificationInput, delivery: ChannelDelivery, error: unknown): void;
  /** Configurations that subscribe to the topic but whose filters did not accept the notification. */
  filtered?(input: SnsNotificationInput, notification: Notification, configurationNames: readonly string[]): void;
  /** A thread step failed after the message itself was posted (e.g. the parent could not be updated). */
  threadProblem?(input: SnsNotificationInput, delivery: ChannelDelivery, what: string, error: unknown): void;
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

export async function forwardNotification(input: SnsNotificationInput, deps: ForwardingDependencies): Promise<ForwardResult> {
  const configs = await deps.findConfigsForTopic(input.topicArn);
  if (configs.length === 0) {
    deps.telemetry.noConfiguration(input);
    return { messageId: input.messageId, channels: [] };
  }
  const notification = deps.render(input);
  const { deliveries, filteredOut } = routeNotification(configs, notification);
  if (filteredOut.length > 0) deps.telemetry.filtered?.(input, notification, filteredOut);
  deps.telemetry.rendered(input, notification, deliveries);

  const channels = await Promise.all(
    deliveries.map(async (delivery) => {
      const started = Date.now();
      const outcome = await deliverOnce(input, notification, delivery, deps);
      deps.telemetry.outcome(input, delivery, outcome, Date.now() - started);
      return { ...delivery, outcome };
    }),
  );
  const result: ForwardResult = { messageId: input.messageId, notification, channels, filteredOut };
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
  let posted: PostedMessage & { readonly thread?: ThreadedPost["role"] };
  try {
    posted = await post(input, notification, delivery, deps);
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
  return { status: "delivered", chatMessageId: posted.messageId, ...(posted.thread === undefined ? {} : { thread: posted.thread }) };
}

async function post(input: SnsNotificationInput, notification: Notification, delivery: ChannelDelivery, deps: ForwardingDependencies) {
  const { target, mention } = delivery;
  if (notification.thread === undefined || deps.threads === undefined) {
    return deps.chat.post(target, notification, { deadline: deps.deadline(), mention });
  }
  const threaded = await postThreaded(
    { target, notification, hint: notification.thread, mention, sourceMessageId: input.messageId },
    {
      anchors: deps.threads,
      chat: deps.chat,
      deadline: deps.deadline,
      onThreadProblem: (what, error) => deps.telemetry.threadProblem?.(input, delivery, what, error),
    },
  );
  return { messageId: threaded.messageId, thread: threaded.role };
}
