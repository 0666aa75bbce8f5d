import { createHash } from "node:crypto";
import type { AlarmLifecycle, OnCallStore, Snooze } from "../store/on-call";

/**
 * Who acknowledged an alarm or set a snooze is user data: an interaction item (kept only while
 * Share user data is on, erased in every Region on opt-out) whose time and id follow from the
 * on-call record, so it is read back by key and nothing else names the member.
 */

export function acknowledgementId(lifecycle: Pick<AlarmLifecycle, "threadKey" | "openedAt">): string {
  return `ack-${createHash("sha256").update(lifecycle.threadKey).digest("base64url").slice(0, 22)}-${lifecycle.openedAt}`;
}

export function snoozeAttributionId(snooze: Pick<Snooze, "id">): string {
  return `snooze-${snooze.id}`;
}

/** The member who acknowledged `lifecycle`, when it was kept. */
export async function acknowledgedBy(store: Pick<OnCallStore, "attribution">, accountId: string, lifecycle: AlarmLifecycle): Promise<string | undefined> {
  if (lifecycle.acknowledgedAt === undefined) return undefined;
  return store.attribution(accountId, lifecycle, new Date(lifecycle.acknowledgedAt).toISOString(), acknowledgementId(lifecycle));
}

export async function snoozedBy(store: Pick<OnCallStore, "attribution">, accountId: string, snooze: Snooze): Promise<string | undefined> {
  return store.attribution(accountId, snooze, new Date(snooze.createdAt).toISOString(), snoozeAttributionId(snooze));
}
