import type { Notification, Severity } from "./model";

/**
 * A storm digest: many notifications waiting for one channel, coalesced into one message so the
 * channel stays readable. Platform-neutral: a chat adapter renders it (Slack:
 * lambdas/shared/slack/digest-blocks.ts). Every item stays identifiable (its title, summary, time
 * and link); the adapter says how many it could list, and only those leave the backlog.
 */

export interface DigestItem {
  /** The caller's id for the item (the outbox position), handed back for the items listed. */
  readonly id: string;
  readonly notification: Notification;
  /** When it was published (SNS timestamp, ISO 8601). */
  readonly publishedAt: string;
}

export interface DigestCount {
  readonly label: string;
  readonly count: number;
}

export interface Digest {
  /** Most severe first; equally severe: oldest first. */
  readonly items: readonly DigestItem[];
  /** Publication time of the oldest and newest item (epoch ms; NaN-free). */
  readonly firstAt: number;
  readonly lastAt: number;
  readonly counts: {
    /** By renderer kind ("cloudwatch-alarm", "guardduty-finding", …). */
    readonly bySource: readonly DigestCount[];
    readonly byEventType: readonly DigestCount[];
    readonly bySeverity: readonly DigestCount[];
  };
}

/** Severity order in a digest: what needs a human first, recoveries last. */
export const DIGEST_SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low", "unknown", "info", "ok"];

function orderOf(severity: Severity): number {
  const index = DIGEST_SEVERITY_ORDER.indexOf(severity);
  return index < 0 ? DIGEST_SEVERITY_ORDER.indexOf("unknown") : index;
}

export function buildDigest(items: readonly DigestItem[]): Digest {
  const times = items.map((item) => Date.parse(item.publishedAt)).filter(Number.isFinite);
  const sorted = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => orderOf(a.item.notification.severity) - orderOf(b.item.notification.severity) || a.index - b.index)
    .map(({ item }) => item);
  const bySeverity = tally(items.map((item) => item.notification.severity)).sort((a, b) => orderOf(a.label as Severity) - orderOf(b.label as Severity));
  return {
    items: sorted,
    firstAt: times.length === 0 ? 0 : Math.min(...times),
    lastAt: times.length === 0 ? 0 : Math.max(...times),
    counts: {
      bySource: tally(items.map((item) => item.notification.kind)),
      byEventType: tally(items.map((item) => item.notification.eventType ?? "other")),
      bySeverity,
    },
  };
}

/** Counts of each label, largest first (ties: first seen first). */
function tally(labels: readonly string[]): DigestCount[] {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count);
}
