import { formatAwsTime } from "../notifications/format-time";
import type { Notification } from "../notifications/model";

/**
 * The parent message of a thread. It shows the conversation's current state: the notification
 * that opened the thread, and later the latest one that updates it, with a line saying the rest
 * of the story is in the thread and the summary a custom notification asks for.
 */
export function threadParentView(notification: Notification, role: "opened" | "updated"): Notification {
  const hint = notification.thread;
  const at = hint?.occurredAt === undefined ? "" : ` as of ${formatAwsTime(hint.occurredAt)}`;
  const note = role === "opened" ? "🧵 Updates follow in the thread" : `🧵 Current state${at}; earlier updates are in the thread`;
  return {
    ...notification,
    fields: hint?.summary === undefined ? notification.fields : [{ label: "Summary", value: hint.summary }, ...notification.fields],
    context: [note, ...notification.context],
  };
}
