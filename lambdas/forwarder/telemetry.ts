import { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit, Metrics } from "@aws-lambda-powertools/metrics";
import type { LoggingLevel } from "../shared/config/schema";
import type { ChannelDelivery, ChannelOutcome, ForwardingTelemetry } from "../shared/forwarding/forward";
import type { Notification, SnsNotificationInput } from "../shared/notifications/model";

/**
 * Logs (Powertools JSON logger, at each configuration's logging level) and EMF metrics (per
 * configuration, named like AWS Chatbot's, plus FilteredOut). Logs carry ids and outcomes, never
 * message bodies, tokens or rendered text.
 */

const LOG_LEVEL: Record<LoggingLevel, "INFO" | "ERROR" | "SILENT"> = { INFO: "INFO", ERROR: "ERROR", NONE: "SILENT" };

export function createForwarderTelemetry(logger: Logger, metrics: Metrics): ForwardingTelemetry {
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

  return {
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
    outcome(input, delivery: ChannelDelivery, outcome: ChannelOutcome, elapsedMs: number) {
      const log = loggerFor(delivery.loggingLevel);
      const context = { ...ids(input), channelId: delivery.target.channelId, teamId: delivery.target.teamId, configurations: delivery.configurationNames, elapsedMs };
      for (const name of delivery.configurationNames) {
        if (outcome.status === "delivered") count("MessageDeliverySuccess", name);
        if (outcome.status === "failed") count("MessageDeliveryFailure", name);
        if (outcome.status === "duplicate") count("DuplicatesSkipped", name);
      }
      if (outcome.status === "failed") {
        log.error("Delivery failed", { ...context, code: outcome.error.code, retryable: outcome.error.retryable, error: outcome.error.message });
      } else {
        log.info(`Delivery ${outcome.status}`, outcome.status === "delivered" && outcome.thread !== undefined ? { ...context, thread: outcome.thread } : context);
      }
    },
    filtered(input, notification: Notification, configurationNames: readonly string[]) {
      logger.info("Filtered out by channel configuration", { ...ids(input), kind: notification.kind, configurations: configurationNames });
      for (const name of configurationNames) count("FilteredOut", name);
    },
    threadProblem(input, delivery: ChannelDelivery, what: string, error: unknown) {
      loggerFor(delivery.loggingLevel).error("Posted, but a thread step failed", {
        ...ids(input), channelId: delivery.target.channelId, step: what, error: (error as Error)?.name, code: (error as { code?: unknown })?.code,
      });
    },
    recordFailed(input, delivery, error) {
      loggerFor(delivery.loggingLevel).error("Posted, but the delivery record could not be written", {
        ...ids(input), channelId: delivery.target.channelId, error: (error as Error).name,
      });
    },
  };
}
