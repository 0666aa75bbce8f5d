/**
 * The last resort: any message shown as text. The managed service drops these silently, which is
 * its users' most common complaint; Herald always delivers them.
 */
import { cutText, oneLine } from "./cut-text";
import { formatAwsTime } from "./format-time";
import type { Notification, Renderer, SnsNotificationInput } from "./model";

const MAX_TITLE_LENGTH = 250;
const MAX_SUMMARY_LENGTH = 300;

export const plainTextRenderer: Renderer = {
  kind: "text",
  render: renderPlainText,
};

export function renderPlainText(input: SnsNotificationInput, _parsed?: unknown): Notification {
  const message = typeof input.message === "string" ? input.message : "";
  const subject = typeof input.subject === "string" && input.subject.trim() !== "" ? input.subject : undefined;
  const hasText = message.trim() !== "";
  // Only the start of the message is needed for a one-line preview; avoids rescanning 256 KB.
  const preview = oneLine(message.slice(0, MAX_SUMMARY_LENGTH * 4));
  const context = ["Plain text message"];
  if (typeof input.timestamp === "string" && input.timestamp !== "") {
    context.push(`Published ${formatAwsTime(input.timestamp)}`);
  }
  return {
    kind: plainTextRenderer.kind,
    recognized: false,
    title: subject === undefined ? "Message" : cutText(oneLine(subject), MAX_TITLE_LENGTH),
    severity: "info",
    summary: cutText(subject === undefined ? preview || "Message" : oneLine(subject), MAX_SUMMARY_LENGTH),
    body: hasText ? { text: message } : undefined,
    fields: [],
    lists: [],
    links: [],
    context,
  };
}
