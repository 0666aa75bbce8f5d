/**
 * Every repository exports the DynamoDB actions its calls need (`<NAME>_TABLE_ACTIONS`, next to
 * the calls); a function's `table-access.ts` unions the ones of the repositories it uses, and the
 * CDK grants exactly that union (lib/constructs). A new call cannot ship without its permission:
 * the integration tests would pass, but test/cdk/iam.test.ts compares grants to these lists.
 */
export type TableAction =
  | "dynamodb:GetItem"
  | "dynamodb:PutItem"
  | "dynamodb:UpdateItem"
  | "dynamodb:DeleteItem"
  | "dynamodb:Query"
  | "dynamodb:Scan"
  | "dynamodb:BatchWriteItem"
  | "dynamodb:BatchGetItem"
  | "dynamodb:ConditionCheckItem"
  | "dynamodb:DescribeTable";

/** The union of repositories' actions, each once, sorted (stable templates). */
export function tableActions(...lists: readonly (readonly TableAction[])[]): TableAction[] {
  return [...new Set(lists.flat())].sort();
}
