import { keys } from "./keys";

/**
 * Exactly-once delivery per (SNS message, chat channel). The record is written together with the
 * message's outbox item (lambdas/shared/store/outbox.ts), on condition that it does not exist yet:
 * a redelivered SNS message finds it and is a duplicate. The channel's drainer marks it delivered
 * (with the chat message's id) or failed once the outbox item is settled. Records expire (TTL)
 * long after SNS and Lambda stop redelivering.
 */

export interface DeliveryKey {
  readonly messageId: string;
  readonly teamId: string;
  readonly channelId: string;
}

/** queued: in the channel's outbox; delivered: posted alone or in a digest; failed: refused by the platform, reported. */
export type DeliveryStatus = "queued" | "delivered" | "failed";

export interface DeliveryDetails {
  /** The chat message that carries it (Slack `ts`): its own message or the digest listing it. */
  readonly chatMessageId?: string;
  /** How it went out: alone or in a digest. */
  readonly via?: "message" | "digest" | "thread-digest" | "plain-text";
  /** The platform's error code, for a failed delivery. */
  readonly errorCode?: string;
}

/** Delivery records are kept this long: longer than SNS and Lambda keep retrying. */
export const DELIVERY_RETENTION_DAYS = 14;

/** The delivery record's item in a given state. `at` is epoch ms. */
export function deliveryItem(key: DeliveryKey, status: DeliveryStatus, at: number, details: DeliveryDetails = {}): Record<string, unknown> {
  const iso = new Date(at).toISOString();
  return {
    ...keys.delivery(key.messageId, key.teamId, key.channelId),
    entity: "delivery",
    status,
    ...(status === "queued" ? { queuedAt: iso } : { settledAt: iso }),
    ...(details.chatMessageId === undefined ? {} : { chatMessageId: details.chatMessageId }),
    ...(details.via === undefined ? {} : { via: details.via }),
    ...(details.errorCode === undefined ? {} : { errorCode: details.errorCode }),
    expiresAt: Math.floor(at / 1000) + DELIVERY_RETENTION_DAYS * 86_400,
  };
}
