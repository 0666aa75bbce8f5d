import { type TableAction, tableActions } from "../shared/store/table-actions";

/** What the erasure function does to the home table (requests, receipts, its privacy copy, user data); lib/constructs/privacy-erasure.ts grants exactly this. */
// Until each repository exports its own list, the union as it stood when it was kept in lib/.
export const ERASURE_HOME_TABLE_ACTIONS: readonly TableAction[] = tableActions(["dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:UpdateItem", "dynamodb:PutItem", "dynamodb:GetItem"]);
/** …and to every other Region's table: bring its privacy copy up to date, find and delete user data. */
export const ERASURE_REMOTE_TABLE_ACTIONS: readonly TableAction[] = tableActions(["dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:UpdateItem"]);
