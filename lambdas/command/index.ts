import { Logger } from "@aws-lambda-powertools/logger";
import { LambdaClient } from "@aws-sdk/client-lambda";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { createAwsClient, createDocumentClient } from "../shared/aws/clients";
import { createSecretReader } from "../shared/aws/secrets";
import { auditCommand } from "../shared/commands/audit";
import { helpText, parseCommand } from "../shared/commands/grammar";
import { createCommandUserData } from "../shared/commands/command-user-data";
import { invalidCommandNotice } from "../shared/commands/messages";
import { createServiceRegistry } from "../shared/commands/registry";
import { renderHelp } from "../shared/commands/results";
import { createSlackEventDedupe } from "../shared/commands/stores/slack-events";
import { withUsualCommands } from "../shared/commands/usual-commands";
import { getOptionalStringFromEnv, getStringFromEnv } from "../shared/env";
import { apiGatewayResult, httpRequestFromApiGateway } from "./api-gateway";
import { createLambdaDispatcher } from "./dispatch";
import { createSlackEndpoint } from "./slack-endpoint";

// Built once per cold start; the environment is validated here so a misconfiguration fails loudly.
const tableName = getStringFromEnv("TABLE_NAME");
const accountId = getStringFromEnv("HERALD_ACCOUNT_ID");
const signingSecretNames = getStringFromEnv("SLACK_SIGNING_SECRET_NAMES").split(",").map((name) => name.trim()).filter(Boolean);
const workerFunction = getStringFromEnv("COMMAND_WORKER_FUNCTION");
const logger = new Logger({ serviceName: "herald-command" });
const readSecret = createSecretReader({ region: getOptionalStringFromEnv("SECRETS_REGION") });
const registry = createServiceRegistry();
const doc = createDocumentClient();
const events = createSlackEventDedupe(doc, { tableName });
// Reads only: help and invalid commands are answered here with the channel's usual commands (while sharing is on).
const history = createCommandUserData({ doc, tableName, accountId, onError: (what, error) => logger.warn(what, { error: (error as Error)?.name }) });

const endpoint = createSlackEndpoint({
  signingSecrets: () => Promise.all(signingSecretNames.map(readSecret)),
  quickAnswer: async (text, caller) => {
    const request = await parseCommand(text, registry);
    let answer;
    if (request.kind === "help") answer = renderHelp(await helpText(registry, request.service, request.operation));
    else if (request.kind === "invalid") answer = invalidCommandNotice(request);
    else return undefined;
    return withUsualCommands(answer, request, text, caller, { usualCommands: history.usualCommands, serviceNames: () => registry.serviceNames() });
  },
  dispatch: createLambdaDispatcher(createAwsClient(LambdaClient, {}), workerFunction),
  firstDelivery: (eventId) => events.firstDelivery(eventId),
  audit: (entry) => auditCommand(entry),
  log: { warn: (message, details) => logger.warn(message, details), error: (message, details) => logger.error(message, details) },
});

/** API Gateway (POST /slack/commands, /slack/events, /slack/interactions) → Slack's answer within 3 s. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return apiGatewayResult(await endpoint(httpRequestFromApiGateway(event)));
}
