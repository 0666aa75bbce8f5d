import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context, SNSEvent } from "aws-lambda";
import { createDocumentClient } from "../shared/aws/clients";
import { createSecretReader } from "../shared/aws/secrets";
import { getOptionalStringFromEnv, getStringFromEnv } from "../shared/env";
import { forwardNotification } from "../shared/forwarding/forward";
import { renderNotification } from "../shared/notifications/render";
import { createSlackPoster } from "../shared/slack/poster";
import { findConfigsForTopic } from "../shared/store/channel-configs";
import { createDeliveryStore } from "../shared/store/deliveries";
import { createThreadAnchorStore } from "../shared/store/thread-anchors";
import { snsInputFromRecord } from "./sns-input";
import { createForwarderTelemetry } from "./telemetry";

// Built once per cold start; environment validated here so a misconfiguration fails loudly.
const tableName = getStringFromEnv("TABLE_NAME");
const logger = new Logger({ serviceName: "herald-forwarder" });
const metrics = new Metrics({ namespace: getOptionalStringFromEnv("POWERTOOLS_METRICS_NAMESPACE") ?? "Herald", serviceName: "herald-forwarder" });
const doc = createDocumentClient();
const deliveries = createDeliveryStore(doc, { tableName });
const threads = createThreadAnchorStore(doc, { tableName });
const chat = createSlackPoster({ readSecret: createSecretReader({ region: getOptionalStringFromEnv("SECRETS_REGION") }) });
const telemetry = createForwarderTelemetry(logger, metrics);

/** Time kept back from the Lambda deadline to record outcomes after the last Slack call. */
const DEADLINE_MARGIN_MS = 3_000;

/** SNS → Slack. Throws when any channel was not reached, so Lambda retries (then the on-failure destination keeps the event). */
export async function handler(event: SNSEvent, context?: Context): Promise<void> {
  const deadline = () => Date.now() + (context ? context.getRemainingTimeInMillis() : 30_000) - DEADLINE_MARGIN_MS;
  // SNS delivers one record per invocation; should there be more, every record is tried before failing.
  const failures: unknown[] = [];
  for (const record of event.Records) {
    try {
      await forwardNotification(snsInputFromRecord(record), {
        findConfigsForTopic: (topicArn) => findConfigsForTopic(doc, tableName, topicArn),
        render: renderNotification,
        deliveries,
        threads,
        chat,
        telemetry,
        deadline,
      });
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} of ${event.Records.length} records were not fully delivered`);
}
