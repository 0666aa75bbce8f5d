/**
 * What a notification shows about its alarm's on-call state (platform-neutral; the chat adapter
 * renders it, a member as a mention). Added to a thread's parent by the forwarder (the OK that
 * resolves it) and by the click that acknowledges it.
 */
export interface OnCallView {
  readonly status: "open" | "acknowledged" | "resolved";
  /** The member who acknowledged it (a chat user id); absent when not kept (Share user data off) or never acknowledged. */
  readonly acknowledgedBy?: string;
  /** Epoch ms. */
  readonly acknowledgedAt?: number;
  /** From the first ALARM to the OK. */
  readonly resolvedAfterMs?: number;
}

/** "12 min", "2 h 5 min", "3 d 4 h": how long an alarm was open or a snooze lasts. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return "less than a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** "14:03 UTC" for today's times and "2026-12-02 14:03 UTC" otherwise, as `at` epoch ms reads in UTC. */
export function formatClock(at: number, now: number = at): string {
  const iso = new Date(at).toISOString();
  const time = `${iso.slice(11, 16)} UTC`;
  return iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}
