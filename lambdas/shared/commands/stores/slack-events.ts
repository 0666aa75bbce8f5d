import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../../store/keys";

/**
 * Events API deliveries seen, by `event_id`. Slack retries an event it thinks failed (up to three
 * times within minutes, with X-Slack-Retry-Num); the first delivery wins one conditional put, the
 * retries lose it. Records expire after an hour, far beyond Slack's retry window.
 */

export const SLACK_EVENT_TTL_SECONDS = 60 * 60;

export interface SlackEventDedupeOptions {
  readonly tableName: string;
  readonly ttlSeconds?: number;
  readonly now?: () => number;
}

export function createSlackEventDedupe(doc: DynamoDBDocumentClient, options: SlackEventDedupeOptions) {
  const { tableName } = options;
  const ttlSeconds = options.ttlSeconds ?? SLACK_EVENT_TTL_SECONDS;
  const now = options.now ?? Date.now;

  /** True the first time an event id is seen (within the TTL), false for every retry of it. */
  async function firstDelivery(eventId: string): Promise<boolean> {
    // Slack's ids are short ("Ev0123ABCD"); the cap keeps a forged one from making an oversized key.
    if (eventId.length === 0 || eventId.length > 256) throw new RangeError("an Events API delivery needs an event_id of 1-256 characters");
    const nowSeconds = Math.floor(now() / 1000);
    try {
      await doc.send(new PutCommand({
        TableName: tableName,
        Item: { ...keys.slackEvent(eventId), entity: "slack-event", receivedAt: new Date(now()).toISOString(), expiresAt: nowSeconds + ttlSeconds },
        // DynamoDB removes expired items lazily (within days), so an expired record counts as gone.
        ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
        ExpressionAttributeValues: { ":now": nowSeconds },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  return { firstDelivery };
}

export type SlackEventDedupe = ReturnType<typeof createSlackEventDedupe>;
