import type { ChatTarget } from "../chat/chat-platform";
import type { ChannelConfigRecord } from "../store/channel-configs";
import type { OnCallStore, OnCallTimer } from "../store/on-call";
import type { OnCallChat } from "./chat";
import { escalationOf } from "./escalation";
import { escalationDirectMessage, escalationNotice, snoozeSummary } from "./notices";

/**
 * The scheduled check (the forwarder's every-minute tick): escalation steps that are due, and
 * snoozes that have ended. Each timer is taken by one caller (a conditional delete), each step is
 * claimed once on its lifecycle (only while it is open: an acknowledgement or the OK stops it),
 * and each ended snooze is deleted by the one that posts its summary.
 */

export interface OnCallTimerPorts {
  readonly store: OnCallStore;
  readonly configs: { forChannel(teamId: string, channelId: string): Promise<ChannelConfigRecord[]> };
  readonly chat: OnCallChat;
  readonly now: () => number;
}

export interface OnCallTimerResult {
  readonly escalations: number;
  readonly snoozesEnded: number;
}

export async function runOnCallTimers(ports: OnCallTimerPorts): Promise<OnCallTimerResult> {
  const now = ports.now();
  let escalations = 0;
  let snoozesEnded = 0;
  for (const timer of await ports.store.dueTimers(now)) {
    if (!(await ports.store.takeTimer(timer.sk))) continue;
    if (timer.kind === "escalation") escalations += (await escalate(timer, now, ports)) ? 1 : 0;
    else snoozesEnded += (await endSnooze(timer, now, ports)) ? 1 : 0;
  }
  return { escalations, snoozesEnded };
}

async function escalate(timer: OnCallTimer, now: number, ports: OnCallTimerPorts): Promise<boolean> {
  const step = timer.step ?? 0;
  const lifecycle = await ports.store.lifecycle(timer, timer.ref);
  if (lifecycle === undefined || lifecycle.status !== "open" || lifecycle.stepsDone !== step) return false;
  const steps = escalationOf(await ports.configs.forChannel(timer.teamId, timer.channelId));
  const current = steps[step];
  if (current === undefined) return false;
  const next = steps[step + 1];
  const nextTimer = next === undefined ? undefined
    : await ports.store.schedule({ kind: "escalation", dueAt: lifecycle.openedAt + next.afterMinutes * 60_000, teamId: timer.teamId, channelId: timer.channelId, ref: timer.ref, step: step + 1 });
  if (!(await ports.store.claimStep(timer, timer.ref, step, nextTimer))) {
    if (nextTimer !== undefined) await ports.store.takeTimer(nextTimer);
    return false;
  }
  const target: ChatTarget = { teamId: lifecycle.teamId, channelId: lifecycle.channelId, botTokenSecretName: lifecycle.botTokenSecretName };
  await ports.chat.notice(target, lifecycle.parentId, escalationNotice(lifecycle, current, step, steps.length, now));
  for (const member of current.members ?? []) await ports.chat.direct(target, member, escalationDirectMessage(lifecycle, now));
  return true;
}

async function endSnooze(timer: OnCallTimer, now: number, ports: OnCallTimerPorts): Promise<boolean> {
  const snooze = await ports.store.endSnooze(timer, timer.ref);
  if (snooze === undefined) return false;
  const target: ChatTarget = { teamId: snooze.teamId, channelId: snooze.channelId, botTokenSecretName: snooze.botTokenSecretName };
  await ports.chat.notice(target, snooze.threadId, snoozeSummary(snooze, { at: now }));
  return true;
}
