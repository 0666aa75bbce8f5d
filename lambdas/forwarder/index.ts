import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context, SNSEvent } from "aws-lambda";
import { createDocumentClient } from "../shared/aws/clients";
import { createSecretReader } from "../shared/aws/secrets";
import type { ChatTarget } from "../shared/chat/chat-platform";
import { getOptionalStringFromEnv, getStringFromEnv } from "../shared/env";
import { type DrainDependencies, type DrainResult, drainChannels, sweepChannels } from "../shared/forwarding/drain";
import { forwardNotification } from "../shared/forwarding/forward";
import { renderNotification } from "../shared/notifications/render";
import { keepNotification } from "../shared/privacy/kept-notifications";
import { createSlackPoster } from "../shared/slack/poster";
import { findConfigsForTopic } from "../shared/store/channel-configs";
import { createDrainLeases } from "../shared/store/drain-leases";
import { createOutbox } from "../shared/store/outbox";
import { createThreadAnchorStore } from "../shared/store/thread-anchors";
import { isScheduledSweep, type ScheduledSweepEvent } from "./scheduled";
import { snsInputFromRecord } from "./sns-input";
import { createForwarderTelemetry } from "./telemetry";

// Built once per cold start; environment validated here so a misconfiguration fails loudly.
const tableName = getStringFromEnv("TABLE_NAME");
const accountId = getStringFromEnv("HERALD_ACCOUNT_ID");
const retentionDays = Number(getOptionalStringFromEnv("HERALD_USER_DATA_RETENTION_DAYS") ?? 90);
const logger = new Logger({ serviceName: "herald-forwarder" });
const metrics = new Metrics({ namespace: getOptionalStringFromEnv("POWERTOOLS_METRICS_NAMESPACE") ?? "Herald", serviceName: "herald-forwarder" });
const doc = createDocumentClient();
const outbox = createOutbox(doc, { tableName });
const leases = createDrainLeases(doc, { tableName });
const threads = createThreadAnchorStore(doc, { tableName });
// The drainer paces each channel itself: a 429 comes back at once instead of being slept on.
const chat = createSlackPoster({ readSecret: createSecretReader({ region: getOptionalStringFromEnv("SECRETS_REGION") }), onRateLimit: "fail" });
const telemetry = createForwarderTelemetry(logger, metrics);

/** Time kept back from the Lambda deadline to release leases and record outcomes after the last Slack call. */
const DEADLINE_MARGIN_MS = 3_000;

/**
 * SNS → each channel's outbox → Slack, at each channel's pace; or, on the schedule, a sweep of
 * every channel's backlog. Throws only when a message could not be queued (Lambda then retries it,
 * and the failed-events queue keeps it after that); what is queued is the drainers' to deliver.
 */
export async function handler(event: SNSEvent | ScheduledSweepEvent, context?: Context): Promise<void> {
  const deadline = () => Date.now() + (context ? context.getRemainingTimeInMillis() : 30_000) - DEADLINE_MARGIN_MS;
  const drain: DrainDependencies = { outbox, leases, threads, chat, telemetry, deadline };
  if (isScheduledSweep(event)) {
    // Never thrown: the next tick is the retry, and the failed-events queue is for SNS messages.
    await sweepChannels(drain).then(reportDrainProblems, (error: unknown) => logger.error("The sweep could not list the channels' backlogs", { error: (error as Error)?.name, message: (error as Error)?.message }));
    return;
  }
  // SNS delivers one record per invocation; should there be more, every record is tried before failing.
  const failures: unknown[] = [];
  const targets: ChatTarget[] = [];
  for (const record of event.Records) {
    try {
      const result = await forwardNotification(snsInputFromRecord(record), {
        findConfigsForTopic: (topicArn) => findConfigsForTopic(doc, tableName, topicArn),
        render: renderNotification,
        outbox,
        telemetry,
        // Kept as user data (only while "Share user data" is on in this Region) for where it is going.
        keep: async (input, notification, deliveries) => telemetry.kept(input, await keepNotification(doc, tableName, accountId, {
          messageId: input.messageId, topicArn: input.topicArn, notification, postedTo: deliveries.map((delivery) => delivery.target),
        }, { retentionDays })),
      });
      // Duplicates too: the first attempt may have queued and then died before draining.
      targets.push(...result.channels.map((channel) => channel.target));
    } catch (error) {
      failures.push(error);
    }
  }
  reportDrainProblems(await drainChannels(targets, drain));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} of ${event.Records.length} records could not be queued`);
}

/** A drainer that stopped on an error leaves its backlog queued: the next invocation or the sweep resumes it. */
function reportDrainProblems(results: readonly PromiseSettledResult<DrainResult>[]): void {
  for (const result of results) {
    if (result.status === "rejected") logger.error("Draining a channel stopped early; its backlog stays queued for the next drainer", { error: (result.reason as Error)?.name, message: (result.reason as Error)?.message });
  }
}
