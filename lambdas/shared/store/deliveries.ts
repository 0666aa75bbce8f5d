import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { keys } from "./keys";

/**
 * Exactly-once delivery per (SNS message, chat channel). Before posting, a delivery is *claimed*
 * with a conditional write; after posting it is marked delivered; on failure the claim is released
 * so a retry can post. A claim holds a lease, so a crash between claim and post does not block
 * the message forever: once the lease has passed, a retry may claim it again.
 */

export type ClaimResult =
  | { readonly outcome: "claimed"; readonly token: string }
  | { readonly outcome: "already-delivered" }
  | { readonly outcome: "in-progress" };

export interface DeliveryKey {
  readonly messageId: string;
  readonly teamId: string;
  readonly channelId: string;
}

export interface DeliveryStoreOptions {
  readonly tableName: string;
  /** How long a claim blocks other claimers (longer than one delivery attempt can take). */
  readonly leaseMs?: number;
  /** How long delivery records are kept (longer than SNS and Lambda keep retrying). */
  readonly retentionDays?: number;
  readonly now?: () => number;
}

export function createDeliveryStore(doc: DynamoDBDocumentClient, options: DeliveryStoreOptions) {
  const { tableName } = options;
  const leaseMs = options.leaseMs ?? 120_000;
  const retentionSeconds = (options.retentionDays ?? 14) * 86_400;
  const now = options.now ?? Date.now;

  async function claim(delivery: DeliveryKey): Promise<ClaimResult> {
    const token = randomUUID();
    const at = now();
    try {
      await doc.send(new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.delivery(delivery.messageId, delivery.teamId, delivery.channelId),
          entity: "delivery",
          status: "pending",
          claimToken: token,
          leaseUntil: at + leaseMs,
          claimedAt: new Date(at).toISOString(),
          expiresAt: Math.floor(at / 1000) + retentionSeconds,
        },
        ConditionExpression: "attribute_not_exists(pk) OR (#status = :pending AND leaseUntil < :now)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":pending": "pending", ":now": at },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }));
      return { outcome: "claimed", token };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return error.Item?.status?.S === "delivered" ? { outcome: "already-delivered" } : { outcome: "in-progress" };
      }
      throw error;
    }
  }

  /** Marks a claimed delivery done, recording the chat message's id (e.g. Slack `ts`). */
  async function complete(delivery: DeliveryKey, token: string, chatMessageId: string | undefined): Promise<void> {
    await doc.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.delivery(delivery.messageId, delivery.teamId, delivery.channelId),
      UpdateExpression: "SET #status = :delivered, deliveredAt = :at, chatMessageId = :id REMOVE leaseUntil",
      ConditionExpression: "claimToken = :token",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":delivered": "delivered", ":at": new Date(now()).toISOString(), ":id": chatMessageId ?? null, ":token": token },
    }));
  }

  /** Gives a claim back after a failed post, so the next attempt can post. */
  async function release(delivery: DeliveryKey, token: string): Promise<void> {
    try {
      await doc.send(new DeleteCommand({
        TableName: tableName,
        Key: keys.delivery(delivery.messageId, delivery.teamId, delivery.channelId),
        ConditionExpression: "claimToken = :token AND #status = :pending",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":token": token, ":pending": "pending" },
      }));
    } catch (error) {
      // Someone else took the claim over after our lease ran out: theirs to finish.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  return { claim, complete, release };
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>;
