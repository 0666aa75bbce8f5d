import { QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { ChatTarget, Mention } from "../chat/chat-platform";
import type { LoggingLevel } from "../config/schema";
import type { Notification } from "../notifications/model";
import { writeBatches } from "./batch";
import { unlessConditionFails } from "./conditional";
import { type DeliveryDetails, deliveryItem, type DeliveryKey } from "./deliveries";
import type { StoreContext } from "./context";
import { isNumber, isObject, isText, isTextList, type Item, requireShape } from "./item-guards";
import { keys } from "./keys";
import { countAll } from "./pages";
import type { TableAction } from "./table-actions";

/**
 * Each channel's outbox: the notifications waiting to be posted there, oldest (by SNS timestamp)
 * first. A notification enters with its delivery record in one transaction, so a redelivered SNS
 * message is a duplicate and never queued twice; it leaves only when its channel's drainer has
 * posted it (alone or in a digest) or the platform refused it for good — then the delivery record
 * says which. Items do not expire: a backlog waits however long Slack refuses.
 */

export interface OutboxEntry {
  readonly target: ChatTarget;
  /** The SNS message. */
  readonly messageId: string;
  readonly topicArn: string;
  /** SNS `Timestamp` (ISO 8601): the backlog's order. */
  readonly snsTimestamp: string;
  /** Rendered, and cut to what a message can show (lambdas/shared/forwarding/stored-notification.ts). */
  readonly notification: Notification;
  readonly mention?: Mention;
  /** The configurations sending it to this channel, and their most verbose logging level (for telemetry). */
  readonly configurationNames: readonly string[];
  readonly loggingLevel: LoggingLevel;
}

export interface QueuedItem extends OutboxEntry {
  /** The item's sort key: its place in the backlog. */
  readonly sk: string;
  /** Epoch ms it was queued. */
  readonly enqueuedAt: number;
}

export type EnqueueResult = "queued" | "duplicate";

/** Queueing (a transaction of two Puts, one conditional), reading the backlog, settling in batches. */
export const OUTBOX_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:PutItem", "dynamodb:Query", "dynamodb:BatchWriteItem"];

export function createOutbox(context: StoreContext) {
  const { doc, tableName, now } = context;
  const deliveryKey = (item: { messageId: string; target: ChatTarget }): DeliveryKey => ({ messageId: item.messageId, teamId: item.target.teamId, channelId: item.target.channelId });

  /** Queues one notification for one channel, unless this (message, channel) was seen before. */
  async function enqueue(entry: OutboxEntry): Promise<EnqueueResult> {
    const at = now();
    const { teamId, channelId } = entry.target;
    // The delivery record's condition (item 0) failing means this (message, channel) is queued already.
    const queued = await unlessConditionFails(() => doc.send(new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: deliveryItem(deliveryKey(entry), "queued", at),
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.outbox(teamId, channelId, entry.snsTimestamp, entry.messageId), entity: "outbox", ...entry, enqueuedAt: at },
            },
          },
        ],
      })), 0);
    return queued ? "queued" : "duplicate";
  }

  /** The oldest `limit` items of a channel's backlog (strongly consistent: a drainer must see what was just queued). */
  async function oldest(target: ChatTarget, limit: number): Promise<QueuedItem[]> {
    const page = await doc.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.outboxPartition(target.teamId, target.channelId) },
      ConsistentRead: true,
      Limit: limit,
    }));
    return (page.Items ?? []).map(queuedItemOf);
  }

  /** How many items wait in a channel's backlog. */
  async function depth(target: ChatTarget): Promise<number> {
    return countAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.outboxPartition(target.teamId, target.channelId) },
      ConsistentRead: true,
    });
  }

  async function hasItems(target: ChatTarget): Promise<boolean> {
    return (await oldest(target, 1)).length > 0;
  }

  /**
   * Takes posted (or finally refused) items out of the backlog and records how they went out, in
   * batches. Not atomic, and need not be: a delivery record left at "queued" still makes a
   * redelivery a duplicate, and an outbox item left behind is posted again (at least once).
   */
  async function settle(items: readonly QueuedItem[], status: "delivered" | "failed", details: DeliveryDetails): Promise<void> {
    const at = now();
    await writeBatches(doc, tableName, items.flatMap((item) => [
      { DeleteRequest: { Key: keys.outbox(item.target.teamId, item.target.channelId, item.snsTimestamp, item.messageId) } },
      { PutRequest: { Item: deliveryItem(deliveryKey(item), status, at, details) } },
    ]));
  }

  return { enqueue, oldest, depth, hasItems, settle };
}

export type Outbox = ReturnType<typeof createOutbox>;

/** An outbox item as the drainer reads it: what it needs to post, settle and report it. */
function queuedItemOf(item: Item): QueuedItem {
  requireShape(item, "outbox", {
    sk: isText, messageId: isText, topicArn: isText, snsTimestamp: isText, enqueuedAt: isNumber, configurationNames: isTextList, loggingLevel: isText,
    target: (value) => isObject(value) && isText(value.teamId) && isText(value.channelId) && isText(value.botTokenSecretName),
    notification: (value) => isObject(value) && isText(value.kind) && isText(value.title) && isText(value.summary) && isText(value.severity)
      && Array.isArray(value.fields) && Array.isArray(value.lists) && Array.isArray(value.links) && Array.isArray(value.context),
  });
  const { pk: _pk, entity: _entity, ...queued } = item;
  return queued as unknown as QueuedItem;
}
