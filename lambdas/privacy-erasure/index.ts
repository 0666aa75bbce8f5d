import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createAwsClient, createDocumentClient } from "../shared/aws/clients";
import { createSecretReader } from "../shared/aws/secrets";
import { createErasureEngine, createErasureNotifier } from "../shared/privacy";
import { METRICS_NAMESPACE } from "../shared/runtime/common-variables";
import { lambdaHandler } from "../shared/runtime/lambda-handler";
import { createSlackPoster } from "../shared/slack/poster";
import { privacyErasureEnvironment } from "./environment";
import { createPrivacyErasureHandler } from "./handler";
import { createPrivacyErasureTelemetry } from "./telemetry";

// Wiring only, built once per cold start: a wrong or missing variable fails here, naming it.
const env = privacyErasureEnvironment.read();
const logger = new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME });
const metrics = new Metrics({ namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE, serviceName: env.POWERTOOLS_SERVICE_NAME });
const telemetry = createPrivacyErasureTelemetry(logger, metrics);
const lambda = createAwsClient(LambdaClient, {});
// The admin's notice goes through the one Slack adapter, with the workspace's bot token.
const tellAdmin = createErasureNotifier({
  poster: createSlackPoster({ readSecret: createSecretReader({ region: env.SECRETS_REGION }) }),
  botTokenSecretFor: (teamId) => env.SLACK_BOT_TOKEN_SECRET_NAMES.get(teamId),
});

const engine = createErasureEngine({
  tableName: env.TABLE_NAME,
  accountId: env.HERALD_ACCOUNT_ID,
  homeRegion: env.HOME_REGION,
  // One client per configured Region: the fan-out reaches every Region's table from here.
  regions: new Map(env.HERALD_REGIONS.map((region) => [region, createDocumentClient(region)])),
  recoveryWindowDays: env.HERALD_RECOVERY_WINDOW_DAYS,
  telemetry,
  onComplete: async (summary) => {
    telemetry.completed(summary);
    await tellAdmin(summary);
  },
});

/** Home table stream (privacy changes), own continuations, and the scheduled overdue check. */
export const handler = lambdaHandler({ logger, metrics }, createPrivacyErasureHandler({
  accountId: env.HERALD_ACCOUNT_ID,
  engine,
  telemetry,
  overdueAfterMs: env.ERASURE_ALARM_MINUTES * 60_000,
  invokeSelf: async (continuation) => {
    await lambda.send(new InvokeCommand({ FunctionName: env.AWS_LAMBDA_FUNCTION_NAME, InvocationType: "Event", Payload: Buffer.from(JSON.stringify(continuation)) }));
  },
}));
