import type { ChatPoster } from "../chat/chat-platform";
import type { Notification } from "../notifications/model";
import type { ErasureSummary } from "./erasure";
import { PrivacyError } from "./errors";

/**
 * What the admin who opted out is told when every Region is done: per-Region counts and times and
 * the request id, in the channel where they asked (no user content: the summary holds none).
 */

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
        value: `${receipt.status}: ${receipt.itemsDeleted} item${receipt.itemsDeleted === 1 ? "" : "s"} deleted${receipt.endedAt ? `, ${receipt.startedAt} → ${receipt.endedAt}` : ""}`,
      })),
      { label: "Request", value: summary.requestId, code: true },
    ],
    lists: [],
    links: [],
    context: [`Completed ${summary.completedAt}`],
  };
}

/** `SLACK_BOT_TOKEN_SECRET_NAMES` (`T0123:herald/T0123/bot-token,…`) as teamId → secret name. */
export function parseBotTokenSecrets(value: string): ReadonlyMap<string, string> {
  const pairs = value.split(",").map((pair) => pair.trim()).filter(Boolean).map((pair) => {
    const at = pair.indexOf(":");
    if (at <= 0 || at === pair.length - 1) throw new PrivacyError(`SLACK_BOT_TOKEN_SECRET_NAMES: "${pair}" is not teamId:secretName`);
    return [pair.slice(0, at), pair.slice(at + 1)] as const;
  });
  return new Map(pairs);
}
