import type { Notification, SnsNotificationInput } from "../notifications/model";
import { keepNotification, type KeepNotificationResult } from "../privacy/kept-notifications";
import type { StoreContext } from "../store/index";
import type { ChannelDelivery } from "./channel-routing";

/**
 * A forwarded notification, kept as user data (only while "Share user data" is on in this Region,
 * which lambdas/shared/privacy enforces) for where it is going. Never a reason to hold the message
 * back: whatever happened is reported, nothing is thrown.
 */

/** Where and for how long notifications are kept: the Region's store, whose privacy record governs, the retention. */
export interface UserDataKeeping {
  readonly store: StoreContext;
  readonly accountId: string;
  readonly retentionDays: number;
}

/** How keeping a notification as user data went. */
export interface KeepTelemetry {
  kept(input: SnsNotificationInput, result: KeepNotificationResult): void;
}

export async function keepAsUserData(input: SnsNotificationInput, notification: Notification, deliveries: readonly ChannelDelivery[], keeping: UserDataKeeping, telemetry: KeepTelemetry): Promise<void> {
  const result = await keepNotification(keeping.store.doc, keeping.store.tableName, keeping.accountId, {
    messageId: input.messageId,
    topicArn: input.topicArn,
    notification,
    postedTo: deliveries.map((delivery) => delivery.target),
  }, { retentionDays: keeping.retentionDays });
  telemetry.kept(input, result);
}
