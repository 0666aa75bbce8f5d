import type { StoredMessage } from "../../slack-web-api";
import type { InvocationRecord } from "../lambda/invocation-log";
import { channelViews, type RuntimeView, stateVersion } from "../state";
import { blocksToHtml } from "./block-kit";
import { escapeHtml } from "./escape";

/** The page stays quick however long the runtime runs; /api/state has everything. */
const MESSAGES_SHOWN = 50;

/** The part of the page that changes: channels with their messages, and the forwarder's invocations. */
export function liveSectionHtml(view: RuntimeView): string {
  const sink = view.slackApiUrl
    ? `<p class="note">SLACK_API_URL is set: messages go to ${escapeHtml(view.slackApiUrl)}; this page shows only what reaches the local sink.</p>`
    : "";
  const channels = channelViews(view).map((channel) => {
    const configs = channel.configurations.length ? escapeHtml(channel.configurations.join(", ")) : "no configuration";
    return `<section class="channel" data-channel="${escapeHtml(channel.channelId)}">
      <h2>#${escapeHtml(channel.channelId)} <small>${configs}${channel.teamId ? ` · ${escapeHtml(channel.teamId)}` : ""}</small></h2>
      ${messagesHtml(channel.messages)}
    </section>`;
  });
  return `<div data-version="${escapeHtml(stateVersion(view))}">${sink}${channels.join("")}${invocationsHtml(view.invocations.list())}</div>`;
}

function messagesHtml(messages: readonly StoredMessage[]): string {
  const topLevel = messages.filter((m) => !m.threadTs || m.threadTs === m.ts);
  if (topLevel.length === 0) return `<p class="empty">No messages yet.</p>`;
  const hidden = Math.max(0, topLevel.length - MESSAGES_SHOWN);
  const earlier = hidden ? `<p class="note">${hidden} earlier message${hidden === 1 ? "" : "s"} not shown (see /api/state)</p>` : "";
  return earlier + topLevel.slice(hidden).map((message) => {
    const replies = messages.filter((m) => m.threadTs === message.ts && m.ts !== message.ts);
    const thread = replies.length ? `<div class="thread">${replies.map(messageHtml).join("")}</div>` : "";
    return `${messageHtml(message)}${thread}`;
  }).join("");
}

function messageHtml(message: StoredMessage): string {
  const at = new Date(message.postedAt).toISOString();
  return `<article class="message" data-ts="${escapeHtml(message.ts)}">
    <div class="meta">Herald <time datetime="${at}">${at.slice(11, 19)} UTC</time>${message.updatedAt ? " (edited)" : ""}</div>
    <div class="blocks">${blocksToHtml(message.blocks, message.text)}</div>
  </article>`;
}

function invocationsHtml(records: readonly InvocationRecord[]): string {
  const rows = records.slice(0, 30).map((record) => {
    const failedAttempt = record.attempts.map((a, i) => ({ ...a, number: i + 1 })).reverse().find((a) => a.error);
    // On a success the error belongs to an earlier attempt: say so, rather than look like a failure.
    const lastError = failedAttempt && `${record.status === "succeeded" ? "earlier " : ""}attempt ${failedAttempt.number}: ${failedAttempt.error}`;
    const summary = Object.entries(record.summary).filter(([, v]) => v !== undefined).map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(String(v))}`).join("<br>");
    return `<tr class="invocation status-${record.status}">
      <td><time datetime="${new Date(record.receivedAt).toISOString()}">${new Date(record.receivedAt).toISOString().slice(11, 19)}</time></td>
      <td>${escapeHtml(record.functionName)}</td>
      <td class="mono">${summary}</td>
      <td><span class="badge">${record.status}</span> ${record.attempts.length} attempt${record.attempts.length === 1 ? "" : "s"}
        ${lastError ? `<div class="${record.status === "succeeded" ? "note" : "error"}">${escapeHtml(lastError)}</div>` : ""}</td>
    </tr>`;
  });
  return `<section class="invocations"><h2>Forwarder invocations</h2>
    ${rows.length ? `<table><thead><tr><th>Time</th><th>Function</th><th>Event</th><th>Outcome</th></tr></thead><tbody>${rows.join("")}</tbody></table>` : `<p class="empty">Nothing published yet.</p>`}
  </section>`;
}
