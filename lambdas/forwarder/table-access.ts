import { type TableAction, tableActions } from "../shared/store/table-actions";

/**
 * What the forwarder does to its Region's table: the union of the repositories it uses
 * (lambdas/shared/store). lib/constructs/forwarder.ts grants exactly this.
 */
// Until each repository exports its own list, the union as it stood when it was kept in lib/.
export const FORWARDER_TABLE_ACTIONS: readonly TableAction[] = tableActions(["dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"]);
