import type { Notification } from "../notifications/model";

/**
 * The on-call buttons a notification carries (platform-neutral: the chat adapter renders them and
 * parses the clicks): "Acknowledge" and "Snooze 1 h / 4 h / 24 h" on a CloudWatch alarm in ALARM
 * that has a thread. The value of each is the alarm's thread key, which names its lifecycle.
 */

export const SNOOZE_HOURS = [1, 4, 24] as const;
export type SnoozeHours = (typeof SNOOZE_HOURS)[number];

export type OnCallAction = { readonly kind: "acknowledge" } | { readonly kind: "snooze"; readonly hours: SnoozeHours };

export interface OnCallButton {
  readonly actionId: string;
  readonly label: string;
  readonly value: string;
  readonly primary?: boolean;
}

const ACTION_PREFIX = "herald-oncall-";
const ACKNOWLEDGE_ID = `${ACTION_PREFIX}acknowledge`;
const snoozeId = (hours: SnoozeHours) => `${ACTION_PREFIX}snooze-${hours}h`;
/** Slack's limit on a button's value. */
const MAX_VALUE_LENGTH = 2_000;
const ALARM_THREAD_PREFIX = "cloudwatch-alarm:";

/** True for the action ids of these buttons (the adapter hands such clicks to the on-call path). */
export function isOnCallActionId(actionId: string): boolean {
  return actionId.startsWith(ACTION_PREFIX);
}

export function parseOnCallAction(actionId: string): OnCallAction | undefined {
  if (actionId === ACKNOWLEDGE_ID) return { kind: "acknowledge" };
  const hours = SNOOZE_HOURS.find((candidate) => snoozeId(candidate) === actionId);
  return hours === undefined ? undefined : { kind: "snooze", hours };
}

/** The buttons for a notification: none unless it is an alarm firing, Acknowledge only until someone has. */
export function onCallButtonsFor(notification: Notification): OnCallButton[] {
  const key = notification.thread?.key;
  if (notification.alarm !== true || key === undefined || !key.startsWith(ALARM_THREAD_PREFIX) || key.length > MAX_VALUE_LENGTH) return [];
  const status = notification.onCall?.status ?? "open";
  if (status === "resolved") return [];
  const snoozes = SNOOZE_HOURS.map((hours) => ({ actionId: snoozeId(hours), label: `Snooze ${hours} h`, value: key }));
  return status === "open" ? [{ actionId: ACKNOWLEDGE_ID, label: "Acknowledge", value: key, primary: true }, ...snoozes] : snoozes;
}

/** Whether a thread key names an alarm lifecycle (the only kind the buttons carry). */
export function isAlarmThreadKey(value: string): boolean {
  return value.startsWith(ALARM_THREAD_PREFIX) && value.length <= MAX_VALUE_LENGTH;
}

/** The Region in the alarm's ARN (`cloudwatch-alarm:arn:aws:cloudwatch:<region>:…`), where its lifecycle is kept. */
export function alarmRegion(threadKey: string): string | undefined {
  const arn = threadKey.slice(ALARM_THREAD_PREFIX.length).split(":");
  return arn[0] === "arn" && arn[2] === "cloudwatch" && /^[a-z]{2}(-[a-z]+)+-\d$/.test(arn[3] ?? "") ? arn[3] : undefined;
}
