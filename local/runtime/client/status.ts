import { labelledEndpoints } from "../endpoints";
import type { PrivacyState, RuntimeState } from "../state";

/** `herald status` as text: endpoints, Regions and topics, configurations, privacy, recent deliveries. */
export function formatStatus(state: RuntimeState): string {
  const pad = (label: string) => `  ${label.padEnd(21)}`;
  const lines = [`Herald local runtime (since ${state.startedAt}, config ${state.configPath})`, "", "Endpoints"];
  for (const [key, label] of labelledEndpoints()) lines.push(`${pad(label)}${state.endpoints[key]}`);
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
  lines.push("", "Guardrails (local documents)");
  for (const g of state.guardrails) lines.push(`  ${g.name}: ${g.note}`);
  lines.push("", "Account settings", `  ${privacyLine(state.privacy)}`);
  const request = state.privacy.latestRequest;
  if (request) {
    lines.push(`  Latest change ${request.requestId}: ${request.status}${request.notifiedAt ? `, admin told at ${request.notifiedAt}` : ""}`);
    for (const r of request.receipts) lines.push(`    ${r.region.padEnd(16)}${r.status.padEnd(10)}${r.itemsDeleted} item(s) deleted, ${r.startedAt} → ${r.endedAt ?? "…"}${r.restorableUntil ? `, restorable from backups until ${r.restorableUntil}` : ""}`);
  }
  const messages = state.channels.reduce((sum, channel) => sum + channel.messages.length, 0);
  const failed = state.invocations.filter((i) => i.status === "failed").length;
  const commands = state.channels.reduce((sum, channel) => sum + channel.conversation.filter((entry) => entry.kind === "command").length, 0);
  lines.push("", `Activity: ${messages} message(s) and ${commands} command(s) in ${state.channels.length} channel(s), ${state.invocations.length} asynchronous invocation(s), ${failed} failed`);
  const waiting = state.channels.flatMap((channel) => channel.backlog);
  lines.push(waiting.length === 0 ? "Backlogs: none (every notification is posted)" : "Backlogs (waiting to be posted at Slack's pace)");
  for (const b of waiting) {
    const paused = b.blockedUntil > Date.now() ? `, paused until ${new Date(b.blockedUntil).toISOString()}` : "";
    lines.push(`  #${b.channelId} (${b.teamId}) in ${b.region}: ${b.depth} waiting${b.oldestQueuedAt ? ` since ${new Date(b.oldestQueuedAt).toISOString()}` : ""}${paused}${b.draining ? ", draining" : ""}`);
  }
  const open = state.openAlarms;
  lines.push(open.length === 0 ? "Open alarms: none" : `Open alarms (${open.length})`);
  for (const a of open) {
    const taken = a.acknowledgedAt === undefined ? `not acknowledged${a.escalationSteps > 0 ? `, escalated ${a.escalationSteps}×` : ""}` : `acknowledged${a.acknowledgedBy === undefined ? "" : ` by ${a.acknowledgedBy}`} at ${new Date(a.acknowledgedAt).toISOString()}`;
    lines.push(`  #${a.channelId} (${a.teamId}) in ${a.region}: ${a.title}, in ALARM since ${new Date(a.openedAt).toISOString()}, ${taken}`);
  }
  return lines.join("\n");
}

function privacyLine(privacy: PrivacyState): string {
  const changed = privacy.changedBy ? `version ${privacy.version}, changed by ${privacy.changedBy} at ${privacy.changedAt}` : "default, never changed";
  return `Share user data: ${privacy.shareUserData ? "on" : "off"} (${changed})`;
}
