import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";

/**
 * The one handler shape: `index.ts` builds the ports once at init and exports
 * `lambdaHandler(telemetry, createXHandler(ports))`. Each invocation adds the Lambda context to the
 * logs (request id, cold start, function), and metrics are flushed when it ends, thrown or not.
 *
 * Powertools' own middy middlewares do the same; middy itself is ESM-only, which the CommonJS test
 * and bundle setup here cannot load, so this 20-line wrapper stands in for `injectLambdaContext`
 * and `logMetrics` with the same calls.
 */
export interface HandlerTelemetry {
  readonly logger: Logger;
  readonly metrics?: Metrics;
}

export function lambdaHandler<Event, Result>(telemetry: HandlerTelemetry, handle: (event: Event, context: Context) => Promise<Result>): (event: Event, context: Context) => Promise<Result> {
  return async (event, context) => {
    telemetry.logger.addContext(context);
    telemetry.metrics?.captureColdStartMetric();
    try {
      return await handle(event, context);
    } finally {
      telemetry.metrics?.publishStoredMetrics();
    }
  };
}

/** Epoch ms at which the handler must stop starting work: Lambda's deadline less `marginMs`. */
export function deadlineOf(context: Pick<Context, "getRemainingTimeInMillis">, marginMs: number, now: number = Date.now()): number {
  return now + context.getRemainingTimeInMillis() - marginMs;
}
