import type { ChatTarget } from "../chat/chat-platform";
import type { CommandCaller } from "../commands/operation-model";
import { commandNotice, inlineCode } from "../commands/messages";
import type { Notification } from "../notifications/model";
import type { ChannelConfigRecord } from "../store/channel-configs";
import { acknowledgedBy, snoozedBy } from "./attribution";
import { onCallRefusal, type OnCallWorkerPorts } from "./clicks";
import { snoozeSummary } from "./notices";
import { formatClock, formatDuration } from "./view";

/**
 * The on-call commands: `alarms open` (this channel's open alarm lifecycles and who took them),
 * `snoozes` and `snooze lift <id>` (admins). Answers are private; lifting a snooze also posts its
 * summary in the snooze's thread.
 */

export type OnCallCommand = { readonly kind: "alarms-open" } | { readonly kind: "snoozes" } | { readonly kind: "snooze-lift"; readonly id: string };

/** The command, when `text` is one of the on-call commands (checked before the AWS grammar). */
export function parseOnCallCommand(text: string): OnCallCommand | undefined {
  const words = text.trim().split(/\s+/).map((word) => word.toLowerCase());
  if (words.length === 2 && words[0] === "alarms" && words[1] === "open") return { kind: "alarms-open" };
  if (words.length === 1 && words[0] === "snoozes") return { kind: "snoozes" };
  if (words.length === 3 && words[0] === "snooze" && words[1] === "lift" && /^[a-z0-9-]{1,36}$/.test(words[2])) return { kind: "snooze-lift", id: words[2] };
  return undefined;
}

export async function runOnCallCommand(command: OnCallCommand, caller: CommandCaller, config: ChannelConfigRecord, ports: Omit<OnCallWorkerPorts, "replier">): Promise<Notification> {
  const now = ports.now();
  const channel = { teamId: caller.teamId, channelId: caller.channelId };
  if (command.kind === "alarms-open") {
    const rows = (await Promise.all(ports.regions.all.map(async (region) => {
      const { lifecycles } = await region.store.channelState(channel);
      return Promise.all(lifecycles.filter((lifecycle) => lifecycle.status !== "resolved").map(async (lifecycle) => {
        const by = await acknowledgedBy(region.store, ports.accountId, lifecycle);
        const state = lifecycle.acknowledgedAt === undefined
          ? `not acknowledged${lifecycle.stepsDone > 0 ? ` · escalated ${lifecycle.stepsDone} time${lifecycle.stepsDone === 1 ? "" : "s"}` : ""}`
          : `acknowledged${by === undefined ? "" : ` by ${by}`} at ${formatClock(lifecycle.acknowledgedAt, now)}`;
        return { openedAt: lifecycle.openedAt, label: lifecycle.title, value: `${region.region} · in ALARM for ${formatDuration(now - lifecycle.openedAt)} (since ${formatClock(lifecycle.openedAt, now)}) · ${state}` };
      }));
    }))).flat().sort((a, b) => a.openedAt - b.openedAt);
    if (rows.length === 0) return commandNotice("Open alarms", "No alarm is open in this channel.");
    return { ...commandNotice(`Open alarms in this channel (${rows.length})`, ""), body: undefined, fields: rows.map(({ label, value }) => ({ label, value })) };
  }
  const refusal = onCallRefusal({ kind: command.kind === "snoozes" ? "list" : "lift" }, caller.userId, config, ports.admins);
  if (refusal !== undefined) return commandNotice("Not allowed", refusal, "medium");
  if (command.kind === "snoozes") {
    const rows = (await Promise.all(ports.regions.all.map(async (region) => Promise.all((await region.store.snoozesOf(channel)).filter((snooze) => snooze.until > now).map(async (snooze) => {
      const by = await snoozedBy(region.store, ports.accountId, snooze);
      return { label: `${snooze.id} · ${snooze.scope.label}`, value: `until ${formatClock(snooze.until, now)} · ${snooze.mutedCount} muted${by === undefined ? "" : ` · set by ${by}`} · ${region.region}` };
    }))))).flat();
    if (rows.length === 0) return commandNotice("Snoozes", "Nothing is snoozed in this channel.");
    return { ...commandNotice(`Snoozes in this channel (${rows.length})`, `Lift one with ${inlineCode("snooze lift <id>")}.`), fields: rows };
  }
  for (const region of ports.regions.all) {
    const ended = await region.store.endSnooze(channel, command.id);
    if (ended === undefined) continue;
    await region.store.takeTimer(ended.timer);
    const target: ChatTarget = { teamId: ended.teamId, channelId: ended.channelId, botTokenSecretName: ended.botTokenSecretName };
    await ports.chat.notice(target, ended.threadId, snoozeSummary(ended, { at: now, liftedBy: caller.userId }));
    return commandNotice("Snooze lifted", `Snooze ${inlineCode(ended.id)} of "${ended.scope.label}" is lifted; ${ended.mutedCount} notification(s) had been muted. New ones are posted again.`);
  }
  return commandNotice("No such snooze", `This channel has no snooze ${inlineCode(command.id)} (it may have ended). ${inlineCode("snoozes")} lists them.`, "low");
}
