/**
 * Amazon Managed Service for Prometheus alerts (Alertmanager's SNS receiver). AWS Chatbot drops
 * them; Herald shows the group's status, its alerts and their summaries. A group's firing and
 * resolved notifications share one thread.
 */
import { parseArn } from "../arn";
import { boundedList, optionalField, presentFields, presentLists } from "../fields";
import type { Field, Notification, Renderer, Severity, SnsNotificationInput } from "../model";
import { higherSeverity } from "../severity";
import { lookup } from "../untrusted-json";
import { plainBody, toNotification } from "../view";
import { alertGroupFromJson, alertGroupFromText, type Alert, type AlertGroup, type Labels } from "./alertmanager-alerts";

/** Common values of the conventional `severity` label; a firing alert without one is still an alert. */
const SEVERITY_BY_LABEL: Readonly<Record<string, Severity>> = {
  critical: "critical",
  page: "critical",
  error: "high",
  high: "high",
  major: "high",
  warning: "medium",
  warn: "medium",
  medium: "medium",
  minor: "low",
  low: "low",
  info: "info",
  informational: "info",
  none: "info",
};

const MAX_TEXT_LENGTH = 100_000;

export const prometheusAlertmanagerRenderer: Renderer = {
  kind: "prometheus-alertmanager",
  render: renderAlertmanagerNotification,
};

export function renderAlertmanagerNotification(input: SnsNotificationInput, parsed: unknown): Notification | undefined {
  const group =
    parsed === undefined
      ? typeof input.message === "string" && input.message.length <= MAX_TEXT_LENGTH ? alertGroupFromText(input.subject, input.message) : undefined
      : alertGroupFromJson(parsed);
  if (group === undefined) return undefined;

  const firing = group.alerts.filter((alert) => (alert.status ?? group.status) === "firing");
  const name = group.commonLabels.get("alertname") ?? [...group.groupLabels.values()].join(" ");
  const what = name === "" ? `${group.alerts.length} alerts` : group.alerts.length === 1 ? name : `${name} (${group.alerts.length} alerts)`;
  const status = group.status === "resolved" ? "Resolved" : "Firing";
  const topic = parseArn(input.topicArn);
  const groupKey = [...group.groupLabels].map(([label, value]) => `${label}=${value}`).sort().join(",") || name;

  return toNotification(prometheusAlertmanagerRenderer.kind, {
    title: `${status}: ${what}`,
    severity: group.status === "resolved" ? "ok" : firing.map(alertSeverity).reduce(higherSeverity, "unknown"),
    ...plainBody(group.commonAnnotations.get("summary") ?? group.commonAnnotations.get("description") ?? group.commonAnnotations.get("message")),
    fields: presentFields(
      { label: "Status", value: `${firing.length} firing, ${group.alerts.length - firing.length} resolved` },
      ...labelFields(group.groupLabels.size > 0 ? group.groupLabels : group.commonLabels),
      optionalField("Receiver", group.receiver),
    ),
    lists: presentLists(boundedList("Alerts", group.alerts.map((alert) => describeAlert(alert, group)))),
    alarm: group.status !== "resolved",
    thread: {
      key: `prometheus-alertmanager:${input.topicArn}:${group.receiver ?? ""}:${groupKey}`,
      opens: group.status !== "resolved",
      updatesParent: true,
      occurredAt: input.timestamp,
    },
  }, {
    label: "Amazon Managed Service for Prometheus",
    account: topic?.accountId || undefined,
    region: topic?.region || undefined,
    time: input.timestamp,
    eventType: "Prometheus Alert",
  });
}

function alertSeverity(alert: Alert): Severity {
  const label = alert.labels.get("severity");
  return label === undefined ? "high" : (lookup(SEVERITY_BY_LABEL, label.toLowerCase()) ?? "high");
}

/** Up to five labels as fields; "alertname" is the title already. */
function labelFields(labels: Labels): Field[] {
  return [...labels].filter(([label]) => label !== "alertname").slice(0, 5).map(([label, value]) => ({ label, value, code: true }));
}

/** "HighCPU instance=i-1 [firing]: CPU above 90% for 5 minutes". */
function describeAlert(alert: Alert, group: AlertGroup): string {
  const name = alert.labels.get("alertname") ?? "alert";
  const distinct = [...alert.labels]
    .filter(([label, value]) => label !== "alertname" && group.commonLabels.get(label) !== value)
    .map(([label, value]) => `${label}=${value}`)
    .join(" ");
  const summary = alert.annotations.get("summary") ?? alert.annotations.get("description");
  const status = alert.status === undefined ? "" : ` [${alert.status}]`;
  return `${name}${distinct === "" ? "" : ` ${distinct}`}${status}${summary === undefined ? "" : `: ${summary}`}`;
}
