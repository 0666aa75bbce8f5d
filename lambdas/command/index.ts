import { Logger } from "@aws-lambda-powertools/logger";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { createAwsClient, createDocumentClient } from "../shared/aws/clients";
import { createSecretReader } from "../shared/aws/secrets";
import { auditCommand } from "../shared/commands/audit";
import { createCommandUserData } from "../shared/commands/command-user-data";
import { createQuickAnswer } from "../shared/commands/quick-answer";
import { createCatalogueNames } from "../shared/commands/catalogue-names";
import { lambdaHandler } from "../shared/runtime/lambda-handler";
import { createHeraldStore } from "../shared/store";
import { createLambdaDispatcher } from "./dispatch";
import { commandEnvironment } from "./environment";
import { createCommandHandler } from "./handler";

// Built once per cold start; a missing or malformed variable fails here, naming it.
const env = commandEnvironment.read();
const logger = new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME });
const readSecret = createSecretReader({ region: env.SECRETS_REGION });
const doc = createDocumentClient();
const store = createHeraldStore(doc, env.TABLE_NAME);
// Reads only: help and invalid commands are answered here with the channel's usual commands (while sharing is on).
const history = createCommandUserData({ doc, tableName: env.TABLE_NAME, accountId: env.HERALD_ACCOUNT_ID, onError: (what, error) => logger.warn(what, { error: (error as Error)?.name }) });
const secretNames = [...env.SLACK_SIGNING_SECRET_NAMES];

export const handler = lambdaHandler({ logger }, createCommandHandler({
  signingSecrets: async () => new Map(await Promise.all(secretNames.map(async ([teamId, name]) => [teamId, await readSecret(name)] as const))),
  signedRequests: store.signedRequests,
  slackEvents: store.slackEvents,
  quickAnswer: createQuickAnswer({ registry: createCatalogueNames(), usualCommands: history.usualCommands }),
  dispatch: createLambdaDispatcher(createAwsClient(LambdaClient, {}), env.COMMAND_WORKER_FUNCTION),
  audit: (entry) => auditCommand(entry),
  logger,
}));
