import { renderNotification } from "../lambdas/shared/notifications/render";
import type { SnsNotificationInput } from "../lambdas/shared/notifications/model";
import { toSlackMessage } from "../lambdas/shared/slack/blocks";
import { listSnsFixtures, loadSnsFixture } from "../test/fixtures/sns/load";

export interface ThroughputMeasurement {
  readonly label: string;
  readonly perSecond: number;
  readonly iterations: number;
}

/** Runs `work` over the whole corpus repeatedly for about `budgetMs`, after a warm-up. */
function throughput(label: string, corpus: readonly SnsNotificationInput[], work: (input: SnsNotificationInput) => unknown, budgetMs: number): ThroughputMeasurement {
  for (let i = 0; i < 3; i++) corpus.forEach(work);
  let iterations = 0;
  const started = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < budgetMs) {
    for (const input of corpus) work(input);
    iterations += corpus.length;
    elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return { label, perSecond: (iterations / elapsedMs) * 1000, iterations };
}

export function measureRenderThroughput(budgetMs = 2_000): ThroughputMeasurement[] {
  const corpus = listSnsFixtures().map(loadSnsFixture);
  return [
    // Baseline: what a forwarder that only dumps the message does (parse + stringify).
    throughput("JSON.stringify of the messages (baseline)", corpus, (input) => {
      try {
        return JSON.stringify(JSON.parse(input.message));
      } catch {
        return JSON.stringify(input.message);
      }
    }, budgetMs),
    throughput("renderNotification", corpus, renderNotification, budgetMs),
    throughput("renderNotification + toSlackMessage", corpus, (input) => toSlackMessage(renderNotification(input)), budgetMs),
  ];
}

export const corpusSize = () => listSnsFixtures().length;
