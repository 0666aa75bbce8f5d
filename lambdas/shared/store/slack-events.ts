import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { unlessConditionFails } from "./conditional";
import type { StoreContext } from "./context";
import { keys } from "./keys";
import type { TableAction } from "./table-actions";

/**
 * Events API deliveries seen, by `event_id`. Slack retries an event it thinks failed (up to three
 * times within minutes, with X-Slack-Retry-Num, each retry signed anew); the first delivery wins
 * one conditional put, the retries lose it. Records expire after an hour, far beyond Slack's retry
 * window.
 */

export const SLACK_EVENT_TTL_SECONDS = 60 * 60;

export const SLACK_EVENTS_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:PutItem"];

export function createSlackEvents(context: StoreContext, options: { readonly ttlSeconds?: number } = {}) {
  const { doc, tableName, now } = context;
  const ttlSeconds = options.ttlSeconds ?? SLACK_EVENT_TTL_SECONDS;

  /** True the first time an event id is seen (within the TTL), false for every retry of it. */
  async function firstDelivery(eventId: string): Promise<boolean> {
    // Slack's ids are short ("Ev0123ABCD"); the cap keeps a forged one from making an oversized key.
    if (eventId.length === 0 || eventId.length > 256) throw new RangeError("an Events API delivery needs an event_id of 1-256 characters");
    const at = now();
    const nowSeconds = Math.floor(at / 1000);
    return unlessConditionFails(() => doc.send(new PutCommand({
      TableName: tableName,
      Item: { ...keys.slackEvent(eventId), entity: "slack-event", receivedAt: new Date(at).toISOString(), expiresAt: nowSeconds + ttlSeconds },
      // DynamoDB removes expired items lazily (within days), so an expired record counts as gone.
      ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
      ExpressionAttributeValues: { ":now": nowSeconds },
    })));
  }

  return { firstDelivery };
}

export type SlackEvents = ReturnType<typeof createSlackEvents>;
