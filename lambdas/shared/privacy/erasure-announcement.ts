import { randomUUID } from "node:crypto";
import type { ChatPoster } from "../chat/chat-platform";
import type { Notification } from "../notifications/model";
import type { ErasureRequests } from "../store/erasure-requests";
import { PrivacyError } from "./errors";
import type { ChatPlace, ErasureReceipt, ErasureRequest } from "./types";

/**
 * The announcement: what the admin who opted out is told when every Region is done — per-Region
 * counts and times, until when a backup could still restore what was erased, and the request id,
 * in the channel where they asked (no user content: the summary holds none) — and the claim that
 * makes it go out once.
 */

/** What the admin is told: per-Region counts and times, no user content. */
export interface ErasureSummary {
  readonly accountId: string;
  readonly requestId: string;
  readonly version: number;
  /** false: an opt-out (erasure); true: an opt-in applied everywhere. */
  readonly shareUserData: boolean;
  readonly status: "complete" | "failed";
  /** Slack user id of the admin who changed the setting. */
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly completedAt: string;
  readonly notify?: ChatPlace;
  readonly regions: readonly ErasureReceipt[];
  readonly itemsDeleted: number;
  /** The latest `restorableUntil` of the Regions: no backup can restore erased data after it. */
  readonly restorableUntil?: string;
}

export interface AnnouncementDeps {
  /** The home table's requests (the notice's claim). */
  readonly requests: ErasureRequests;
  /** Told once per request (the admin's Slack message). May throw: the sweep retries. */
  readonly onComplete?: (summary: ErasureSummary) => Promise<void> | void;
  /** How long one caller may take to tell the admin before another may try. */
  readonly claimMs: number;
  readonly notifyFailed: (requestId: string, error: unknown) => void;
  readonly now: () => number;
}

/**
 * `onComplete` once per request: claimed first (so a run and the sweep that both see the request
 * finished cannot both tell the admin), then remembered. A failure gives the claim back, is
 * reported, and is left for the sweep to retry. Only a crash between posting and remembering can
 * repeat the message, once the claim has lapsed. Never throws.
 */
export function createAnnouncement(deps: AnnouncementDeps): (summary: ErasureSummary) => Promise<void> {
  return async (summary) => {
    try {
      const hold = await deps.requests.claimNotice(summary.accountId, summary.version, randomUUID(), deps.now() + deps.claimMs);
      if (!hold) return;
      try {
        await deps.onComplete?.(summary);
      } catch (error) {
        await deps.requests.endNotice(hold);
        throw error;
      }
      await deps.requests.endNotice(hold, new Date(deps.now()).toISOString());
    } catch (error) {
      deps.notifyFailed(summary.requestId, error);
    }
  };
}

/** The summary of a finished request, from its receipts. */
export function summaryOf(request: Pick<ErasureRequest, "requestId" | "change">, status: "complete" | "failed", completedAt: string, receipts: readonly ErasureReceipt[]): ErasureSummary {
  const { change } = request;
  const restorable = receipts.map((receipt) => receipt.restorableUntil).filter((at): at is string => at !== undefined).sort().at(-1);
  return {
    accountId: change.accountId,
    requestId: request.requestId,
    version: change.version,
    shareUserData: change.shareUserData,
    status,
    requestedBy: change.changedBy,
    requestedAt: change.changedAt,
    completedAt,
    ...(change.notify ? { notify: change.notify } : {}),
    regions: receipts,
    itemsDeleted: receipts.reduce((sum, receipt) => sum + receipt.itemsDeleted, 0),
    ...(restorable ? { restorableUntil: restorable } : {}),
  };
}

export interface ErasureNotifierOptions {
  /** The chat platform's poster (lambdas/shared/slack/poster.ts for Slack). */
  readonly poster: ChatPoster;
  /** The secret holding the bot token of a workspace (`workspaces[].botTokenSecretName`), if it is configured. */
  readonly botTokenSecretFor: (teamId: string) => string | undefined;
  /** How long posting may take, rate limits included. @default 20 s */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

/** The erasure engine's `onComplete`: posts the notice of an opt-out. Throws when it could not (the engine's sweep retries). */
export function createErasureNotifier(options: ErasureNotifierOptions): (summary: ErasureSummary) => Promise<void> {
  const now = options.now ?? Date.now;
  return async (summary) => {
    // An opt-in stores new data only: there is nothing to report. A change made without a chat place (none today) has nobody to tell.
    if (summary.shareUserData || !summary.notify) return;
    const { teamId, channelId } = summary.notify;
    const botTokenSecretName = options.botTokenSecretFor(teamId);
    if (!botTokenSecretName) throw new PrivacyError(`No bot token is configured for workspace ${teamId}: cannot tell the admin that ${summary.requestId} is done`);
    await options.poster.post({ teamId, channelId, botTokenSecretName }, erasureNotice(summary), { deadline: now() + (options.timeoutMs ?? 20_000) });
  };
}

/** The notice as a platform-neutral notification. */
export function erasureNotice(summary: ErasureSummary): Notification {
  const complete = summary.status === "complete";
  const who = summary.notify?.userId ?? summary.requestedBy;
  const regions = [...summary.regions].sort((a, b) => a.region.localeCompare(b.region));
  const title = complete ? "Herald erased its user data in every Region" : "Herald could not finish erasing its user data";
  const lines = [
    `${who ? `${who} turned Share user data off at ${summary.requestedAt}. ` : ""}`
      + (complete
        ? `Every Region has erased what Herald kept (${summary.itemsDeleted} item${summary.itemsDeleted === 1 ? "" : "s"}) and stores nothing new.`
        : "At least one Region gave up; its receipt says why. Herald stores nothing new in any Region."),
    ...(complete && summary.restorableUntil ? [`Point-in-time recovery keeps restorable copies of the erased data until ${summary.restorableUntil}; none after that.`] : []),
    "Configurations and the privacy setting itself are not user data and remain.",
  ];
  return {
    kind: "privacy-erasure",
    recognized: true,
    title,
    severity: complete ? "ok" : "high",
    summary: `${title} (request ${summary.requestId}, ${summary.itemsDeleted} items)`,
    body: { text: lines.join("\n") },
    fields: [
      ...regions.map((receipt) => ({
        label: receipt.region,
        value: `${receipt.status}: ${receipt.itemsDeleted} item${receipt.itemsDeleted === 1 ? "" : "s"} deleted`
          + `${receipt.outboxItemsErased > 0 ? ` (${receipt.outboxItemsErased} waiting in an outbox)` : ""}`
          + `${receipt.endedAt ? `, ${receipt.startedAt} → ${receipt.endedAt}` : ""}`
          + `${receipt.restorableUntil ? `; restorable from backups until ${receipt.restorableUntil}` : ""}`,
      })),
      { label: "Request", value: summary.requestId, code: true },
    ],
    lists: [],
    links: [],
    context: [`Completed ${summary.completedAt}`],
  };
}
