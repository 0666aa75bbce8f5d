import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Notification } from "../notifications/model";
import { type StoreUserDataOptions, storeUserData } from "./user-data";

/**
 * Rendered notifications as user data: what the forwarder posted, with its metadata, kept while
 * "Share user data" is on (one item per message, whatever the number of channels it went to — they are
listed in it — in the Region that produced it; its key names the first of them). Keeping
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
  const [first] = posted.postedTo;
  try {
    const result = await storeUserData(doc, tableName, accountId, {
      kind: "notification",
      teamId: first.teamId,
      channelId: first.channelId,
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
        ...(posted.postedTo.some((place) => place.chatMessageId !== undefined)
          ? { chatMessageIds: Object.fromEntries(posted.postedTo.flatMap((place) => (place.chatMessageId ? [[place.channelId, place.chatMessageId]] : []))) }
          : {}),
      },
    }, options);
    if (result.outcome === "stored") return { outcome: "stored", items: 1 };
    return result.outcome === "skipped-sharing-off" || result.outcome === "skipped-contention" ? { outcome: result.outcome } : { outcome: result.outcome, what: result.what };
  } catch (error) {
    return { outcome: "failed", error: error instanceof Error ? error.name : "UnknownError", items: 0 };
  }
}
