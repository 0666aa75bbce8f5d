import { ENDPOINT_LABELS, type Endpoints } from "../endpoints";
import type { RuntimeState } from "../state";

/** `herald status` as text: endpoints, Regions and topics, configurations, privacy, recent deliveries. */
export function formatStatus(state: RuntimeState): string {
  const pad = (label: string) => `  ${label.padEnd(21)}`;
  const lines = [`Herald local runtime (since ${state.startedAt}, config ${state.configPath})`, "", "Endpoints"];
  for (const key of Object.keys(ENDPOINT_LABELS) as (keyof Endpoints)[]) lines.push(`${pad(ENDPOINT_LABELS[key])}${state.endpoints[key]}`);
  lines.push(`${pad("Slack messages go to")}${state.slack.sink === "local" ? `the local sink (${state.slack.url})` : state.slack.url}`);
  lines.push("", `Regions and topics (account ${state.accountId})`);
  for (const region of state.regions) {
    lines.push(`  ${region.region}${region.home ? " (home)" : ""}`);
    for (const topic of region.topics) lines.push(`    ${topic.arn}`);
  }
  lines.push("", "Configurations");
  for (const c of state.configurations) {
    lines.push(`  ${c.name}: #${c.channelId} (${c.teamId}), topics ${c.topics.join(", ")}, logging ${c.loggingLevel}, guardrails ${c.guardrailPolicyArns.join(", ")}`);
  }
  lines.push("", "Account settings", `  Share user data: ${state.privacy.shareUserData ? "on" : "off"} (${state.privacy.note})`);
  const messages = state.channels.reduce((sum, channel) => sum + channel.messages.length, 0);
  const failed = state.invocations.filter((i) => i.status === "failed").length;
  lines.push("", `Activity: ${messages} message(s) in ${state.channels.length} channel(s), ${state.invocations.length} forwarder invocation(s), ${failed} failed`);
  return lines.join("\n");
}
