import { accountVariables, type DeploymentValues, METRICS_NAMESPACE, slackVariables, tableVariables, telemetryVariables, userDataVariables } from "../shared/runtime/common-variables";
import { defineEnvironment } from "../shared/runtime/environment";

/** The forwarder's environment: declared once, built by CDK and the local runtime, read at init. */
export const forwarderEnvironment = defineEnvironment({
  ...tableVariables,
  ...accountVariables,
  ...userDataVariables,
  ...slackVariables,
  ...telemetryVariables,
});

export const FORWARDER_SERVICE_NAME = "herald-forwarder";

export function forwarderVariables(deployment: DeploymentValues): Record<string, string> {
  const { config } = deployment;
  return forwarderEnvironment.build({
    TABLE_NAME: deployment.tableName,
    HERALD_ACCOUNT_ID: deployment.accountId,
    HERALD_USER_DATA_RETENTION_DAYS: config.account.userDataRetentionDays,
    // The Slack secrets live in the home Region only.
    SECRETS_REGION: config.account.homeRegion,
    SLACK_API_URL: deployment.slackApiUrl,
    POWERTOOLS_SERVICE_NAME: FORWARDER_SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  });
}
