import type { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import type { CommandAuditEntry } from "../shared/commands/audit";
import { createCommandIntake } from "../shared/commands/command-intake";
import type { DispatchCommandJob } from "../shared/commands/job";
import type { QuickAnswer } from "../shared/commands/quick-answer";
import { createSlackInboundEndpoint } from "../shared/slack/inbound-endpoint";
import type { SignedRequests } from "../shared/store/signed-requests";
import type { SlackEvents } from "../shared/store/slack-events";
import { apiGatewayResult, httpRequestFromApiGateway } from "./api-gateway";

/** What the command function needs from the outside, built once per cold start (index.ts) or by a test. */
export interface CommandPorts {
  /** Each workspace's signing secret, by team id (read from Secrets Manager, cached). */
  readonly signingSecrets: () => Promise<ReadonlyMap<string, string>>;
  readonly signedRequests: SignedRequests;
  readonly slackEvents: SlackEvents;
  readonly quickAnswer: QuickAnswer;
  /** Hands a job to the worker (Lambda asynchronous invoke). */
  readonly dispatch: DispatchCommandJob;
  readonly audit: (entry: CommandAuditEntry) => void;
  readonly logger: Pick<Logger, "warn" | "error">;
  readonly now?: () => number;
}

/** API Gateway (POST /slack/commands, /slack/events, /slack/interactions) → Slack's answer within 3 s. */
export function createCommandHandler(ports: CommandPorts): (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult> {
  const endpoint = createSlackInboundEndpoint({
    signingSecrets: ports.signingSecrets,
    firstUse: (digest, keepSeconds) => ports.signedRequests.firstUse(digest, keepSeconds),
    firstDelivery: (eventId) => ports.slackEvents.firstDelivery(eventId),
    commands: createCommandIntake({ quickAnswer: ports.quickAnswer, dispatch: ports.dispatch, audit: ports.audit, now: ports.now }),
    log: { warn: (message, details) => ports.logger.warn(message, details), error: (message, details) => ports.logger.error(message, details) },
    now: ports.now,
  });
  // The Lambda context reaches the logs through lambdaHandler (index.ts); the answer needs nothing else from it.
  return async (event, _context) => apiGatewayResult(await endpoint(httpRequestFromApiGateway(event)));
}
