/**
 * Amazon RDS events (instances, clusters, snapshots, parameter groups, proxies, …), graded by
 * their categories. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-cloud-watch-events.html
 */
import { consoleLink } from "../console-links";
import { optionalField, presentFields, scalarTexts } from "../fields";
import type { Severity } from "../model";
import { rdsConsoleFragment, rdsSourceName } from "../rds-sources";
import { higherSeverity, severityOfState } from "../severity";
import { arrayAt, stringAt } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, plainBody } from "./renderer";

const SEVERITY_BY_CATEGORY: Readonly<Record<string, Severity>> = {
  failure: "high",
  "low storage": "high",
  failover: "medium",
  availability: "medium",
  security: "medium",
  "security patching": "low",
  maintenance: "info",
  recovery: "info",
  backup: "info",
  "configuration change": "info",
  creation: "info",
  deletion: "info",
  notification: "info",
  "read replica": "info",
  restoration: "info",
};

const LONG_MESSAGE = 150;

export const rdsEventRenderer = eventBridgeRenderer({
  kind: "rds-event",
  label: "Amazon RDS",
  source: "aws.rds",
  render(event) {
    const detail = event.detail;
    const message = stringAt(detail, "Message");
    const sourceId = stringAt(detail, "SourceIdentifier");
    const sourceType = stringAt(detail, "SourceType");
    const categories = scalarTexts(arrayAt(detail, "EventCategories"));
    if (message === undefined && sourceId === undefined) return undefined;
    const severity = categories.map((category) => severityOfState(category.toLowerCase(), SEVERITY_BY_CATEGORY)).reduce(higherSeverity, "info");
    const source = `${rdsSourceName(sourceType)} ${sourceId ?? ""}`.trim();

    const fragment = sourceId === undefined ? undefined : rdsConsoleFragment(sourceType, sourceId);
    return {
      title: message === undefined ? source : `${source}: ${message}`,
      severity,
      // The message is the title; only a long one, cut there, is repeated in full.
      ...plainBody(message !== undefined && message.length > LONG_MESSAGE ? message : undefined),
      fields: presentFields(
        optionalField("Event", stringAt(detail, "EventID"), true),
        optionalField("Categories", categories.join(", ") || undefined),
        optionalField("Source", sourceId, true),
        optionalField("Source type", sourceType),
        optionalField("Date", stringAt(detail, "Date")),
      ),
      links: [consoleLink(eventLocation(event, stringAt(detail, "SourceArn")), "View in RDS", fragment && "/rds/home", fragment)],
    };
  },
});
