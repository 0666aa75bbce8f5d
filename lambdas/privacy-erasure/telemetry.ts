import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import type { ErasureRun, ErasureSummary, ErasureTelemetry } from "../shared/privacy";

/**
 * Logs (one JSON line per Region outcome) and EMF metrics of the deletion function, in namespace
 * Herald: ErasureItemsDeleted and ErasureRegionFailures per Region, ErasureOverdue from the
 * scheduled check (the alarm's metric). Ids, counts, times and error names only: never user content.
 */
export interface PrivacyErasureTelemetry extends ErasureTelemetry {
  run(run: ErasureRun): void;
  /** Every Region is done (before the admin is told). */
  completed(summary: ErasureSummary): void;
  overdue(count: number): void;
  failed(what: string, error: unknown): void;
}

export function createPrivacyErasureTelemetry(logger: Logger, metrics: Metrics): PrivacyErasureTelemetry {
  const metric = (name: string, value: number, region?: string) => {
    const single = metrics.singleMetric();
    if (region) single.addDimension("Region", region);
    single.addMetric(name, MetricUnit.Count, value);
  };
  return {
    regionFinished(outcome) {
      logger.info(`Privacy change ${outcome.status} in ${outcome.region}`, { ...outcome });
      metric("ErasureItemsDeleted", outcome.itemsDeleted, outcome.region);
    },
    attemptFailed(failure) {
      logger.warn(`Privacy change attempt failed in ${failure.region}; ${failure.gaveUp ? "giving up" : "retrying with backoff"}`, {
        ...failure, nextAttemptAt: new Date(failure.nextAttemptAt).toISOString(),
      });
      metric("ErasureRegionFailures", 1, failure.region);
    },
    outboxErased(region, count) {
      logger.info(`Erased ${count} notification(s) waiting in ${region}'s outboxes while sharing is off`, { region, count });
    },
    notifyFailed(requestId, error) {
      logger.error("Could not tell the admin that the privacy change is done; the scheduled check retries", { requestId, error: (error as Error)?.name });
    },
    completed(summary) {
      logger.info("Privacy change done in every Region", {
        requestId: summary.requestId,
        status: summary.status,
        itemsDeleted: summary.itemsDeleted,
        restorableUntil: summary.restorableUntil,
        regions: summary.regions.map(({ region, status, itemsDeleted, outboxItemsErased, attempts, startedAt, endedAt, restorableUntil }) => ({ region, status, itemsDeleted, outboxItemsErased, attempts, startedAt, endedAt, restorableUntil })),
      });
    },
    run(run) {
      if (run.status === "continue") logger.info("Privacy change continues in a new invocation", { requestId: run.requestId, regions: run.regions });
      else logger.info(`Privacy change run ended: ${run.status}`, { requestId: run.requestId, ...(run.status !== "busy" && run.summary ? { itemsDeleted: run.summary.itemsDeleted } : {}) });
    },
    overdue(count) {
      metric("ErasureOverdue", count);
      if (count > 0) logger.error("Privacy changes pending longer than the configured bound", { count });
    },
    failed(what, error) {
      logger.error(what, { error: (error as Error)?.name, message: error instanceof Error && "expose" in error && error.expose ? error.message : undefined });
    },
  };
}
