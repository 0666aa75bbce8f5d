import type { Notification, SnsNotificationInput } from "../notifications/model";
import { renderNotification } from "../notifications/render";
import type { ChannelConfigs } from "../store/channel-configs";
import type { EnqueueResult, Outbox } from "../store/outbox";
import { routeNotification, type ChannelDelivery } from "./channel-routing";
import { keepAsUserData, type KeepTelemetry, type UserDataKeeping } from "./keep-as-user-data";
import { storedNotification } from "./stored-notification";

export { channelDeliveries, type ChannelDelivery } from "./channel-routing";

/**
 * Takes in one SNS message for every chat channel whose configurations subscribe to its topic and
 * accept it: render once, route, and queue it in each channel's outbox (several configurations may
 * share a channel) — once per (message, channel) however often SNS or Lambda redeliver. Posting is
 * the channel's drainer's job (drain.ts), at the channel's pace.
 */

export interface ForwardingDependencies {
  readonly channelConfigs: Pick<ChannelConfigs, "forTopic">;
  readonly outbox: Outbox;
  readonly telemetry: ForwardingTelemetry & Partial<KeepTelemetry>;
  /**
   * Where the rendered notification is kept as user data (under the privacy setting), once per
   * message, alongside queueing it: it is no prerequisite for delivery, so it adds no latency.
   * Absent: nothing is kept.
   */
  readonly userData?: UserDataKeeping;
  /**
   * True when the notification is snoozed in the channel (lambdas/shared/oncall/forwarding.ts): it
   * is then counted on its snooze and not queued. Absent: nothing is muted.
   */
  readonly muted?: (target: ChannelDelivery["target"], notification: Notification, messageId: string) => Promise<boolean>;
}

/** Queued (or a duplicate of a queued message), or muted by a snooze in that channel. */
export type ChannelOutcome = { readonly status: EnqueueResult | "muted" };

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
  outcome(input: SnsNotificationInput, delivery: ChannelDelivery, outcome: ChannelOutcome): void;
  /** Configurations that subscribe to the topic but whose filters did not accept the notification. */
  filtered?(input: SnsNotificationInput, notification: Notification, configurationNames: readonly string[]): void;
}

export async function forwardNotification(input: SnsNotificationInput, deps: ForwardingDependencies): Promise<ForwardResult> {
  const configs = await deps.channelConfigs.forTopic(input.topicArn);
  if (configs.length === 0) {
    deps.telemetry.noConfiguration(input);
    return { messageId: input.messageId, channels: [] };
  }
  const notification = renderNotification(input);
  const { deliveries, filteredOut } = routeNotification(configs, notification);
  if (filteredOut.length > 0) deps.telemetry.filtered?.(input, notification, filteredOut);
  deps.telemetry.rendered(input, notification, deliveries);
  const { userData } = deps;
  const kept = deliveries.length > 0 && userData !== undefined
    ? keepAsUserData(input, notification, deliveries, userData, { kept: (keptInput, result) => deps.telemetry.kept?.(keptInput, result) })
    : undefined;

  const stored = storedNotification(notification);
  const { muted } = deps;
  const queued = Promise.all(
    deliveries.map(async (delivery) => {
      if (muted !== undefined && (await muted(delivery.target, notification, input.messageId))) {
        const outcome: ChannelOutcome = { status: "muted" };
        deps.telemetry.outcome(input, delivery, outcome);
        return { ...delivery, outcome };
      }
      const status = await deps.outbox.enqueue({
        target: delivery.target,
        messageId: input.messageId,
        topicArn: input.topicArn,
        snsTimestamp: snsTimestamp(input.timestamp),
        notification: stored,
        ...(delivery.mention === undefined ? {} : { mention: delivery.mention }),
        configurationNames: delivery.configurationNames,
        loggingLevel: delivery.loggingLevel,
      });
      const outcome: ChannelOutcome = { status };
      deps.telemetry.outcome(input, delivery, outcome);
      return { ...delivery, outcome };
    }),
  );
  const [channels] = await Promise.all([queued, kept]);
  return { messageId: input.messageId, notification, channels, filteredOut };
}

/** SNS timestamps order the backlog; one that does not read as a time is queued as of now. */
function snsTimestamp(timestamp: string): string {
  const parsed = Date.parse(timestamp);
  return new Date(Number.isFinite(parsed) ? parsed : Date.now()).toISOString();
}
