import type { ActionsBlock, Button, ContextBlock, KnownBlock } from "@slack/web-api";
import { onCallButtonsFor } from "../oncall/actions";
import type { NoticePart } from "../oncall/chat";
import { formatClock, formatDuration, type OnCallView } from "../oncall/view";
import type { Notification } from "../notifications/model";
import { escapeSlackText } from "./text";

/**
 * The on-call parts of a Slack message: the Acknowledge and Snooze buttons (first in the
 * notification's action row), the context line with who acknowledged and how long it took, and
 * mentions in notices. Ids are checked before they become markup; every other text is escaped.
 */

export const ON_CALL_BLOCK_ID = "herald-oncall";
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SLACK_USER_GROUP = /^S[A-Z0-9]{2,}$/;

/** The notification's on-call buttons (none for what is not a firing alarm). */
export function onCallButtons(notification: Notification): Button[] {
  return onCallButtonsFor(notification).map((button) => ({
    type: "button",
    action_id: button.actionId,
    text: { type: "plain_text", text: button.label, emoji: true },
    value: button.value,
    ...(button.primary === true ? { style: "primary" as const } : {}),
  }));
}

/** The on-call context line, or undefined when there is nothing to say yet. */
export function onCallContextBlock(view: OnCallView | undefined, now = Date.now()): ContextBlock | undefined {
  const line = view === undefined ? undefined : onCallLine(view, now);
  return line === undefined ? undefined : { type: "context", block_id: ON_CALL_BLOCK_ID, elements: [{ type: "mrkdwn", text: line }] };
}

function onCallLine(view: OnCallView, now: number): string | undefined {
  const who = view.acknowledgedBy !== undefined && SLACK_USER.test(view.acknowledgedBy) ? `<@${view.acknowledgedBy}>` : undefined;
  const acknowledged = view.acknowledgedAt === undefined ? undefined
    : `${who === undefined ? "Acknowledged" : `Acknowledged by ${who}`} at ${formatClock(view.acknowledgedAt, now)}`;
  if (view.status === "resolved") {
    const after = view.resolvedAfterMs === undefined ? "" : ` after ${formatDuration(view.resolvedAfterMs)}`;
    return `✅ Resolved${after}${acknowledged === undefined ? " (never acknowledged)" : ` · ${acknowledged}`}`;
  }
  return acknowledged === undefined ? undefined : `✋ ${acknowledged}`;
}

/**
 * A posted message (its blocks as Slack sent them with the click) showing `view`: the previous
 * on-call line replaced, the on-call buttons re-rendered for the new state, everything else kept.
 */
export function withOnCallState(original: unknown, view: OnCallView, threadKey: string, now = Date.now()): KnownBlock[] | undefined {
  if (!Array.isArray(original)) return undefined;
  const blocks: KnownBlock[] = [];
  for (const block of original as KnownBlock[]) {
    if (typeof block !== "object" || block === null) continue;
    if (block.block_id === ON_CALL_BLOCK_ID) continue;
    if (block.type === "actions") {
      const kept = (block as ActionsBlock).elements.filter((element) => !("action_id" in element && typeof element.action_id === "string" && element.action_id.startsWith("herald-oncall-")));
      const buttons = onCallButtons({ ...FIRING_ALARM, thread: { key: threadKey, opens: true, updatesParent: true }, onCall: view });
      const elements = [...buttons, ...kept];
      if (elements.length > 0) blocks.push({ ...(block as ActionsBlock), elements });
      continue;
    }
    blocks.push(block);
  }
  const line = onCallContextBlock(view, now);
  if (line !== undefined) blocks.push(line);
  return blocks;
}

/** What re-rendering the buttons needs to know of the clicked message: it is a firing alarm. */
const FIRING_ALARM: Notification = { kind: "cloudwatch-alarm", recognized: true, alarm: true, title: "", severity: "high", summary: "", fields: [], lists: [], links: [], context: [] };

/** A notice's mrkdwn: text escaped, mentions from checked ids (an id that is not one is left out). */
export function noticeMarkup(parts: readonly NoticePart[]): string {
  return parts.map((part) => {
    if (typeof part === "string") return escapeSlackText(part);
    if ("user" in part) return SLACK_USER.test(part.user) ? `<@${part.user}>` : "";
    if ("userGroup" in part) return SLACK_USER_GROUP.test(part.userGroup) ? `<!subteam^${part.userGroup}>` : "";
    return "<!here>";
  }).join("");
}
