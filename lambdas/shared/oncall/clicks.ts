import { randomUUID } from "node:crypto";
import type { ChatReplier, ChatTarget } from "../chat/chat-platform";
import type { CommandAuditEntry, CommandOutcome } from "../commands/audit";
import type { CommandJob, OnCallClickJob } from "../commands/job";
import { commandNotice, inlineCode } from "../commands/messages";
import type { ChannelConfigRecord } from "../store/channel-configs";
import { isAlarmThreadKey, type OnCallAction, parseOnCallAction } from "./actions";
import { acknowledgedBy, acknowledgementId, snoozeAttributionId } from "./attribution";
import type { OnCallChat } from "./chat";
import { acknowledgedNotice, snoozedNotice } from "./notices";
import { type OnCallRegion, type OnCallRegions, regionOfAlarm } from "./regions";
import { formatClock } from "./view";

/**
 * The command worker's side of the on-call buttons. The click arrived signed, once, from the
 * workspace it names (lambdas/shared/slack/inbound-endpoint.ts); here it is checked against the
 * channel's configuration (who may act), applied to the alarm's lifecycle in its Region's table,
 * shown on the message and announced in the thread. A refusal is told to the member only, with why.
 */

export interface OnCallWorkerPorts {
  readonly regions: OnCallRegions;
  readonly chat: OnCallChat;
  /** Private answers (refusals) through the click's response URL. */
  readonly replier: ChatReplier;
  readonly admins: readonly string[];
  readonly accountId: string;
  readonly audit: (entry: CommandAuditEntry) => void;
  readonly now: () => number;
}

/** Why `userId` may not take `action` in a channel of `config`, or undefined when they may. */
export function onCallRefusal(action: OnCallAction | { readonly kind: "lift" | "list" }, userId: string, config: ChannelConfigRecord, admins: readonly string[]): string | undefined {
  const admin = admins.includes(userId);
  if (action.kind === "lift" || action.kind === "list") return admin ? undefined : "Only Herald's admins (account.admins) can list and lift snoozes.";
  if (action.kind === "snooze" && config.onCall?.snoozeBy === "admins" && !admin) {
    return `Only Herald's admins can snooze notifications in this channel (configuration ${config.name}: onCall.snoozeBy is admins).`;
  }
  // A channel whose commands run with members' own roles: acting on its alarms takes a role too.
  if (config.userRoleRequired && config.userRoles?.[userId] === undefined) {
    return `This channel's configuration (${config.name}) requires a member's own IAM role, and none is mapped to you (workspaces[].userRoles); ask an admin to add yours.`;
  }
  return undefined;
}

export async function handleOnCallClick(job: CommandJob & { readonly onCall: OnCallClickJob }, config: ChannelConfigRecord, ports: OnCallWorkerPorts, requestId: string): Promise<void> {
  const { caller, onCall } = job;
  const target: ChatTarget = { teamId: config.teamId, channelId: config.channelId, botTokenSecretName: config.botTokenSecretName };
  const action = parseOnCallAction(onCall.actionId);
  const audit = (outcome: CommandOutcome, detail?: string) => ports.audit({
    requestId, caller, configuration: config.name, command: `[on-call ${action?.kind === "snooze" ? `snooze ${action.hours} h` : action?.kind ?? "unknown"}]`, outcome, durationMs: ports.now() - job.receivedAt, detail,
  });
  const tell = async (title: string, text: string) => ports.replier.reply(job.replyTo, target, { notification: commandNotice(title, text, "low"), visibility: "private" });

  if (action === undefined || !isAlarmThreadKey(onCall.threadKey)) {
    audit("invalid", "unknown on-call button");
    return tell("Not done", "Herald does not know this button.");
  }
  const refusal = onCallRefusal(action, caller.userId, config, ports.admins);
  if (refusal !== undefined) {
    audit("denied", refusal);
    return tell("Not allowed", refusal);
  }
  const region = regionOfAlarm(ports.regions, onCall.threadKey);
  const at = ports.now();
  // The thread's parent: the clicked message itself, or the one it replies to.
  const parentId = onCall.message.threadTs ?? onCall.message.ts;
  const channel = { teamId: caller.teamId, channelId: caller.channelId };

  if (action.kind === "acknowledge") {
    const title = (onCall.message.text ?? "").slice(0, 200) || "Alarm";
    const openedAt = Math.round(Number(parentId) * 1000);
    const { taken, lifecycle } = await region.store.acknowledge(channel, onCall.threadKey, at, {
      title, region: region.region, parentId, botTokenSecretName: config.botTokenSecretName, openedAt: Number.isFinite(openedAt) ? openedAt : at,
    });
    if (!taken) {
      audit("denied", `already ${lifecycle.status}`);
      if (lifecycle.status === "resolved") return tell("Already resolved", `This alarm went back to OK${lifecycle.resolvedAt === undefined ? "" : ` at ${formatClock(lifecycle.resolvedAt, at)}`}; there is nothing to acknowledge.`);
      const by = await acknowledgedBy(region.store, ports.accountId, lifecycle);
      return tell("Already acknowledged", `${by === undefined ? "Someone" : inlineCode(by)} acknowledged this alarm${lifecycle.acknowledgedAt === undefined ? "" : ` at ${formatClock(lifecycle.acknowledgedAt, at)}`}.`);
    }
    // Who took it: user data, kept only while sharing is on (the message in Slack shows it either way).
    await region.keep({ kind: "interaction", teamId: channel.teamId, channelId: channel.channelId, at, id: acknowledgementId(lifecycle), data: { userId: caller.userId, action: "acknowledge", outcome: "acknowledged", chatMessageId: parentId } });
    if (lifecycle.timer !== undefined) await region.store.takeTimer(lifecycle.timer);
    await ports.chat.showState(target, onCall.message.ts, onCall.message, { status: "acknowledged", acknowledgedBy: caller.userId, acknowledgedAt: at }, onCall.threadKey);
    await ports.chat.notice(target, parentId, acknowledgedNotice(caller.userId, at, lifecycle.timer !== undefined));
    audit("succeeded");
    return;
  }

  await snooze(region, action.hours);

  async function snooze(where: OnCallRegion, hours: number): Promise<void> {
    const until = at + hours * 3_600_000;
    const id = randomUUID().slice(0, 8);
    const lifecycle = await where.store.lifecycle(channel, onCall.threadKey);
    const label = lifecycle?.title ?? ((onCall.message.text ?? "").slice(0, 200) || "this alarm");
    const timer = await where.store.schedule({ kind: "snooze-end", dueAt: until, teamId: channel.teamId, channelId: channel.channelId, ref: id });
    const created = {
      id, teamId: channel.teamId, channelId: channel.channelId, scope: { kind: "alarm" as const, key: onCall.threadKey, label }, region: where.region,
      createdAt: at, until, botTokenSecretName: config.botTokenSecretName, threadId: parentId, timer,
    };
    await where.store.createSnooze(created);
    await where.keep({ kind: "interaction", teamId: channel.teamId, channelId: channel.channelId, at, id: snoozeAttributionId(created), data: { userId: caller.userId, action: "snooze", outcome: `snoozed ${hours} h`, chatMessageId: parentId } });
    await ports.chat.notice(target, parentId, snoozedNotice(caller.userId, { ...created, mutedCount: 0 }, hours));
    audit("succeeded", `snooze ${id} until ${new Date(until).toISOString()}`);
  }
}
