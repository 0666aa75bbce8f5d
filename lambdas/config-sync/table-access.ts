import { type TableAction, tableActions } from "../shared/store/table-actions";

/** What the config-sync custom resource does to the table (channel configurations); lib/constructs/channel-config-sync.ts grants exactly this. */
// Until the repository exports its own list, the union as it stood when it was kept in lib/.
export const CONFIG_SYNC_TABLE_ACTIONS: readonly TableAction[] = tableActions(["dynamodb:Scan", "dynamodb:BatchWriteItem"]);
