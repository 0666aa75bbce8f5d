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

/** Baseline: what a forwarder that only dumps the message does (parse + stringify). */
function dumpMessage(input: SnsNotificationInput): string {
  try {
    return JSON.stringify(JSON.parse(input.message));
  } catch {
    return JSON.stringify(input.message);
  }
}

export function measureRenderThroughput(budgetMs = 2_000): ThroughputMeasurement[] {
  const corpus = listSnsFixtures().map(loadSnsFixture);
  return [
    throughput("JSON.stringify of the messages (baseline)", corpus, dumpMessage, budgetMs),
    throughput("renderNotification", corpus, renderNotification, budgetMs),
    throughput("renderNotification + toSlackMessage", corpus, (input) => toSlackMessage(renderNotification(input)), budgetMs),
  ];
}

/** Event families of the catalogue, by the kind of notification their fixtures render to. */
const FAMILIES: ReadonlyArray<readonly [family: string, kinds: readonly string[]]> = [
  ["CloudWatch alarms", ["cloudwatch-alarm"]],
  ["Custom notifications", ["custom"]],
  ["Security (GuardDuty, Security Hub, Inspector)", ["guardduty-finding", "guardduty-malware-scan", "securityhub-finding", "inspector-finding"]],
  ["Health and Config", ["health-event", "config-compliance"]],
  ["Systems Manager", ["ssm-automation", "ssm-run-command", "ssm-parameter-store", "ssm-state-manager"]],
  ["Developer tools (incl. CodeStar)", ["codepipeline", "codebuild", "codedeploy", "codecommit"]],
  ["Compute (ECS, EC2, Auto Scaling)", ["ecs-task", "ec2-instance-state", "autoscaling"]],
  ["Data (Glue, RDS, DMS)", ["glue-job", "rds-event", "rds-event-subscription", "dms-event"]],
  ["EventBridge, any other event", ["eventbridge"]],
  ["Service texts (CloudFormation, Budgets, Backup, Prometheus)", ["cloudformation-stack", "budgets", "backup", "prometheus-alertmanager"]],
  ["Unknown JSON and plain text", ["json", "text"]],
];

export interface FamilyThroughput {
  readonly family: string;
  readonly fixtures: number;
  readonly baseline: ThroughputMeasurement;
  readonly render: ThroughputMeasurement;
  readonly renderAndAdapt: ThroughputMeasurement;
}

/** The same three measurements per event family, each family against its own baseline. */
export function measureRenderThroughputByFamily(budgetMs = 250): FamilyThroughput[] {
  const corpus = listSnsFixtures().map(loadSnsFixture);
  const kindOf = new Map(corpus.map((input) => [input, renderNotification(input).kind]));
  const unassigned = [...new Set(kindOf.values())].filter((kind) => !FAMILIES.some(([, kinds]) => kinds.includes(kind)));
  if (unassigned.length > 0) throw new Error(`bench/render.ts: no family for ${unassigned.join(", ")}`);
  return FAMILIES.map(([family, kinds]) => {
    const inputs = corpus.filter((input) => kinds.includes(kindOf.get(input) ?? ""));
    return {
      family,
      fixtures: inputs.length,
      baseline: throughput(`${family}: baseline`, inputs, dumpMessage, budgetMs),
      render: throughput(`${family}: renderNotification`, inputs, renderNotification, budgetMs),
      renderAndAdapt: throughput(`${family}: + toSlackMessage`, inputs, (input) => toSlackMessage(renderNotification(input)), budgetMs),
    };
  });
}

export const corpusSize = () => listSnsFixtures().length;
