import type { Context, SNSEvent } from "aws-lambda";
import type { ChatPoster, ChatTarget } from "../shared/chat/chat-platform";
import { type DrainClock, type DrainDependencies, type DrainResult, type DrainTelemetry, drainChannels, sweepChannels } from "../shared/forwarding/drain";
import { forwardNotification, type ForwardingTelemetry } from "../shared/forwarding/forward";
import type { KeepTelemetry } from "../shared/forwarding/keep-as-user-data";
import { deadlineOf } from "../shared/runtime/lambda-handler";
import type { OnCallForwarding } from "../shared/oncall/forwarding";
import type { HeraldStore } from "../shared/store/index";
import { isScheduledSweep, type ScheduledSweepEvent } from "./scheduled";
import { snsInputFromRecord } from "./sns-input";

/** What the forwarder reports besides the domain's own telemetry: drainers that stopped early, a sweep that failed. */
export interface ForwarderProblems {
  drainStopped(error: unknown): void;
  sweepFailed(error: unknown): void;
  /** The on-call check (escalations, snooze ends) failed; the next tick retries it. */
  onCallFailed(error: unknown): void;
}

export type ForwarderTelemetry = ForwardingTelemetry & DrainTelemetry & KeepTelemetry & ForwarderProblems;

/** The forwarder's ports, built once per cold start (index.ts). */
export interface ForwarderPorts {
  readonly store: Pick<HeraldStore, "context" | "channelConfigs" | "outbox" | "drainLeases" | "threadAnchors">;
  readonly chat: ChatPoster;
  readonly telemetry: ForwarderTelemetry;
  /** Whose privacy record governs kept notifications, and how long they are kept. */
  readonly userData: { readonly accountId: string; readonly retentionDays: number };
  readonly clock?: DrainClock;
  /** Snoozes, alarm lifecycles and their timers (lambdas/shared/oncall); absent: none of them. */
  readonly onCall?: { readonly forwarding: OnCallForwarding; readonly runTimers: () => Promise<unknown> };
}

/** Time kept back from the Lambda deadline to release leases and record outcomes after the last Slack call. */
export const DEADLINE_MARGIN_MS = 3_000;

/**
 * SNS → each channel's outbox → Slack, at each channel's pace; or, on the schedule, a sweep of
 * every channel's backlog. Throws only when a message could not be queued (Lambda then retries it,
 * and the failed-events queue keeps it after that); what is queued is the drainers' to deliver.
 */
export function createForwarderHandler(ports: ForwarderPorts): (event: SNSEvent | ScheduledSweepEvent, context: Context) => Promise<void> {
  const { store, chat, telemetry, clock, onCall } = ports;
  const userData = { store: store.context, ...ports.userData };

  return async (event, context) => {
    const drain: DrainDependencies = {
      outbox: store.outbox,
      leases: store.drainLeases,
      threads: store.threadAnchors,
      chat,
      telemetry,
      deadline: () => deadlineOf(context, DEADLINE_MARGIN_MS),
      ...(clock === undefined ? {} : { clock }),
      ...(onCall === undefined ? {} : { lifecycle: onCall.forwarding }),
    };
    if (isScheduledSweep(event)) {
      // Never thrown: the next tick is the retry, and the failed-events queue is for SNS messages.
      await Promise.all([
        sweepChannels(drain).then((results) => reportDrainProblems(results, telemetry), (error: unknown) => telemetry.sweepFailed(error)),
        onCall?.runTimers().catch((error: unknown) => telemetry.onCallFailed(error)),
      ]);
      return;
    }
    // SNS delivers one record per invocation; should there be more, every record is tried before failing.
    const failures: unknown[] = [];
    const targets: ChatTarget[] = [];
    for (const record of event.Records) {
      try {
        const result = await forwardNotification(snsInputFromRecord(record), {
          channelConfigs: store.channelConfigs, outbox: store.outbox, telemetry, userData, ...(onCall === undefined ? {} : { muted: onCall.forwarding.muted }),
        });
        // Duplicates too: the first attempt may have queued and then died before draining.
        targets.push(...result.channels.map((channel) => channel.target));
      } catch (error) {
        failures.push(error);
      }
    }
    reportDrainProblems(await drainChannels(targets, drain), telemetry);
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} of ${event.Records.length} records could not be queued`);
  };
}

/** A drainer that stopped on an error leaves its backlog queued: the next invocation or the sweep resumes it. */
function reportDrainProblems(results: readonly PromiseSettledResult<DrainResult>[], problems: ForwarderProblems): void {
  for (const result of results) if (result.status === "rejected") problems.drainStopped(result.reason);
}
