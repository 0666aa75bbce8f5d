import { BATCH_DELETE_TABLE_ACTIONS, deleteKeys, type ItemKey, putItems } from "./batch-delete";
import { deliveryItem } from "./deliveries";
import type { StoreContext } from "./context";
import { DRAIN_PARTITION, keys } from "./keys";
import { queryAll } from "./pages";
import { type TableAction, tableActions } from "./table-actions";

/**
 * The opt-out's reach into the forwarder's outboxes (store/outbox.ts): every channel that ever had
 * a backlog has a lease item in the DRAIN partition, so the erasure lists the channels, reads
 * their waiting notifications (which hold rendered text), and erases the ones it must
 * (privacy/region-erasure.ts decides which). An erased item's delivery record is settled as failed
 * (`erased-by-opt-out`), so a redelivered SNS message stays a duplicate and the record says why.
 */

export const WAITING_OUTBOX_TABLE_ACTIONS: readonly TableAction[] = tableActions(["dynamodb:Query"], BATCH_DELETE_TABLE_ACTIONS);

/** The delivery record's error code for a notification the opt-out erased before it was posted. */
export const ERASED_BY_OPT_OUT = "erased-by-opt-out";

/** A channel with a drainer, as its lease item shows it. */
export interface DrainedChannel {
  readonly teamId: string;
  readonly channelId: string;
  /** Failed posts in a row (the drainer's error streak): above 0, the platform is not accepting posts there now. */
  readonly failures: number;
}

/** A notification waiting in a channel's outbox (its key and when it was queued; never its text). */
export interface WaitingItem {
  readonly key: ItemKey;
  readonly teamId: string;
  readonly channelId: string;
  readonly messageId: string;
  /** Epoch ms. */
  readonly enqueuedAt: number;
}

export function createWaitingOutbox(context: StoreContext) {
  const { doc, tableName } = context;

  async function channels(): Promise<DrainedChannel[]> {
    const items = await queryAll(doc, { TableName: tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": DRAIN_PARTITION }, ConsistentRead: true });
    return items.flatMap((item) => (typeof item.teamId === "string" && typeof item.channelId === "string"
      ? [{ teamId: item.teamId, channelId: item.channelId, failures: typeof item.failures === "number" ? item.failures : 0 }]
      : []));
  }

  async function waiting(channel: Pick<DrainedChannel, "teamId" | "channelId">): Promise<WaitingItem[]> {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.outboxPartition(channel.teamId, channel.channelId) },
      ProjectionExpression: "pk, sk, messageId, enqueuedAt",
      ConsistentRead: true,
    });
    return items.flatMap((item) => (typeof item.pk === "string" && typeof item.sk === "string" && typeof item.messageId === "string"
      ? [{ key: { pk: item.pk, sk: item.sk }, teamId: channel.teamId, channelId: channel.channelId, messageId: item.messageId, enqueuedAt: typeof item.enqueuedAt === "number" ? item.enqueuedAt : 0 }]
      : []));
  }

  /** Erases the items and settles their delivery records; how many items were erased. */
  async function erase(items: readonly WaitingItem[]): Promise<number> {
    if (items.length === 0) return 0;
    const erased = await deleteKeys(doc, tableName, items.map((item) => item.key));
    const at = context.now();
    await putItems(doc, tableName, items.map((item) => deliveryItem({ messageId: item.messageId, teamId: item.teamId, channelId: item.channelId }, "failed", at, { errorCode: ERASED_BY_OPT_OUT })));
    return erased;
  }

  return { channels, waiting, erase };
}

export type WaitingOutbox = ReturnType<typeof createWaitingOutbox>;
