import { Logger } from "@aws-lambda-powertools/logger";
import { LambdaClient } from "@aws-sdk/client-lambda";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { createAwsClient, createDocumentClient } from "../shared/aws/clients";
import { createSecretReader } from "../shared/aws/secrets";
import { auditCommand } from "../shared/commands/audit";
import { helpText, parseCommand } from "../shared/commands/grammar";
import { commandNotice, inlineCode } from "../shared/commands/messages";
import { createServiceRegistry } from "../shared/commands/registry";
import { renderHelp } from "../shared/commands/results";
import { createSlackEventDedupe } from "../shared/commands/stores/slack-events";
import { getOptionalStringFromEnv, getStringFromEnv } from "../shared/env";
import { apiGatewayResult, httpRequestFromApiGateway } from "./api-gateway";
import { createLambdaDispatcher } from "./dispatch";
import { createSlackEndpoint } from "./slack-endpoint";

// Built once per cold start; the environment is validated here so a misconfiguration fails loudly.
const tableName = getStringFromEnv("TABLE_NAME");
const signingSecretNames = getStringFromEnv("SLACK_SIGNING_SECRET_NAMES").split(",").map((name) => name.trim()).filter(Boolean);
const workerFunction = getStringFromEnv("COMMAND_WORKER_FUNCTION");
const logger = new Logger({ serviceName: "herald-command" });
const readSecret = createSecretReader({ region: getOptionalStringFromEnv("SECRETS_REGION") });
const registry = createServiceRegistry();
const events = createSlackEventDedupe(createDocumentClient(), { tableName });

const endpoint = createSlackEndpoint({
  signingSecrets: () => Promise.all(signingSecretNames.map(readSecret)),
  quickAnswer: async (text) => {
    const request = await parseCommand(text, registry);
    if (request.kind === "help") return renderHelp(await helpText(registry, request.service, request.operation));
    if (request.kind === "invalid") {
      return commandNotice("Not a command Herald knows", `${request.message}${request.suggestion ? `\nDid you mean ${inlineCode(request.suggestion)}?` : ""}`, "low");
    }
    return undefined;
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
