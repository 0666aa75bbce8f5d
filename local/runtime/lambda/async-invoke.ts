import { randomUUID } from "node:crypto";
import type { InvocationAttempt, InvocationLog, InvocationRecord } from "./invocation-log";
import type { LocalFunction } from "./local-function";

/**
 * Lambda's asynchronous invocation (how SNS invokes a subscribed function, and the command function
 * its worker): accept at once, run, and on a function error retry twice with backoff, then give up
 * (in AWS the event would go to the on-failure destination). Lambda waits about 1 and 2 minutes;
 * locally the waits are short. A function configured with no retries (the command worker) gets
 * `retryDelaysMs: []`.
 */
export const LOCAL_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000];

export interface InvokeOptions {
  /** This function's retries (default: the invoker's). */
  readonly retryDelaysMs?: readonly number[];
  /** What happens to an event that failed every attempt in AWS, for the terminal. */
  readonly afterLastFailure?: string;
}

export interface AsyncInvocation {
  readonly record: InvocationRecord;
  /** Settles when the invocation succeeded (resolves) or failed its last attempt (rejects). */
  readonly done: Promise<void>;
}

export interface AsyncInvokerOptions {
  readonly log: InvocationLog;
  readonly retryDelaysMs?: readonly number[];
  /** One line per attempt's outcome, for the terminal. */
  readonly report: (line: string) => void;
}

export class AsyncInvoker {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: AsyncInvokerOptions) {}

  /** Queues one event for the function; the record is updated as it runs. */
  invoke(fn: LocalFunction, event: unknown, summary: InvocationRecord["summary"], options: InvokeOptions = {}): AsyncInvocation {
    const record = this.options.log.add({ id: randomUUID(), functionName: fn.name, region: fn.region, summary, receivedAt: Date.now(), status: "running", attempts: [] });
    let settle!: { resolve: () => void; reject: (error: Error) => void };
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    // Callers that only fire and forget must not turn a failure into an unhandled rejection.
    done.catch(() => undefined);
    this.attempt(fn, event, record, options, settle);
    return { record, done };
  }

  /** Cancels pending retries and waits for running attempts to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private attempt(fn: LocalFunction, event: unknown, record: InvocationRecord, options: InvokeOptions, settle: { resolve: () => void; reject: (error: Error) => void }): void {
    const { log, report } = this.options;
    const delays = options.retryDelaysMs ?? this.options.retryDelaysMs ?? LOCAL_RETRY_DELAYS_MS;
    const attempt: InvocationAttempt = { startedAt: Date.now() };
    record.attempts.push(attempt);
    record.status = "running";
    record.nextAttemptAt = undefined;
    log.changed();
    const label = `${fn.name} (${fn.region}) ${describe(record.summary)}`;
    const run = fn.invoke(event).then(
      () => {
        attempt.durationMs = Date.now() - attempt.startedAt;
        record.status = "succeeded";
        report(`${label}: succeeded (attempt ${record.attempts.length}, ${attempt.durationMs} ms)`);
        settle.resolve();
      },
      (error: unknown) => {
        attempt.durationMs = Date.now() - attempt.startedAt;
        attempt.error = (error as Error).message;
        const retry = record.attempts.length - 1;
        if (retry < delays.length && !this.stopped) {
          record.status = "retrying";
          record.nextAttemptAt = Date.now() + delays[retry];
          report(`${label}: attempt ${record.attempts.length} failed, retrying in ${delays[retry] / 1000} s: ${attempt.error}`);
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.attempt(fn, event, record, options, settle);
          }, delays[retry]);
          this.timers.add(timer);
        } else {
          record.status = "failed";
          const after = options.afterLastFailure ?? "in AWS the event would go to the failed-events queue";
          report(`${label}: FAILED after ${record.attempts.length} attempt${record.attempts.length === 1 ? "" : "s"} (${after}): ${attempt.error}`);
          settle.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    ).finally(() => {
      this.running.delete(run);
      log.changed();
    });
    this.running.add(run);
  }
}

function describe(summary: InvocationRecord["summary"]): string {
  return Object.entries(summary).filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${value}`).join(" ");
}
