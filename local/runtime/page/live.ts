import type { StoredMessage } from "../../stand-ins/slack-web-api";
import type { InvocationRecord } from "../lambda/invocation-log";
import type { ConversationEntry } from "../slack/conversations";
import { type ChannelView, channelViews, privacyState, type RuntimeView, stateVersion } from "../state";
import { blocksToHtml } from "./block-kit";
import { escapeHtml } from "./escape";
import { privacyPanelHtml } from "./privacy-panel";

/** The page stays quick however long the runtime runs; /api/state has everything. */
const MESSAGES_SHOWN = 50;

/** The part of the page that changes: account settings and receipts, channels with their messages and command boxes, and the functions' invocations. */
export function liveSectionHtml(view: RuntimeView): string {
  const sink = view.slackApiUrl
    ? `<p class="note">SLACK_API_URL is set: messages go to ${escapeHtml(view.slackApiUrl)}; this page shows only what reaches the local sink and the runtime's response URLs.</p>`
    : "";
  const defaultUser = view.config.account.admins[0];
  const channels = channelViews(view).map((channel) => {
    const configs = channel.configurations.length ? escapeHtml(channel.configurations.join(", ")) : "no configuration";
    return `<section class="channel" data-channel="${escapeHtml(channel.channelId)}">
      <h2>#${escapeHtml(channel.channelId)} <small>${configs}${channel.teamId ? ` · ${escapeHtml(channel.teamId)}` : ""}</small>${backlogHtml(channel)}</h2>
      ${channelHtml(channel)}
      ${commandBoxHtml(channel.channelId, defaultUser)}
    </section>`;
  });
  return `<div data-version="${escapeHtml(stateVersion(view))}">${sink}${privacyPanelHtml(privacyState(view.privacy.snapshot()))}${channels.join("")}${invocationsHtml(view.invocations.list())}</div>`;
}

type Item = { readonly at: number; readonly html: string };

/** What waits to be posted (storm control): how many, since when, and whether Slack asked to wait. */
function backlogHtml(channel: ChannelView): string {
  if (channel.backlog.length === 0) return "";
  const depth = channel.backlog.reduce((sum, backlog) => sum + backlog.depth, 0);
  const oldest = Math.min(...channel.backlog.map((backlog) => backlog.oldestQueuedAt ?? Infinity));
  const blockedUntil = Math.max(...channel.backlog.map((backlog) => backlog.blockedUntil));
  const parts = [`${depth} waiting`];
  if (Number.isFinite(oldest)) parts.push(`oldest queued ${new Date(oldest).toISOString().slice(11, 19)} UTC`);
  if (blockedUntil > Date.now()) parts.push(`paused until ${new Date(blockedUntil).toISOString().slice(11, 19)} UTC (Retry-After or backoff)`);
  const regions = channel.backlog.map((backlog) => `${backlog.region}: ${backlog.depth}`).join(", ");
  return ` <span class="backlog" title="${escapeHtml(`Queued per Region: ${regions}`)}">${escapeHtml(parts.join(" · "))}</span>`;
}

/** Bot messages (with their threads) and the channel's commands and answers, in the order they happened. */
function channelHtml(channel: ChannelView): string {
  const topLevel = channel.messages.filter((m) => !m.threadTs || m.threadTs === m.ts);
  const items: Item[] = [
    ...topLevel.map((message) => {
      const replies = channel.messages.filter((m) => m.threadTs === message.ts && m.ts !== message.ts);
      const thread = replies.length ? `<div class="thread">${replies.map(messageHtml).join("")}</div>` : "";
      return { at: message.postedAt, html: `${messageHtml(message)}${thread}` };
    }),
    ...channel.conversation.map((entry) => ({ at: entry.at, html: entryHtml(entry) })),
  ].sort((a, b) => a.at - b.at);
  if (items.length === 0) return `<p class="empty">No messages yet.</p>`;
  const hidden = Math.max(0, items.length - MESSAGES_SHOWN);
  const earlier = hidden ? `<p class="note">${hidden} earlier message${hidden === 1 ? "" : "s"} not shown (see /api/state)</p>` : "";
  return earlier + items.slice(hidden).map((item) => item.html).join("");
}

