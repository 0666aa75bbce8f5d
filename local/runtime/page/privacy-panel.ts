import type { PrivacyState } from "../state";
import { escapeHtml } from "./escape";

/** The page's account settings: the "Share user data" toggle, who changed it and when, and the erasure receipts per Region. */
export function privacyPanelHtml(privacy: PrivacyState): string {
  const on = privacy.shareUserData;
  const changed = privacy.changedBy
    ? `version ${privacy.version}, changed by <span class="mono">${escapeHtml(privacy.changedBy)}</span> ${timeOf(privacy.changedAt)}`
    : "never changed (the default)";
  return `<section class="panel" id="account-settings" data-share-user-data="${on}" data-privacy-version="${privacy.version}">
    <h2>Account settings</h2>
    <label class="toggle"><input type="checkbox" id="share-user-data" ${on ? "checked" : ""}> Share user data: <strong class="privacy-value">${on ? "on" : "off"}</strong></label>
    <p class="note">${changed}. The toggle changes it <span class="acting-as">acting as <span class="mono">${escapeHtml(privacy.actingAs)}</span></span> (the first of <code>account.admins</code>);
      the notice that an erasure is done goes to #${escapeHtml(privacy.notifyChannel)}.</p>
    <p class="note">${on
      ? "Herald keeps notifications, command inputs, its answers and button clicks in the Region that produced them, with a TTL, for <code>/aws history</code> and suggestions."
      : "Herald keeps no new user data. Configurations and this setting are not user data and remain."}</p>
    <output id="privacy-result"></output>
    ${receiptsHtml(privacy.latestRequest)}
  </section>`;
}

function receiptsHtml(request: PrivacyState["latestRequest"]): string {
  if (!request) return `<p class="empty" id="erasure-receipts">No privacy change yet: no erasure receipts.</p>`;
  const what = request.shareUserData ? "Opt-in applied" : "Erasure";
  const rows = request.receipts.map((r) => `<tr class="receipt status-${escapeHtml(r.status)}" data-region="${escapeHtml(r.region)}">
      <td>${escapeHtml(r.region)}</td>
      <td><span class="badge">${escapeHtml(r.status)}</span>${r.attempts ? ` <small>${r.attempts} failed attempt${r.attempts === 1 ? "" : "s"}${r.lastError ? ` (${escapeHtml(r.lastError)})` : ""}</small>` : ""}</td>
      <td class="items-deleted">${r.itemsDeleted}</td>
      <td>${timeOf(r.startedAt)}</td>
      <td>${r.endedAt ? timeOf(r.endedAt) : "—"}</td>
      <td class="restorable-until">${r.restorableUntil ? escapeHtml(r.restorableUntil.slice(0, 10)) : "—"}</td>
    </tr>`);
  const told = request.notifiedAt ? ` · admin told ${timeOf(request.notifiedAt)}` : "";
  return `<div id="erasure-receipts" data-request-id="${escapeHtml(request.requestId)}" data-status="${escapeHtml(request.status)}">
    <h3>${what} <span class="mono">${escapeHtml(request.requestId)}</span>: ${escapeHtml(request.status)}${told}</h3>
    ${rows.length ? `<table><thead><tr><th>Region</th><th>Status</th><th>Items deleted</th><th>Started</th><th>Ended</th><th title="Point-in-time recovery can restore erased items until then">Restorable until</th></tr></thead><tbody>${rows.join("")}</tbody></table>` : `<p class="empty">Starting…</p>`}
  </div>`;
}

function timeOf(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeHtml(iso);
  return `<time datetime="${date.toISOString()}">${date.toISOString().slice(11, 19)} UTC</time>`;
}
