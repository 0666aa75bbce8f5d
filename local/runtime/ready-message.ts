import { relative } from "node:path";
import { ENDPOINT_LABELS, type Endpoints } from "./endpoints";
import type { RunningRuntime } from "./runtime";
import { REPO_ROOT, type RuntimeSettings } from "./settings";

/** The first line of the ready block: tests and scripts wait for it. */
export const READY_LINE = "Herald local runtime is ready";

/** One block, printed once, with everything a user needs to try Herald. */
export function readyMessage(runtime: RunningRuntime, settings: RuntimeSettings, elapsedMs: number): string {
  const { endpoints, config, topics } = runtime;
  const pad = (label: string) => `  ${label.padEnd(20)}`;
  const endpointLines = (Object.keys(ENDPOINT_LABELS) as (keyof Endpoints)[]).map((key) => {
    const suffix = key === "slackWebApi" && settings.slackApiUrl ? `  (not used: SLACK_API_URL=${settings.slackApiUrl})` : "";
    return `${pad(ENDPOINT_LABELS[key])}${endpoints[key]}${suffix}`;
  });
  const regions = config.account.regions.map((r) => (r === config.account.homeRegion ? `${r} (home)` : r)).join(", ");
  const arns = topics.topics.map((t, i) => `${pad(i === 0 ? "Topic ARNs" : "")}${t.arn}`);
  const configPath = relative(REPO_ROOT, settings.configPath);
  return [
    `${READY_LINE} at ${endpoints.page} (${(elapsedMs / 1000).toFixed(1)} s)`,
    `${pad("Config")}${configPath.startsWith("..") ? settings.configPath : configPath}`,
    ...endpointLines,
    `${pad("DynamoDB Local")}${runtime.dynamo.endpoint} (table "herald" in each Region)`,
    `${pad("Regions")}${regions}`,
    ...arns,
    `${pad("Signing secret")}${settings.signingSecret}  (local only; set HERALD_SIGNING_SECRET to choose it)`,
    "",
    `  Try:  npx herald publish --topic ${config.topics[0].name} --message "Hello from Herald"`,
    "        npx herald status",
    "  Ctrl-C stops everything.",
    "",
  ].join("\n");
}
