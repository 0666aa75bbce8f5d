import { createDocumentClient } from "../shared/aws/clients";
import { getStringFromEnv } from "../shared/env";
import { syncChannelConfigs } from "../shared/store/channel-configs";
import { createConfigSyncHandler } from "./handler";

const doc = createDocumentClient();

/**
 * CloudFormation custom resource handler. TABLE_NAME is read per request rather than at init:
 * an init failure would leave CloudFormation waiting instead of receiving a FAILED response.
 */
export const handler = createConfigSyncHandler({
  sync: (records) => syncChannelConfigs(doc, getStringFromEnv("TABLE_NAME"), records),
});
