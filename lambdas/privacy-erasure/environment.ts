import { accountVariables, type DeploymentValues, METRICS_NAMESPACE, slackVariables, tableVariables, telemetryVariables } from "../shared/runtime/common-variables";
import { defineEnvironment, integer, list, pairs, text } from "../shared/runtime/environment";

/** The privacy erasure function's environment: declared once, built by CDK and the local runtime, read at init. */
export const privacyErasureEnvironment = defineEnvironment({
  ...tableVariables,
  ...accountVariables,
  ...slackVariables,
  ...telemetryVariables,
  /** Every Region's table has this name; the fan-out reaches each of them. */
  HERALD_REGIONS: list.required(),
  HOME_REGION: text.required(),
  /** An erasure not done after this many minutes is overdue (alarm). */
  ERASURE_ALARM_MINUTES: integer(1, 10_080).required(),
  /** The tables' point-in-time recovery window: receipts say when the last restorable copy of erased data ages out. */
  HERALD_RECOVERY_WINDOW_DAYS: integer(1, 35).required(),
  /** The admin's notice: each workspace's bot token secret, `teamId:secretName`. */
  SLACK_BOT_TOKEN_SECRET_NAMES: pairs.required(),
  /** Set by Lambda: continuations invoke the function itself. */
  AWS_LAMBDA_FUNCTION_NAME: text.setByLambda(),
});

export const PRIVACY_ERASURE_SERVICE_NAME = "herald-privacy-erasure";

export function privacyErasureVariables(deployment: DeploymentValues): Record<string, string> {
  const { config } = deployment;
  return privacyErasureEnvironment.build({
    TABLE_NAME: deployment.tableName,
    HERALD_ACCOUNT_ID: deployment.accountId,
    SECRETS_REGION: config.account.homeRegion,
    SLACK_API_URL: deployment.slackApiUrl,
    POWERTOOLS_SERVICE_NAME: PRIVACY_ERASURE_SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    HERALD_REGIONS: config.account.regions,
    HOME_REGION: config.account.homeRegion,
    ERASURE_ALARM_MINUTES: config.account.erasureAlarmMinutes,
    HERALD_RECOVERY_WINDOW_DAYS: config.account.recoveryWindowDays,
    SLACK_BOT_TOKEN_SECRET_NAMES: new Map(config.workspaces.map((workspace) => [workspace.teamId, workspace.botTokenSecretName])),
  });
}
