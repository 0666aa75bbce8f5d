import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { ChatTarget, Mention } from "../chat/chat-platform";
import type { LoggingLevel } from "../config/schema";
import type { Notification } from "../notifications/model";
import { countQuery, writeBatches } from "./batch";
import { type DeliveryDetails, deliveryItem, type DeliveryKey } from "./deliveries";
import { keys } from "./keys";

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

export interface OutboxOptions {
  readonly tableName: string;
  readonly now?: () => number;
}

export function createOutbox(doc: DynamoDBDocumentClient, options: OutboxOptions) {
  const { tableName } = options;
  const now = options.now ?? Date.now;
  const deliveryKey = (item: { messageId: string; target: ChatTarget }): DeliveryKey => ({ messageId: item.messageId, teamId: item.target.teamId, channelId: item.target.channelId });

  /** Queues one notification for one channel, unless this (message, channel) was seen before. */
  async function enqueue(entry: OutboxEntry): Promise<EnqueueResult> {
    const at = now();
    const { teamId, channelId } = entry.target;
    try {
      await doc.send(new TransactWriteCommand({
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
      }));
      return "queued";
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed") return "duplicate";
      throw error;
    }
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
    return (page.Items ?? []).map((item) => item as unknown as QueuedItem);
  }

  /** How many items wait in a channel's backlog. */
  async function depth(target: ChatTarget): Promise<number> {
    return countQuery(doc, {
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
