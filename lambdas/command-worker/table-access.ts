import { ALIASES_TABLE_ACTIONS } from "../shared/store/aliases";
import { CONFIRMATIONS_TABLE_ACTIONS } from "../shared/store/confirmations";
import { ON_CALL_TABLE_ACTIONS } from "../shared/store/on-call";
import { type TableAction, tableActions } from "../shared/store/table-actions";
import { USER_DATA_TABLE_ACTIONS } from "../shared/store/user-data";

/**
 * What the command worker does to the home table: the union of the repositories it uses;
 * lib/constructs/command-api.ts grants exactly this.
 */
export const COMMAND_WORKER_TABLE_ACTIONS: readonly TableAction[] = tableActions(
  ALIASES_TABLE_ACTIONS,
  CONFIRMATIONS_TABLE_ACTIONS,
  ON_CALL_TABLE_ACTIONS,
  // The channel configurations (store/channel-configs.ts: Query) and the privacy record, user data
  // and suggestions (lambdas/shared/privacy: Get, Put, Update, Query, ConditionCheck in the
  // "only while sharing is on" transaction) belong to other repositories that export no list yet.
  ["dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"],
);

/**
 * What the worker does to the other Regions' tables: an alarm's on-call state (store/on-call.ts)
 * and who acted, as that Region's user data (the privacy record read, then the conditional write).
 */
export const COMMAND_WORKER_REMOTE_TABLE_ACTIONS: readonly TableAction[] = tableActions(ON_CALL_TABLE_ACTIONS, USER_DATA_TABLE_ACTIONS, ["dynamodb:GetItem"]);
