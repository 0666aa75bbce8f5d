import type { ChatTarget } from "../chat/chat-platform";
import type { ThreadLifecycleHooks } from "../forwarding/threaded-post";
import type { Notification } from "../notifications/model";
import type { ChannelConfigRecord } from "../store/channel-configs";
import type { OnCallStore } from "../store/on-call";
import { alarmRegion, isAlarmThreadKey } from "./actions";
import { acknowledgedBy } from "./attribution";
import { escalationOf } from "./escalation";

/**
 * On-call in the forwarder, at the three points it touches a notification: queueing (a snoozed
 * alarm is counted, not queued: one Query of the channel's on-call partition, for alarms only),
 * posting a thread's parent (the alarm's lifecycle opens, and its first escalation step is timed),
 * and updating the parent (the OK resolves the lifecycle and the parent says after how long and
 * who took it; other states keep showing who acknowledged).
 */

export interface OnCallForwardingPorts {
  readonly store: OnCallStore;
  readonly configs: { forChannel(teamId: string, channelId: string): Promise<ChannelConfigRecord[]> };
  /** Whose user data says who acknowledged. */
  readonly accountId: string;
  readonly now: () => number;
}

export interface OnCallForwarding extends ThreadLifecycleHooks {
  muted(target: ChatTarget, notification: Notification, messageId: string): Promise<boolean>;
}

/** The alarm's thread key, when the notification is a CloudWatch alarm's (the only kind with a lifecycle). */
function alarmKey(notification: Notification): string | undefined {
  const key = notification.thread?.key;
  return key !== undefined && isAlarmThreadKey(key) ? key : undefined;
}

export function createOnCallForwarding(ports: OnCallForwardingPorts): OnCallForwarding {
  const { store, now } = ports;
  const channelOf = (target: ChatTarget) => ({ teamId: target.teamId, channelId: target.channelId });

  return {
    async muted(target, notification, messageId) {
      const key = alarmKey(notification);
      if (key === undefined) return false;
      const state = notification.severity === "ok" ? "OK" : notification.alarm === true ? "ALARM" : notification.severity;
      const muted = await store.muteIfSnoozed(channelOf(target), [key], messageId, `${state}: ${notification.title}`.slice(0, 200));
      if (muted && notification.severity === "ok") {
        // A muted OK still ends the alarm's lifecycle (and its escalation); the snooze's summary reports it.
        const resolved = await store.resolve(channelOf(target), key, now());
        if (resolved?.timer !== undefined) await store.takeTimer(resolved.timer);
      }
      return muted;
    },

    async opened(target, notification, parentId, sourceMessageId) {
      const key = alarmKey(notification);
      if (key === undefined || notification.alarm !== true) return;
      const openedAt = now();
      const steps = escalationOf(await ports.configs.forChannel(target.teamId, target.channelId));
      const first = steps[0];
      const timer = first === undefined ? undefined
        : await store.schedule({ kind: "escalation", dueAt: openedAt + first.afterMinutes * 60_000, teamId: target.teamId, channelId: target.channelId, ref: key, step: 0 });
      await store.open({
        teamId: target.teamId, channelId: target.channelId, threadKey: key, title: notification.title.slice(0, 200), region: alarmRegion(key) ?? "",
        parentId, botTokenSecretName: target.botTokenSecretName, openedAt, ...(timer === undefined ? {} : { timer }),
      }, sourceMessageId);
    },

    async parentView(target, notification) {
      const key = alarmKey(notification);
      if (key === undefined) return notification;
      const channel = channelOf(target);
      if (notification.severity === "ok") {
        const resolved = await store.resolve(channel, key, now());
        if (resolved === undefined) return notification;
        if (resolved.timer !== undefined) await store.takeTimer(resolved.timer);
        const by = await acknowledgedBy(store, ports.accountId, resolved);
        return {
          ...notification,
          onCall: {
            status: "resolved",
            resolvedAfterMs: (resolved.resolvedAt ?? now()) - resolved.openedAt,
            ...(resolved.acknowledgedAt === undefined ? {} : { acknowledgedAt: resolved.acknowledgedAt }),
            ...(by === undefined ? {} : { acknowledgedBy: by }),
          },
        };
      }
      const lifecycle = await store.lifecycle(channel, key);
      if (lifecycle === undefined || lifecycle.status !== "acknowledged") return notification;
      const by = await acknowledgedBy(store, ports.accountId, lifecycle);
      return { ...notification, onCall: { status: "acknowledged", ...(lifecycle.acknowledgedAt === undefined ? {} : { acknowledgedAt: lifecycle.acknowledgedAt }), ...(by === undefined ? {} : { acknowledgedBy: by }) } };
    },
  };
}
