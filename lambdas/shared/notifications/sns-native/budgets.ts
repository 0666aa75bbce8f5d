/**
 * AWS Budgets alerts: plain text ("AWS Budget Notification …") with "Name: value" lines, sent
 * when actual or forecasted cost or usage crosses a threshold.
 * https://docs.aws.amazon.com/cost-management/latest/userguide/sns-alert-chime.html
 */
import { parseArn } from "../arn";
import { consoleLink, consoleLocation } from "../console-links";
import { optionalField, presentFields } from "../fields";
import type { Renderer, SnsNotificationInput } from "../model";
import { plainBody, toNotification } from "../view";

const HEADING = /^\s*AWS Budget Notification\b/;
const SUBJECT = /^AWS Budgets:\s*(.+)$/;
const LINE = /^([A-Za-z][A-Za-z ]{1,40}):[ \t]+(.+?)[ \t]*$/gm;
const ACCOUNT = /^\s*AWS Account (\d{12})\s*$/m;
const ALERT_PARAGRAPH = /^You requested that we alert you[\s\S]*?(?=\n\s*\n|$)/m;
const MAX_LENGTH = 20_000;

export const budgetsRenderer: Renderer = {
  kind: "budgets",
  render: renderBudgetAlert,
};

export function renderBudgetAlert(input: SnsNotificationInput, parsed: unknown) {
  if (parsed !== undefined || typeof input.message !== "string" || input.message.length > MAX_LENGTH) return undefined;
  const subject = input.subject === undefined ? undefined : SUBJECT.exec(input.subject)?.[1];
  if (!HEADING.test(input.message) && subject === undefined) return undefined;

  const values = new Map<string, string>();
  for (const [, key, value] of input.message.matchAll(LINE)) if (!values.has(key)) values.set(key, value);
  const name = values.get("Budget Name");
  const alertType = values.get("Alert Type");
  const amountLabel = [...values.keys()].find((key) => / Amount$/.test(key) && key !== "Budgeted Amount");
  const what = [alertType?.toLowerCase(), values.get("Budget Type")?.toLowerCase()].filter(Boolean).join(" ") || "spend";
  const title = subject ?? `Budget ${name ?? "(unnamed)"}: ${what} above the alert threshold`;
  const topic = parseArn(input.topicArn);

  return toNotification(budgetsRenderer.kind, {
    title,
    // Money already spent is more urgent than money forecast.
    severity: alertType?.toUpperCase() === "FORECASTED" ? "medium" : "high",
    summary: `AWS Budgets: ${title}`,
    ...plainBody(ALERT_PARAGRAPH.exec(input.message)?.[0].replace(/\s+/g, " ").trim()),
    fields: presentFields(
      optionalField("Budget", name),
      optionalField("Type", values.get("Budget Type")),
      optionalField("Alert", alertType),
      optionalField("Threshold", values.get("Alert Threshold")),
      amountLabel === undefined ? undefined : optionalField(amountLabel, values.get(amountLabel)),
      optionalField("Budgeted", values.get("Budgeted Amount")),
    ),
    links: [consoleLink(consoleLocation(topic?.region, [input.topicArn]), "Open AWS Budgets", "/billing/home", "/budgets")],
  }, {
    label: "AWS Budgets",
    account: ACCOUNT.exec(input.message)?.[1],
    time: input.timestamp,
    eventType: "AWS Budgets Notification",
  });
}
