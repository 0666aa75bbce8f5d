import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";

/**
 * The one place a failed DynamoDB condition is recognised. A condition that does not hold is an
 * answer (the item exists, the lease is taken, sharing is off), not an error: repositories turn it
 * into a result with `unlessConditionFails`, and let every other error through.
 */

/** True for a failed ConditionExpression, alone or as item `index` (any item when omitted) of a cancelled transaction. */
export function isConditionFailure(error: unknown, index?: number): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof TransactionCanceledException) {
    const reasons = error.CancellationReasons ?? [];
    return index === undefined ? reasons.some((reason) => reason?.Code === "ConditionalCheckFailed") : reasons[index]?.Code === "ConditionalCheckFailed";
  }
  return false;
}

/** Runs a conditional write: true when it was applied, false when its condition did not hold. */
export async function unlessConditionFails(write: () => Promise<unknown>, index?: number): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error, index)) return false;
    throw error;
  }
}

/** True for a transaction DynamoDB cancelled because another one touched one of its items at the same moment. */
export function isTransactionConflict(error: unknown): boolean {
  return error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason?.Code === "TransactionConflict");
}

/**
 * Runs a transaction whose condition guards a read-then-write: true when applied, false when its
 * condition failed or a concurrent transaction got in the way (either way: read again, decide again).
 */
export async function unlessRaced(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) return false;
    throw error;
  }
}
