import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { createDocumentClient } from "../../lambdas/shared/aws/clients";
import { channelConfigRecords, createChannelConfigs } from "../../lambdas/shared/store/channel-configs";
import { storeContext } from "../../lambdas/shared/store/index";
import { createHeraldTable, type DynamoDbLocal, LOCAL_CREDENTIALS, startDynamoDbLocal } from "../../local/dynamodb-local";
import { startSecretsManager } from "../../local/stand-ins/secrets-manager";
import { heraldTopicArn } from "../../local/stand-ins/sns-event";
import { startSlackWebApi, type SlackWebApi, type SlackWebApiOptions } from "../../local/stand-ins/slack-web-api";
import { join } from "node:path";

export const EXAMPLE_CONFIG_PATH = join(__dirname, "../../config/herald.example.json");
export const TEST_ACCOUNT = "000000000000";
import { BOT_TOKEN, SIGNING_SECRET } from "./test-secrets";

export { BOT_TOKEN, SIGNING_SECRET };

export interface LocalServices {
  readonly config: HeraldConfig;
  readonly dynamo: DynamoDbLocal;
  readonly slack: SlackWebApi;
  readonly tableName: string;
  topicArn(name: string, region?: string): string;
  stop(): Promise<void>;
}

/**
 * Starts the real local parts a handler talks to — DynamoDB Local, the Slack Web API stand-in and
 * the Secrets Manager stand-in — creates the table in every configured Region, loads the channel
 * configurations into it, and points the handler's environment at them (the same variables the
 * deployed functions read).
 */
export async function startLocalServices(options: { config?: HeraldConfig; slack?: SlackWebApiOptions; tableName?: string } = {}): Promise<LocalServices> {
  const config = options.config ?? loadHeraldConfig(EXAMPLE_CONFIG_PATH);
  const tableName = options.tableName ?? "herald-test";
  const tokens = Object.fromEntries(config.workspaces.flatMap((w) => [[w.botTokenSecretName, BOT_TOKEN], [w.signingSecretName, SIGNING_SECRET]]));
  const [dynamo, slack, secrets] = await Promise.all([
    startDynamoDbLocal(),
    startSlackWebApi({ tokens: [BOT_TOKEN], ...options.slack }),
    startSecretsManager(tokens),
  ]);
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_REGION: config.account.homeRegion,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    SLACK_API_URL: slack.url,
    TABLE_NAME: tableName,
    HERALD_ACCOUNT_ID: TEST_ACCOUNT,
    SECRETS_REGION: config.account.homeRegion,
    // The rest of what the forwarder's environment contract requires at init (lambdas/forwarder/environment.ts).
    HERALD_USER_DATA_RETENTION_DAYS: String(config.account.userDataRetentionDays),
    POWERTOOLS_SERVICE_NAME: "herald-test",
    POWERTOOLS_METRICS_DISABLED: "true",
  });
  const topicArn = (name: string, region = config.account.homeRegion) => heraldTopicArn(name, region, TEST_ACCOUNT);
  for (const region of config.account.regions) {
    await createHeraldTable(dynamo.client(region), tableName);
    const doc = createDocumentClient(region);
    await createChannelConfigs(storeContext(doc, tableName)).sync(channelConfigRecords(config, (name) => topicArn(name, region)));
    doc.destroy();
  }
  return {
    config,
    dynamo,
    slack: slack.api,
    tableName,
    topicArn,
    async stop() {
      await Promise.all([dynamo.stop(), slack.close(), secrets.close()]);
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    },
  };
}
