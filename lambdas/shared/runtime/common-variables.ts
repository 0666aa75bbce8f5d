import type { HeraldConfig } from "../config/schema";
import { integer, text } from "./environment";

/**
 * Variables several functions share, declared once so every function spells and checks them alike.
 * A function's own `environment.ts` spreads the ones it uses into its contract.
 */
export const tableVariables = {
  /** The Region's Herald table (lambdas/shared/store). */
  TABLE_NAME: text.required(),
} as const;

export const accountVariables = {
  /** Whose privacy record governs the user data this function writes or reads. */
  HERALD_ACCOUNT_ID: text.required(),
} as const;

export const userDataVariables = {
  /** How long kept user data lives (days, TTL). */
  HERALD_USER_DATA_RETENTION_DAYS: integer(1, 3653).required(),
} as const;

export const slackVariables = {
  /** The Region holding the Slack secrets (the home Region). */
  SECRETS_REGION: text.required(),
  /** Slack's Web API base URL; Slack's own when unset (lambdas/shared/slack/web-client.ts). */
  SLACK_API_URL: text.optional(),
} as const;

export const telemetryVariables = {
  POWERTOOLS_SERVICE_NAME: text.required(),
  POWERTOOLS_METRICS_NAMESPACE: text.optional(),
} as const;

/** Herald's metrics namespace, unless POWERTOOLS_METRICS_NAMESPACE says otherwise. */
export const METRICS_NAMESPACE = "Herald";

/** What every function's builder takes from the deployment besides the config. */
export interface DeploymentValues {
  readonly config: HeraldConfig;
  /** The table's name in this Region (a CDK token in a synth). */
  readonly tableName: string;
  /** The AWS account (a CDK token in a synth). */
  readonly accountId: string;
  /** Slack's Web API base URL, when not Slack's own (the local runtime's stand-in). */
  readonly slackApiUrl?: string;
}
