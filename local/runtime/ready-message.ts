import { relative } from "node:path";
import { labelledEndpoints } from "./endpoints";
import { GUARDRAILS_SETTING } from "./guardrails";
import type { RunningRuntime } from "./runtime";
import { REPO_ROOT, type RuntimeSettings } from "./settings";

/** The first line of the ready block: tests and scripts wait for it. */
export const READY_LINE = "Herald local runtime is ready";

/** One block, printed once, with everything a user needs to try Herald. */
export function readyMessage(runtime: RunningRuntime, settings: RuntimeSettings, elapsedMs: number): string {
  const { endpoints, config, topics, guardrails } = runtime;
  const pad = (label: string) => `  ${label.padEnd(20)}`;
  const endpointLines = labelledEndpoints().map(([key, label]) => {
    const suffix = key === "slackWebApi" && settings.slackApiUrl ? `  (not used: SLACK_API_URL=${settings.slackApiUrl})` : "";
    return `${pad(label)}${endpoints[key]}${suffix}`;
  });
  const regions = config.account.regions.map((r) => (r === config.account.homeRegion ? `${r} (home)` : r)).join(", ");
  const arns = topics.topics.map((t, i) => `${pad(i === 0 ? "Topic ARNs" : "")}${t.arn}`);
  const guardrailLines = guardrails.map((g, i) => `${pad(i === 0 ? "Guardrails" : "")}${g.name}: ${g.note}`);
  const missing = guardrails.filter((g) => g.origin === "none");
  const notes = [
    ...missing.map((g) => `  Note: ${g.name} has no local document, so commands in ${g.channels.map((c) => `#${c}`).join(", ")} are denied unless another guardrail allows them.` +
      ` Give its document in a JSON file named by ${GUARDRAILS_SETTING} ({ "${g.arn}": { "Version": "2012-10-17", "Statement": [...] } }).`),
    ...(settings.slackApiUrl
      ? [`  Note: with SLACK_API_URL set, the worker accepts response URLs only on Slack's hooks and ${new URL(settings.slackApiUrl).origin}: slash-command answers cannot reach this runtime.`]
      : []),
  ];
  const firstChannel = config.channels[0].channelId;
  const shownPath = (path: string) => (relative(REPO_ROOT, path).startsWith("..") ? path : relative(REPO_ROOT, path));
  return [
    `${READY_LINE} at ${endpoints.page} (${(elapsedMs / 1000).toFixed(1)} s)`,
    `${pad("Config")}${shownPath(settings.configPath)}`,
    ...endpointLines,
    `${pad("DynamoDB Local")}${runtime.dynamo.endpoint} (table "herald" in each Region)`,
    `${pad("Data")}${shownPath(settings.dataDir)}  (kept between runs; \`npm start -- --fresh\` starts empty)`,
    `${pad("Regions")}${regions}`,
    ...arns,
    ...guardrailLines,
    `${pad("Signing secret")}${settings.signingSecret}  (local only; set HERALD_SIGNING_SECRET to choose it)`,
    ...(notes.length ? ["", ...notes] : []),
    "",
    `  Try:  npx herald publish --topic ${config.topics[0].name} --message "Hello from Herald"`,
    `        npx herald slack "/aws dynamodb list-tables" --channel ${firstChannel}   (or type it in a channel's box on the page)`,
    "        npx herald status",
    "  Ctrl-C stops everything.",
    "",
  ].join("\n");
}
