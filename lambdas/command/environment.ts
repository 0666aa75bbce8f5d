import { accountVariables, type DeploymentValues, slackVariables, tableVariables, telemetryVariables } from "../shared/runtime/common-variables";
import { defineEnvironment, pairs, text } from "../shared/runtime/environment";

/** The command function's environment: declared once, built by CDK and the local runtime, read at init. */
export const commandEnvironment = defineEnvironment({
  ...tableVariables,
  ...accountVariables,
  ...slackVariables,
  ...telemetryVariables,
  /**
   * Each workspace's signing secret, `teamId:secretName` (names, never values): a request must be
   * signed by the secret of the workspace it names.
   */
  SLACK_SIGNING_SECRET_NAMES: pairs.required(),
  /** The worker the command function hands AWS calls to (asynchronous invoke). */
  COMMAND_WORKER_FUNCTION: text.required(),
});

export const COMMAND_SERVICE_NAME = "herald-command";

export function commandVariables(deployment: DeploymentValues & { readonly workerFunctionName: string }): Record<string, string> {
  const { config } = deployment;
  return commandEnvironment.build({
    TABLE_NAME: deployment.tableName,
    // Whose privacy record decides whether the channel's own commands may be suggested.
    HERALD_ACCOUNT_ID: deployment.accountId,
    SECRETS_REGION: config.account.homeRegion,
    SLACK_API_URL: deployment.slackApiUrl,
    POWERTOOLS_SERVICE_NAME: COMMAND_SERVICE_NAME,
    SLACK_SIGNING_SECRET_NAMES: new Map(config.workspaces.map((workspace) => [workspace.teamId, workspace.signingSecretName])),
    COMMAND_WORKER_FUNCTION: deployment.workerFunctionName,
  });
}
