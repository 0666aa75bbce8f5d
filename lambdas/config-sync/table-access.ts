import { CHANNEL_CONFIG_SYNC_TABLE_ACTIONS } from "../shared/store/channel-configs";
import { type TableAction, tableActions } from "../shared/store/table-actions";

/** What the config-sync custom resource does to the table (channel configurations); lib/constructs/channel-config-sync.ts grants exactly this. */
export const CONFIG_SYNC_TABLE_ACTIONS: readonly TableAction[] = tableActions(CHANNEL_CONFIG_SYNC_TABLE_ACTIONS);
