import { tableVariables } from "../shared/runtime/common-variables";
import { defineEnvironment } from "../shared/runtime/environment";

/** The config-sync custom resource's environment (read per request: an init failure would leave CloudFormation waiting). */
export const configSyncEnvironment = defineEnvironment({ ...tableVariables });

export function configSyncVariables(deployment: { readonly tableName: string }): Record<string, string> {
  return configSyncEnvironment.build({ TABLE_NAME: deployment.tableName });
}
