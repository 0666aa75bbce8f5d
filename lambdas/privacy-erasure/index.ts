import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { Context, DynamoDBBatchResponse } from "aws-lambda";
import { createAwsClient, createDocumentClient } from "../shared/aws/clients";
import { getOptionalStringFromEnv, getStringFromEnv } from "../shared/env";
import { createSecretReader } from "../shared/aws/secrets";
import { createErasureEngine, createErasureNotifier, parseBotTokenSecrets } from "../shared/privacy";
import { createSlackPoster } from "../shared/slack/poster";
import { createPrivacyErasureHandler, type PrivacyErasureEvent } from "./handler";
import { createPrivacyErasureTelemetry } from "./telemetry";

// Built once per cold start; the environment is validated here so a misconfiguration fails loudly.
const tableName = getOptionalStringFromEnv("HERALD_TABLE_NAME") ?? "herald";
const regions = getStringFromEnv("HERALD_REGIONS").split(",").map((region) => region.trim()).filter(Boolean);
const accountId = getStringFromEnv("HERALD_ACCOUNT_ID");
const homeRegion = getStringFromEnv("HOME_REGION");
const functionName = getStringFromEnv("AWS_LAMBDA_FUNCTION_NAME");
const overdueAfterMs = Number(getOptionalStringFromEnv("ERASURE_ALARM_MINUTES") ?? "60") * 60_000;
const logger = new Logger({ serviceName: "herald-privacy-erasure" });
const metrics = new Metrics({ namespace: getOptionalStringFromEnv("POWERTOOLS_METRICS_NAMESPACE") ?? "Herald", serviceName: "herald-privacy-erasure" });
const telemetry = createPrivacyErasureTelemetry(logger, metrics);
// One client per configured Region: the fan-out reaches every Region's table from here.
const clients = new Map(regions.map((region) => [region, createDocumentClient(region)]));
const lambda = createAwsClient(LambdaClient, {});

const botTokenSecrets = parseBotTokenSecrets(getStringFromEnv("SLACK_BOT_TOKEN_SECRET_NAMES"));
// The admin's notice goes through the one Slack adapter, with the workspace's bot token.
const tellAdmin = createErasureNotifier({
  poster: createSlackPoster({ readSecret: createSecretReader({ region: getOptionalStringFromEnv("SECRETS_REGION") }) }),
  botTokenSecretFor: (teamId) => botTokenSecrets.get(teamId),
});

const engine = createErasureEngine({
  tableName,
  accountId,
  homeRegion,
  regions: clients,
  telemetry,
  onComplete: async (summary) => {
    logger.info("Privacy change done in every Region", {
      requestId: summary.requestId,
      status: summary.status,
      itemsDeleted: summary.itemsDeleted,
      regions: summary.regions.map(({ region, status, itemsDeleted, attempts, startedAt, endedAt }) => ({ region, status, itemsDeleted, attempts, startedAt, endedAt })),
    });
    await tellAdmin(summary);
  },
});

const handle = createPrivacyErasureHandler({
  accountId,
  engine,
  telemetry,
  overdueAfterMs,
  invokeSelf: async (continuation) => {
    await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: "Event", Payload: Buffer.from(JSON.stringify(continuation)) }));
  },
});

/** Time kept back from the Lambda timeout to record progress and start the continuation. */
const DEADLINE_MARGIN_MS = 30_000;

/** Home table stream (privacy changes), own continuations, and the scheduled overdue check. */
export async function handler(event: PrivacyErasureEvent, context?: Context): Promise<DynamoDBBatchResponse | void> {
  const remaining = context ? context.getRemainingTimeInMillis() : 300_000;
  const deadline = Date.now() + Math.max(remaining - DEADLINE_MARGIN_MS, remaining / 2);
  return handle(event, deadline);
}
