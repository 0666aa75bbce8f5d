/**
 * AWS Health events: service issues, scheduled changes (maintenance that may need action) and
 * account notifications. Health publishes updates to the same event as it develops, so each event
 * gets one thread. https://docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html
 */
import { consoleLink } from "../console-links";
import { boundedList, humanize, optionalField, presentFields, presentLists } from "../fields";
import type { Severity } from "../model";
import { severityOfState } from "../severity";
import { arrayAt, isRecord, lookup, stringAt, type JsonRecord } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, eventThread, plainBody } from "./renderer";

const SEVERITY_BY_CATEGORY: Readonly<Record<string, Severity>> = {
  issue: "high",
  investigation: "medium",
  scheduledChange: "medium",
  accountNotification: "info",
};

const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  issue: "Issue",
  investigation: "Investigation",
  scheduledChange: "Scheduled change",
  accountNotification: "Account notification",
};

export const healthEventRenderer = eventBridgeRenderer({
  kind: "health-event",
  label: "AWS Health",
  source: "aws.health",
  detailTypes: ["AWS Health Event", "AWS Health Abuse Event"],
  render(event) {
    const detail = event.detail;
    const category = stringAt(detail, "eventTypeCategory");
    const status = stringAt(detail, "statusCode");
    const service = stringAt(detail, "service");
    const code = stringAt(detail, "eventTypeCode");
    const eventArn = stringAt(detail, "eventArn");
    const severity = status === "closed" ? "ok" : severityOfState(category, SEVERITY_BY_CATEGORY);
    const what = code === undefined ? "AWS Health event" : describeEventType(code, service);
    const title = service === undefined ? what : `${service}: ${what}`;
    const categoryName = category === undefined ? "Health event" : (lookup(CATEGORY_NAMES, category) ?? humanize(category));

    return {
      title,
      severity,
      summary: `AWS Health ${categoryName.toLowerCase()}${status === undefined ? "" : ` (${status})`}: ${title}`,
      ...plainBody(latestDescription(detail)),
      fields: presentFields(
        { label: "Category", value: categoryName },
        optionalField("Status", status),
        optionalField("Event type", code, true),
        optionalField("Region", stringAt(detail, "eventRegion")),
        optionalField("Scope", stringAt(detail, "eventScopeCode")),
        optionalField("Affected account", stringAt(detail, "affectedAccount")),
        optionalField("Start", stringAt(detail, "startTime")),
        optionalField("End", stringAt(detail, "endTime")),
      ),
      lists: presentLists(boundedList("Affected resources", affectedEntities(detail))),
      links: [consoleLink(eventLocation(event, eventArn), "View in AWS Health", eventArn && "/health/home", `/account/event-log?eventID=${encodeURIComponent(eventArn ?? "")}&eventTab=details`)],
      ...(eventArn === undefined ? {} : { thread: eventThread(event, eventArn) }),
    };
  },
});

/** "AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED" of EC2 → "instance store drive performance degraded". */
function describeEventType(code: string, service: string | undefined): string {
  let rest = code.replace(/^AWS_/, "");
  if (service !== undefined && rest.startsWith(`${service.toUpperCase()}_`)) rest = rest.slice(service.length + 1);
  const words = humanize(rest);
  return words === "" ? code : words.charAt(0).toUpperCase() + words.slice(1);
}

/** The English description when there is one, else the first. */
function latestDescription(detail: JsonRecord): string | undefined {
  const descriptions = (arrayAt(detail, "eventDescription") ?? []).filter(isRecord);
  const english = descriptions.find((description) => stringAt(description, "language")?.startsWith("en"));
  const chosen = english ?? descriptions[0];
  return chosen && stringAt(chosen, "latestDescription");
}

function affectedEntities(detail: JsonRecord): string[] {
  return (arrayAt(detail, "affectedEntities") ?? [])
    .filter(isRecord)
    .map((entity) => {
      const value = stringAt(entity, "entityValue") ?? "(unnamed)";
      const status = stringAt(entity, "status");
      return status === undefined ? value : `${value} (${status})`;
    });
}
