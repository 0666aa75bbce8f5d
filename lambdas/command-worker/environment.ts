import { accountVariables, type DeploymentValues, slackVariables, tableVariables, telemetryVariables, userDataVariables } from "../shared/runtime/common-variables";
import { defineEnvironment, list, text } from "../shared/runtime/environment";

/** The command worker's environment: declared once, built by CDK and the local runtime, read at init. */
export const commandWorkerEnvironment = defineEnvironment({
  ...tableVariables,
  ...accountVariables,
  ...userDataVariables,
  ...slackVariables,
  ...telemetryVariables,
  /** Set by Lambda: the function's own Region (the default Region of a command). */
  AWS_REGION: text.setByLambda(),
  /** Who may change "Share user data" (Slack user ids). */
  HERALD_ADMINS: list.required(),
  /** Herald's own resources (exact ARNs or `*`/`?` patterns) that no command may touch. */
  HERALD_PROTECTED_ARNS: list.optional(),
  /** Every configured Region: an alarm's on-call state is kept in the table of the Region that forwarded it. Unset: this Region only. */
  HERALD_REGIONS: list.optional(),
  /** The config's `ask` section as JSON, its Region filled in (lambdas/shared/config/ask.ts); absent: asking is off. */
  HERALD_ASK: text.optional(),
});

export const COMMAND_WORKER_SERVICE_NAME = "herald-command-worker";

export function commandWorkerVariables(deployment: DeploymentValues & { readonly protectedArns: readonly string[] }): Record<string, string> {
  const { config } = deployment;
  return commandWorkerEnvironment.build({
    TABLE_NAME: deployment.tableName,
    HERALD_ACCOUNT_ID: deployment.accountId,
    HERALD_USER_DATA_RETENTION_DAYS: config.account.userDataRetentionDays,
    SECRETS_REGION: config.account.homeRegion,
    SLACK_API_URL: deployment.slackApiUrl,
    POWERTOOLS_SERVICE_NAME: COMMAND_WORKER_SERVICE_NAME,
    HERALD_ADMINS: config.account.admins,
    HERALD_PROTECTED_ARNS: deployment.protectedArns,
    HERALD_REGIONS: config.account.regions,
    HERALD_ASK: config.ask === undefined ? undefined : JSON.stringify({ ...config.ask, region: config.ask.region ?? config.account.homeRegion }),
  });
}
