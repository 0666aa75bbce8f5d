/**
 * The forwarder's other trigger: an EventBridge schedule (every minute in AWS, every few seconds
 * in the local runtime) asking it to sweep every channel's backlog. Recognised by shape only: it
 * carries nothing the sweep reads.
 */
export interface ScheduledSweepEvent {
  readonly source: "aws.events";
  readonly "detail-type": "Scheduled Event";
}

export function isScheduledSweep(event: unknown): event is ScheduledSweepEvent {
  if (typeof event !== "object" || event === null) return false;
  const candidate = event as Record<string, unknown>;
  return candidate.source === "aws.events" && candidate["detail-type"] === "Scheduled Event";
}

/** The event the schedule sends (the local runtime's drain tick sends the same). */
export function scheduledSweepEvent(at = new Date()): ScheduledSweepEvent & Record<string, unknown> {
  return { version: "0", id: "herald-drain-tick", source: "aws.events", "detail-type": "Scheduled Event", time: at.toISOString(), resources: [], detail: {} };
}
