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
}

export const PATHS = {
  sns: "/aws/sns",
  secretsManager: "/aws/secretsmanager",
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
  };
}

export const ENDPOINT_LABELS: Record<keyof Endpoints, string> = {
  page: "Page",
  state: "State (JSON)",
  sns: "SNS Publish",
  slackCommands: "Slack commands",
  slackEvents: "Slack events",
  slackInteractions: "Slack interactions",
  slackWebApi: "Slack Web API sink",
  secretsManager: "Secrets Manager",
};
