import { CHANNEL_CONFIGS_TABLE_ACTIONS } from "../shared/store/channel-configs";
import { DRAIN_LEASES_TABLE_ACTIONS } from "../shared/store/drain-leases";
import { OUTBOX_TABLE_ACTIONS } from "../shared/store/outbox";
import { ON_CALL_TABLE_ACTIONS } from "../shared/store/on-call";
import { type TableAction, tableActions } from "../shared/store/table-actions";
import { THREAD_ANCHORS_TABLE_ACTIONS } from "../shared/store/thread-anchors";

/**
 * Keeping a notification as user data (lambdas/shared/privacy: a Put on condition of the privacy
 * record, in one transaction, after reading it). Stated here until the privacy store exports its own list.
 */
const KEEP_NOTIFICATION_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"];

/**
 * What the forwarder does to its Region's table: the union of the repositories it uses
 * (lambdas/shared/store). lib/constructs/forwarder.ts grants exactly this.
 */
export const FORWARDER_TABLE_ACTIONS: readonly TableAction[] = tableActions(
  CHANNEL_CONFIGS_TABLE_ACTIONS,
  OUTBOX_TABLE_ACTIONS,
  DRAIN_LEASES_TABLE_ACTIONS,
  THREAD_ANCHORS_TABLE_ACTIONS,
  ON_CALL_TABLE_ACTIONS,
  KEEP_NOTIFICATION_TABLE_ACTIONS,
);
