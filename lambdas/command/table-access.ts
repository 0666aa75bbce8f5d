import { type TableAction, tableActions } from "../shared/store/table-actions";

/** What the command function does to the home table (the repositories it uses); lib/constructs/command-api.ts grants exactly this. */
// Until each repository exports its own list, the union as it stood when it was kept in lib/.
export const COMMAND_TABLE_ACTIONS: readonly TableAction[] = tableActions(["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query"]);
