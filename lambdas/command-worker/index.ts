import { Logger } from "@aws-lambda-powertools/logger";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import { createAwsClient, createDocumentClient } from "../shared/aws/clients";
import { createSecretReader } from "../shared/aws/secrets";
import { auditCommand } from "../shared/commands/audit";
import { Catalogue } from "../shared/commands/catalogue/catalogue";
import { createIamGuardrailPolicySource } from "../shared/commands/authorization/policy-documents";
import { createCatalogueNames } from "../shared/commands/catalogue-names";
import { createCommandUserData } from "../shared/commands/command-user-data";
import { createPrivacyCommands } from "../shared/commands/privacy-commands";
import { createRoleSessions } from "../shared/commands/role-sessions";
import { partitionFromRegion } from "../shared/notifications/console-links";
import { lambdaHandler } from "../shared/runtime/lambda-handler";
import { createOnCallRegions } from "../shared/oncall/regions";
import { createSlackOnCallChat } from "../shared/slack/on-call-chat";
import { createSlackReplier } from "../shared/slack/replies";
import { slackApiUrl } from "../shared/slack/web-client";
import { createHeraldStore } from "../shared/store";
import { createAskPorts } from "./ask-ports";
import { COMMAND_WORKER_SERVICE_NAME, commandWorkerEnvironment } from "./environment";
import { createCommandWorkerHandler } from "./handler";

// Wiring only: every port is built once per cold start; a wrong environment fails here, by name.
const env = commandWorkerEnvironment.read();
const logger = new Logger({ serviceName: COMMAND_WORKER_SERVICE_NAME });
const doc = createDocumentClient();
const store = createHeraldStore(doc, env.TABLE_NAME, { reservedAliasNames: createCatalogueNames().serviceNames() });
const accountId = env.HERALD_ACCOUNT_ID;
const catalogue = new Catalogue();
const readSecret = createSecretReader({ region: env.SECRETS_REGION });

export const handler = lambdaHandler({ logger }, createCommandWorkerHandler({
  logger,
  configs: store.channelConfigs,
  aliases: store.aliases,
  confirmations: store.confirmations,
  guardrails: createIamGuardrailPolicySource(createAwsClient(IAMClient, {})),
  roleSessions: createRoleSessions({ sts: createAwsClient(STSClient, {}) }),
  // The local runtime's response URLs live next to its Slack stand-in; in AWS only hooks.slack.com is accepted.
  chat: createSlackReplier({ readSecret, extraResponseOrigin: env.SLACK_API_URL }),
  privacy: createPrivacyCommands({ doc, tableName: env.TABLE_NAME, accountId, admins: env.HERALD_ADMINS }),
  userData: createCommandUserData({
    doc, tableName: env.TABLE_NAME, accountId, retentionDays: env.HERALD_USER_DATA_RETENTION_DAYS,
    onError: (what, error) => logger.warn(what, { error: (error as Error)?.name }),
  }),
  audit: auditCommand,
  onCall: {
    regions: createOnCallRegions({
      homeRegion: env.AWS_REGION, regions: env.HERALD_REGIONS ?? [env.AWS_REGION], tableName: env.TABLE_NAME, accountId, retentionDays: env.HERALD_USER_DATA_RETENTION_DAYS,
      docFor: (region) => (region === env.AWS_REGION ? doc : createDocumentClient(region)),
    }),
    chat: createSlackOnCallChat({ readSecret, apiUrl: slackApiUrl({ SLACK_API_URL: env.SLACK_API_URL }) }),
    admins: env.HERALD_ADMINS,
    accountId,
  },
  catalogue,
  now: Date.now,
  ask: createAskPorts({ raw: env.HERALD_ASK, catalogue, doc, tableName: env.TABLE_NAME, accountId, retentionDays: env.HERALD_USER_DATA_RETENTION_DAYS, readSecret }),
}, {
  scope: { partition: partitionFromRegion(env.AWS_REGION), accountId, defaultRegion: env.AWS_REGION },
  heraldResourcePatterns: env.HERALD_PROTECTED_ARNS ?? [],
}));
