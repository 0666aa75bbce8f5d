/** Every URL the runtime serves, derived from its base URL: one list for the ready message, the page and `herald status`. */
export interface Endpoints {
  readonly page: string;
  readonly state: string;
  readonly sns: string;
  readonly slackCommands: string;
  readonly slackEvents: string;
  readonly slackInteractions: string;
  readonly slackWebApi: string;
  readonly secretsManager: string;
  readonly lambda: string;
  readonly sts: string;
  readonly iam: string;
  /** Amazon Bedrock Runtime's Converse, played by a deterministic stand-in (local/stand-ins/bedrock-runtime.ts). */
  readonly bedrockRuntime: string;
  /** Base (ends in `/`) of the "not available locally" answer for AWS services that do not run here. */
  readonly unavailableService: string;
}

export const PATHS = {
  sns: "/aws/sns",
  secretsManager: "/aws/secretsmanager",
  lambda: "/aws/lambda",
  sts: "/aws/sts",
  iam: "/aws/iam",
  bedrockRuntime: "/aws/bedrock-runtime",
  unavailableService: "/aws/unavailable/",
  slackWebApi: "/slack-api/",
  slackCommands: "/slack/commands",
  slackEvents: "/slack/events",
  slackInteractions: "/slack/interactions",
  responseUrl: "/slack/response-url/",
  state: "/api/state",
} as const;

export function endpointsFor(baseUrl: string): Endpoints {
  return {
    page: `${baseUrl}/`,
    state: `${baseUrl}${PATHS.state}`,
    sns: `${baseUrl}${PATHS.sns}`,
    slackCommands: `${baseUrl}${PATHS.slackCommands}`,
    slackEvents: `${baseUrl}${PATHS.slackEvents}`,
    slackInteractions: `${baseUrl}${PATHS.slackInteractions}`,
    slackWebApi: `${baseUrl}${PATHS.slackWebApi}`,
    secretsManager: `${baseUrl}${PATHS.secretsManager}`,
    lambda: `${baseUrl}${PATHS.lambda}`,
    sts: `${baseUrl}${PATHS.sts}`,
    iam: `${baseUrl}${PATHS.iam}`,
    bedrockRuntime: `${baseUrl}${PATHS.bedrockRuntime}`,
    unavailableService: `${baseUrl}${PATHS.unavailableService}`,
  };
}

/** The endpoints a person may call, with their labels (the unavailable-service answer is the functions' alone). */
export const ENDPOINT_LABELS: Partial<Record<keyof Endpoints, string>> = {
  page: "Page",
  state: "State (JSON)",
  sns: "SNS Publish",
  slackCommands: "Slack commands",
  slackEvents: "Slack events",
  slackInteractions: "Slack interactions",
  slackWebApi: "Slack Web API sink",
  secretsManager: "Secrets Manager",
  lambda: "Lambda Invoke",
  sts: "STS (stand-in)",
  iam: "IAM (stand-in)",
  bedrockRuntime: "Bedrock (stand-in)",
};

/** [key, label] for every labelled endpoint, in order. */
export function labelledEndpoints(): Array<[keyof Endpoints, string]> {
  return Object.entries(ENDPOINT_LABELS) as Array<[keyof Endpoints, string]>;
}
