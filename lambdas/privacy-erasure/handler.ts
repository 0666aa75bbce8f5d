import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { type ErasureContinuation, type ErasureEngine, type ErasureRun, isErasureContinuation } from "../shared/privacy";
import { deadlineOf } from "../shared/runtime/lambda-handler";
import { privacyChangeFrom } from "./stream-records";
import type { PrivacyErasureTelemetry } from "./telemetry";

/** The EventBridge schedule's constant input: the overdue check, which also restarts idle requests. */
export interface SweepEvent {
  readonly kind: "privacy-sweep";
}

export type PrivacyErasureEvent = DynamoDBStreamEvent | ErasureContinuation | SweepEvent;

export interface PrivacyErasureDeps {
  readonly accountId: string;
  readonly engine: Pick<ErasureEngine, "apply" | "resume" | "sweep">;
  /** Starts the next invocation with the continuation (asynchronous Lambda Invoke of this function). */
  readonly invokeSelf: (continuation: ErasureContinuation) => Promise<void>;
  readonly telemetry: PrivacyErasureTelemetry;
  /** Requests pending longer than this are overdue (`account.erasureAlarmMinutes`). */
  readonly overdueAfterMs: number;
}

/** Time kept back from the Lambda timeout to record progress and start the continuation. */
export const DEADLINE_MARGIN_MS = 30_000;

/**
 * Routes the deletion function's three kinds of event: the home table's stream (privacy changes),
 * its own continuations, and the scheduled sweep. Stream records that fail are reported as batch
 * item failures, so Lambda retries from them (and bisects), then hands them to the on-failure queue.
 *
 * Not Powertools' batch utility (`processPartialResponse` with `BatchProcessor(EventType.DynamoDBStreams)`):
 * the package (@aws-lambda-powertools/batch) is not among Herald's dependencies, and its processor
 * runs every record of the batch and reports each failure, while privacy changes must be started in
 * stream order: after a failure, the later changes of the batch must wait for it (they come again
 * with Lambda's retry from the first failure). The loop below is that rule in twelve lines.
 */
export function createPrivacyErasureHandler(deps: PrivacyErasureDeps) {
  const { engine, telemetry } = deps;

  async function followUp(run: ErasureRun): Promise<void> {
    telemetry.run(run);
    if (run.status === "continue") await deps.invokeSelf(run.continuation);
  }

  return async function handle(event: PrivacyErasureEvent, context: Context): Promise<DynamoDBBatchResponse | void> {
    const deadline = deadlineOf(context, DEADLINE_MARGIN_MS);
    if (isErasureContinuation(event)) {
      await followUp(await engine.resume(event, { deadline }));
      return;
    }
    if (isSweep(event)) {
      const result = await engine.sweep({ deadline, overdueAfterMs: deps.overdueAfterMs });
      telemetry.overdue(result.overdue.length);
      for (const run of result.runs) await followUp(run);
      return;
    }
    if (!Array.isArray((event as DynamoDBStreamEvent)?.Records)) {
      telemetry.failed("Not an event the deletion function handles; ignored", new TypeError("unknown event"));
      return;
    }
    const failures: DynamoDBBatchResponse["batchItemFailures"] = [];
    // In stream order: a later change must not be started before an earlier one of the same batch.
    for (const record of event.Records) {
      const change = privacyChangeFrom(record, deps.accountId);
      if (!change) continue;
      try {
        await followUp(await engine.apply(change, { deadline }));
      } catch (error) {
        telemetry.failed("Could not start the privacy change", error);
        failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" });
        // Lambda retries from the first failure: the later records come again with it.
        break;
      }
    }
    return { batchItemFailures: failures };
  };
}

function isSweep(event: unknown): event is SweepEvent {
  return typeof event === "object" && event !== null && (event as Partial<SweepEvent>).kind === "privacy-sweep";
}
