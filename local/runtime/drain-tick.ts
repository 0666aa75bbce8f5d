import { scheduledSweepEvent } from "../../lambdas/forwarder/scheduled";
import type { LocalFunction } from "./lambda/local-function";

/** How often the local forwarders sweep their channels' backlogs (EventBridge does it every minute in AWS). */
export const LOCAL_DRAIN_TICK_MS = 5_000;

/**
 * The local stand-in for the forwarder's EventBridge schedule: every few seconds each Region's
 * forwarder gets the schedule's event and drains any backlog nobody is draining (after a 429's
 * Retry-After, a refused channel's backoff, a drainer that ran out of time), so nothing stays
 * stuck locally. A tick is skipped while the previous one of that forwarder still runs. Ticks are
 * not listed on the page: they would bury the publishes.
 */
export function startDrainTicks(forwarders: Iterable<LocalFunction>, report: (line: string) => void, intervalMs = LOCAL_DRAIN_TICK_MS): { stop(): Promise<void> } {
  const running = new Map<LocalFunction, Promise<void>>();
  let stopped = false;
  const timer = setInterval(() => {
    for (const forwarder of forwarders) {
      if (stopped || running.has(forwarder)) continue;
      const tick = forwarder
        .invoke(scheduledSweepEvent())
        .then(() => undefined, (error: unknown) => report(`${forwarder.name} (${forwarder.region}) drain tick failed: ${(error as Error).message}`))
        .finally(() => running.delete(forwarder));
      running.set(forwarder, tick);
    }
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled(running.values());
    },
  };
}
