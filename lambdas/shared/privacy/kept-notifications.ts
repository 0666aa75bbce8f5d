import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Notification } from "../notifications/model";
import { type StoreUserDataOptions, storeUserData } from "./user-data";

/**
 * Rendered notifications as user data: what the forwarder posted, with its metadata, kept while
 * "Share user data" is on (one item per channel it reached, in the Region that produced it). Keeping
 * it is never a reason for a delivery to fail: every outcome, errors included, is returned for the
 * caller to log, and nothing is thrown.
 */

export interface PostedNotification {
  /** The SNS message id: the item's id, so a redelivery overwrites instead of adding. */
  readonly messageId: string;
  readonly topicArn: string;
  readonly notification: Notification;
  /** Where it was posted (the chat message id when the platform returned one). */
  readonly postedTo: ReadonlyArray<{ readonly teamId: string; readonly channelId: string; readonly chatMessageId?: string }>;
  /** When it was posted (epoch ms). @default now */
  readonly at?: number;
}

export type KeepNotificationResult =
  | { readonly outcome: "stored"; readonly items: number }
  /** Sharing is off in this Region: nothing kept, as it should be. */
  | { readonly outcome: "skipped-sharing-off" }
  /** Nothing was posted: nothing to keep. */
  | { readonly outcome: "skipped-not-posted" }
  /** The rendered text looks like it carries a credential (reported by kind only): not kept. */
  | { readonly outcome: "skipped-credential"; readonly what: string }
  | { readonly outcome: "skipped-contention" }
  /** The table could not be written; the error's name only (its message could quote data). */
  | { readonly outcome: "failed"; readonly error: string; readonly items: number };

/** Keeps a posted notification while sharing is on in this Region's table. Never throws. */
export async function keepNotification(doc: DynamoDBDocumentClient, tableName: string, accountId: string, posted: PostedNotification, options: StoreUserDataOptions = {}): Promise<KeepNotificationResult> {
  const { notification } = posted;
  if (posted.postedTo.length === 0) return { outcome: "skipped-not-posted" };
  const channels = [...new Set(posted.postedTo.map((place) => place.channelId))];
  let items = 0;
  try {
    for (const place of posted.postedTo) {
      const result = await storeUserData(doc, tableName, accountId, {
        kind: "notification",
        teamId: place.teamId,
        channelId: place.channelId,
        id: posted.messageId,
        ...(posted.at === undefined ? {} : { at: posted.at }),
        data: {
          messageId: posted.messageId,
          topicArn: posted.topicArn,
          kind: notification.kind,
          ...(notification.eventType ? { eventType: notification.eventType } : {}),
          severity: notification.severity,
          title: notification.title,
          summary: notification.summary,
          channels,
          ...(place.chatMessageId ? { chatMessageId: place.chatMessageId } : {}),
        },
      }, options);
      // The same data goes to every channel: what stops one item stops them all.
      if (result.outcome !== "stored") return result.outcome === "skipped-sharing-off" || result.outcome === "skipped-contention" ? { outcome: result.outcome } : { outcome: result.outcome, what: result.what };
      items += 1;
    }
    return { outcome: "stored", items };
  } catch (error) {
    return { outcome: "failed", error: error instanceof Error ? error.name : "UnknownError", items };
  }
}