function messageHtml(message: StoredMessage): string {
  return `<article class="message posted" data-message-id="${escapeHtml(message.ts)}">
    <div class="meta">Herald ${timeHtml(message.postedAt)}${message.updatedAt ? " (edited)" : ""}</div>
    <div class="blocks">${blocksToHtml(message.blocks, message.text)}</div>
  </article>`;
}

function entryHtml(entry: ConversationEntry): string {
  const user = `<span class="user">${escapeHtml(entry.userId)}</span>`;
  switch (entry.kind) {
    case "command":
      // What the person typed, shown as typed (never interpreted as Slack markup).
      return `<article class="message command" data-message-id="${escapeHtml(entry.id)}">
        <div class="meta">${user} ${timeHtml(entry.at)}</div><div class="typed"><code>${escapeHtml(entry.text)}</code></div>
      </article>`;
    case "click":
      return `<p class="message click">${user} clicked <q>${escapeHtml(entry.text)}</q> ${timeHtml(entry.at)}</p>`;
    case "answer": {
      const visibility = entry.visibility === "ephemeral" ? ` · <span class="visibility">only visible to ${escapeHtml(entry.userId)}</span>` : "";
      const how = entry.via === "http" ? "immediate answer" : "via response_url";
      return `<article class="message answer ${entry.visibility}${entry.failed ? " failed" : ""}" data-message-id="${escapeHtml(entry.id)}">
        <div class="meta">Herald ${timeHtml(entry.at)} · ${how}${visibility}${entry.updatedAt ? " (edited)" : ""}</div>
        <div class="blocks">${entry.failed ? `<p class="error">${escapeHtml(entry.text)}</p>` : blocksToHtml(entry.blocks, entry.text)}</div>
      </article>`;
    }
  }
}

/** Type a slash command as a user of this channel: the runtime signs it and sends it like Slack. */
function commandBoxHtml(channelId: string, defaultUser: string): string {
  return `<form class="command-box" data-channel="${escapeHtml(channelId)}" autocomplete="off">
    <input name="user" class="command-user" value="${escapeHtml(defaultUser)}" list="known-users" pattern="[UW][A-Z0-9]{2,30}" required
      aria-label="Slack user id" title="The Slack user id the command (and any button click in this channel) is sent as">
    <input name="text" class="command-text" placeholder="/aws dynamodb list-tables" required aria-label="Slash command">
    <button type="submit">Send</button>
    <output class="command-result"></output>
  </form>`;
}

function timeHtml(at: number): string {
  const iso = new Date(at).toISOString();
  return `<time datetime="${iso}">${iso.slice(11, 19)} UTC</time>`;
}

function invocationsHtml(records: readonly InvocationRecord[]): string {
  const rows = records.slice(0, 30).map((record) => {
    const failedAttempt = record.attempts.map((a, i) => ({ ...a, number: i + 1 })).reverse().find((a) => a.error);
    // On a success the error belongs to an earlier attempt: say so, rather than look like a failure.
    const lastError = failedAttempt && `${record.status === "succeeded" ? "earlier " : ""}attempt ${failedAttempt.number}: ${failedAttempt.error}`;
    const summary = Object.entries(record.summary).filter(([, v]) => v !== undefined).map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(String(v))}`).join("<br>");
    return `<tr class="invocation status-${record.status}">
      <td><time datetime="${new Date(record.receivedAt).toISOString()}">${new Date(record.receivedAt).toISOString().slice(11, 19)}</time></td>
      <td>${escapeHtml(record.functionName)}<br><small>${escapeHtml(record.region)}</small></td>
      <td class="mono">${summary}</td>
      <td><span class="badge">${record.status}</span> ${record.attempts.length} attempt${record.attempts.length === 1 ? "" : "s"}
        ${lastError ? `<div class="${record.status === "succeeded" ? "note" : "error"}">${escapeHtml(lastError)}</div>` : ""}</td>
    </tr>`;
  });
  return `<section class="invocations"><h2>Asynchronous invocations <small>forwarders and the command worker</small></h2>
    ${rows.length ? `<table><thead><tr><th>Time</th><th>Function</th><th>Event</th><th>Outcome</th></tr></thead><tbody>${rows.join("")}</tbody></table>` : `<p class="empty">Nothing invoked yet.</p>`}
  </section>`;
}
