/**
 * What the Slack command API promises the outside: its routes, its stage, how bodies reach the
 * function, and the stack outputs that carry its Request URLs. No CDK imports: the manifest script
 * (scripts/slack-manifest.ts) and the local runtime can load this module alone.
 */

/** The API's routes; the command function routes with this same table on `event.resource` (lambdas/shared/slack/inbound-endpoint.ts). */
export const SLACK_ROUTES = {
  commands: "/slack/commands",
  events: "/slack/events",
  interactions: "/slack/interactions",
} as const;

export type SlackEndpoint = keyof typeof SLACK_ROUTES;

/** The API's one stage; without a custom domain it is part of every URL (`…/herald/slack/commands`). */
export const COMMAND_API_STAGE = "herald";

/**
 * Every request body reaches the function base64-encoded (`isBase64Encoded: true`): the HMAC
 * signature is computed over the raw bytes, which API Gateway would otherwise decode as text.
 */
export const COMMAND_API_BINARY_MEDIA_TYPES: readonly string[] = ["*/*"];

/** Output ids of the home Region's stack: the full Request URL of each endpoint. */
export const SLACK_URL_OUTPUTS: Readonly<Record<SlackEndpoint, string>> = {
  commands: "SlackCommandsUrl",
  events: "SlackEventsUrl",
  interactions: "SlackInteractionsUrl",
};

export const COMMAND_API_ID_OUTPUT = "CommandApiId";
