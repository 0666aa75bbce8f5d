import { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit, Metrics } from "@aws-lambda-powertools/metrics";
import type { LoggingLevel } from "../shared/config/schema";
import type { ChatTarget } from "../shared/chat/chat-platform";
import type { ChannelDelivery, ChannelOutcome } from "../shared/forwarding/forward";
import type { QueuedItem } from "../shared/store/outbox";
import type { Notification, SnsNotificationInput } from "../shared/notifications/model";
import type { ForwarderTelemetry } from "./handler";

/**
 * Logs (Powertools JSON logger, at each configuration's logging level) and EMF metrics (per
 * configuration, named like AWS Chatbot's, plus FilteredOut; per channel for the backlog:
 * BacklogDepth, BacklogAgeSeconds, SlackRateLimited, DigestsSent, DigestItems, DeliveryFailures).
 * Logs carry ids and outcomes, never message bodies, tokens or rendered text. Channel-level
 * problems (a channel Slack refuses) are logged at ERROR whatever the configurations' level.
 */

const LOG_LEVEL: Record<LoggingLevel, "INFO" | "ERROR" | "SILENT"> = { INFO: "INFO", ERROR: "ERROR", NONE: "SILENT" };

export function createForwarderTelemetry(logger: Logger, metrics: Metrics): ForwarderTelemetry {
  const loggers = new Map<LoggingLevel, Logger>();
  const loggerFor = (level: LoggingLevel) => {
    let child = loggers.get(level);
    if (!child) {
      child = logger.createChild({ logLevel: LOG_LEVEL[level] });
      loggers.set(level, child);
    }
    return child;
  };
  const count = (name: string, configurationName: string) => {
    const single = metrics.singleMetric();
    single.addDimension("ConfigurationName", configurationName);
    single.addMetric(name, MetricUnit.Count, 1);
  };
  const ids = (input: SnsNotificationInput) => ({ messageId: input.messageId, topicArn: input.topicArn });
  const perChannel = (name: string, target: ChatTarget, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number) => {
    const single = metrics.singleMetric();
    single.addDimension("ChannelId", target.channelId);
    single.addMetric(name, unit, value);
  };
  const channel = (target: ChatTarget) => ({ channelId: target.channelId, teamId: target.teamId });
  /** The most verbose logging level among the items' configurations. */
  const levelOf = (items: readonly QueuedItem[]): LoggingLevel =>
    items.some((item) => item.loggingLevel === "INFO") ? "INFO" : items.some((item) => item.loggingLevel === "ERROR") ? "ERROR" : "NONE";

  /** Error name and message only: never the stack, never data. */
  const about = (error: unknown) => ({ error: (error as Error)?.name, message: (error as Error)?.message });

  return {
    drainStopped(error) {
      logger.error("Draining a channel stopped early; its backlog stays queued for the next drainer", about(error));
    },
    onCallFailed(error) {
      logger.error("The on-call check (escalations, snooze ends) failed; the next tick retries it", about(error));
    },
    sweepFailed(error) {
      logger.error("The sweep could not list the channels' backlogs", about(error));
    },
    kept(input, result) {
      // Never a reason to hold the message back: a failure is a warning and a metric.
      if (result.outcome === "failed") {
        logger.warn("The notification could not be kept as user data", { ...ids(input), error: result.error });
        metrics.singleMetric().addMetric("UserDataWriteFailures", MetricUnit.Count, 1);
      } else if (result.outcome === "skipped-credential") {
        logger.info("Not kept as user data: it looks like it carries a credential", { ...ids(input), what: result.what });
      } else {
        logger.debug("User data", { ...ids(input), outcome: result.outcome });
      }
    },
    noConfiguration(input) {
      logger.warn("No channel configuration subscribes to this topic; nothing to deliver", ids(input));
      metrics.singleMetric().addMetric("EventsWithoutConfiguration", MetricUnit.Count, 1);
    },
    rendered(input, notification: Notification, deliveries: readonly ChannelDelivery[]) {
      for (const delivery of deliveries) {
        loggerFor(delivery.loggingLevel).info("Notification rendered", {
          ...ids(input), kind: notification.kind, recognized: notification.recognized, configurations: delivery.configurationNames,
        });
        for (const name of delivery.configurationNames) {
          count("EventsProcessed", name);
          if (!notification.recognized) count("RenderedAsUnknown", name);
        }
      }
    },
    outcome(input, delivery: ChannelDelivery, outcome: ChannelOutcome) {
      const context = { ...ids(input), channelId: delivery.target.channelId, teamId: delivery.target.teamId, configurations: delivery.configurationNames };
      if (outcome.status === "duplicate") for (const name of delivery.configurationNames) count("DuplicatesSkipped", name);
      loggerFor(delivery.loggingLevel).info(outcome.status === "queued" ? "Queued for delivery" : outcome.status === "muted" ? "Muted by a snooze in the channel; counted" : "Duplicate skipped", context);
    },
    filtered(input, notification: Notification, configurationNames: readonly string[]) {
      logger.info("Filtered out by channel configuration", { ...ids(input), kind: notification.kind, configurations: configurationNames });
      for (const name of configurationNames) count("FilteredOut", name);
    },
    backlog(target, depth, oldestAgeSeconds) {
      perChannel("BacklogDepth", target, MetricUnit.Count, depth);
      perChannel("BacklogAgeSeconds", target, MetricUnit.Seconds, oldestAgeSeconds);
      // Stack-wide, for the backlog alarm (lib/constructs/forwarder.ts, FORWARDER_METRICS).
      metrics.singleMetric().addMetric("OldestBacklogAgeSeconds", MetricUnit.Seconds, oldestAgeSeconds);
    },
    delivered(target, items, details) {
      for (const item of items) for (const name of item.configurationNames) count("MessageDeliverySuccess", name);
      if (details.via === "digest" || details.via === "thread-digest") {
        perChannel("DigestsSent", target, MetricUnit.Count, 1);
        perChannel("DigestItems", target, MetricUnit.Count, items.length);
      }
      loggerFor(levelOf(items)).info("Delivered", { ...channel(target), via: details.via, chatMessageId: details.chatMessageId, messageIds: items.map((item) => item.messageId) });
    },
    rateLimited(target, retryAfterMs) {
      perChannel("SlackRateLimited", target, MetricUnit.Count, 1);
      logger.warn("Slack rate-limited the channel; nothing goes there before Retry-After ends", { ...channel(target), retryAfterMs });
    },
    retrying(target, error, blockedUntil) {
      logger.warn("Posting failed; retrying later", { ...channel(target), code: error.code, retryAt: new Date(blockedUntil).toISOString() });
    },
    channelUnreachable(target, error, blockedUntil) {
      perChannel("DeliveryFailures", target, MetricUnit.Count, 1);
      logger.error("Slack refuses the channel; its backlog is kept and retried later", { ...channel(target), code: error.code, retryAt: new Date(blockedUntil).toISOString() });
    },
    deliveryFailed(target, items, error) {
      perChannel("DeliveryFailures", target, MetricUnit.Count, items.length);
      for (const item of items) for (const name of item.configurationNames) count("MessageDeliveryFailure", name);
      logger.error("Slack refused the notification, even as plain text; recorded as failed", { ...channel(target), code: error.code, messageIds: items.map((item) => item.messageId) });
    },
    threadProblem(target, what, error) {
      logger.error("Posted, but a thread step failed", { ...channel(target), step: what, error: (error as Error)?.name, code: (error as { code?: unknown })?.code });
    },
  };
}
