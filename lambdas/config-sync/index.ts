import { createDocumentClient } from "../shared/aws/clients";
import { createChannelConfigs } from "../shared/store/channel-configs";
import { storeContext } from "../shared/store/index";
import { configSyncEnvironment } from "./environment";
import { createConfigSyncHandler } from "./handler";

const doc = createDocumentClient();

/**
 * CloudFormation custom resource handler. The environment is read per request rather than at init:
 * an init failure would leave CloudFormation waiting instead of receiving a FAILED response.
 */
export const handler = createConfigSyncHandler({
  sync: (records) => createChannelConfigs(storeContext(doc, configSyncEnvironment.read().TABLE_NAME)).sync(records),
});
