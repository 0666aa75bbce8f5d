import type { EscalationStep } from "../config/on-call";
import type { AlarmLifecycle, Snooze } from "../store/on-call";
import type { NoticePart } from "./chat";
import { formatClock, formatDuration } from "./view";

/** The words of on-call notices in a thread (the chat adapter escapes the text and renders the mentions). */

export function acknowledgedNotice(userId: string, at: number, escalating: boolean): NoticePart[] {
  return ["✋ ", { user: userId }, ` acknowledged this alarm at ${formatClock(at)}.${escalating ? " Escalation stops here." : ""}`];
}

export function snoozedNotice(userId: string, snooze: Snooze, hours: number): NoticePart[] {
  return [
    "🔕 ", { user: userId },
    ` snoozed "${snooze.scope.label}" in this channel for ${hours} h, until ${formatClock(snooze.until, snooze.createdAt)} (snooze ${snooze.id}). `
      + "Its notifications are muted here and counted; a summary follows when the snooze ends.",
  ];
}

/** Said when a snooze ends (expired, or lifted by an admin): how much was muted. */
export function snoozeSummary(snooze: Snooze, ended: { readonly at: number; readonly liftedBy?: string }): NoticePart[] {
  const how: NoticePart[] = ended.liftedBy === undefined ? [`🔔 The snooze of "${snooze.scope.label}" ended at ${formatClock(ended.at)}`] : [`🔔 `, { user: ended.liftedBy }, ` lifted the snooze of "${snooze.scope.label}" at ${formatClock(ended.at)}`];
  const muted = snooze.mutedCount === 0
    ? ": no notification was muted."
    : `: ${snooze.mutedCount} notification${snooze.mutedCount === 1 ? " was" : "s were"} muted`
      + `${snooze.lastMutedAt === undefined ? "" : `, the last at ${formatClock(snooze.lastMutedAt, ended.at)}`}${snooze.lastMutedTitle === undefined ? "" : ` (${snooze.lastMutedTitle})`}. New ones are posted again.`;
  return [...how, muted];
}

/** An escalation step's mention in the thread. */
export function escalationNotice(lifecycle: AlarmLifecycle, step: EscalationStep, index: number, of: number, now: number): NoticePart[] {
  const target: NoticePart[] = step.userGroup !== undefined ? [{ userGroup: step.userGroup }]
    : step.here === true ? [{ here: true }]
      : (step.members ?? []).flatMap((user, i) => (i === 0 ? [{ user }] : [", ", { user }]));
  return ["📣 ", ...target, ` "${lifecycle.title}" has been in ALARM for ${formatDuration(now - lifecycle.openedAt)} and nobody has acknowledged it (escalation step ${index + 1} of ${of}).`];
}

/** The direct message a named member gets for an escalation step. */
export function escalationDirectMessage(lifecycle: AlarmLifecycle, now: number): NoticePart[] {
  return [`📣 Escalation: "${lifecycle.title}" has been in ALARM for ${formatDuration(now - lifecycle.openedAt)} without an acknowledgement. It is in the channel's thread; Acknowledge it there.`];
}
