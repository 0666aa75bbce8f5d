/**
 * Event subscription messages of RDS and DMS: JSON with "Event Source", "Event Message" and an
 * "Event ID" documentation URL ending in RDS-EVENT-nnnn or DMS-EVENT-nnnn.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.overview.html
 * https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Events.html
 */
import { parseArn } from "../arn";
import { awsLinkFromEvent, consoleLink, consoleLocation } from "../console-links";
import { humanize, optionalField, presentFields } from "../fields";
import type { Link, Notification, Renderer, Severity, SnsNotificationInput } from "../model";
import { rdsConsoleFragment, rdsSourceName } from "../rds-sources";
import { isRecord, stringAt, type JsonRecord } from "../untrusted-json";
import { toNotification } from "../view";

const EVENT_ID = /\b(RDS|DMS)-EVENT-\d{4}\b/;

interface Product {
  readonly kind: string;
  readonly label: string;
  readonly prefix: "RDS" | "DMS";
}

const RDS: Product = { kind: "rds-event-subscription", label: "Amazon RDS event subscription", prefix: "RDS" };
const DMS: Product = { kind: "dms-event", label: "AWS Database Migration Service", prefix: "DMS" };

export const rdsEventSubscriptionRenderer: Renderer = { kind: RDS.kind, render: (input, parsed) => renderEventSubscription(RDS, input, parsed) };
export const dmsEventRenderer: Renderer = { kind: DMS.kind, render: (input, parsed) => renderEventSubscription(DMS, input, parsed) };

function renderEventSubscription(product: Product, input: SnsNotificationInput, parsed: unknown): Notification | undefined {
  if (!isRecord(parsed)) return undefined;
  const message = stringAt(parsed, "Event Message");
  const eventSource = stringAt(parsed, "Event Source");
  if (message === undefined || eventSource === undefined) return undefined;
  const eventId = EVENT_ID.exec(stringAt(parsed, "Event ID") ?? "")?.[0];
  // DMS sources are "replication-task", "replication-instance"; RDS ones "db-instance", "db-cluster", …
  const isDms = eventId?.startsWith("DMS") ?? eventSource.startsWith("replication");
  if (isDms !== (product.prefix === "DMS")) return undefined;

  const sourceId = stringAt(parsed, "Source ID") ?? stringAt(parsed, "SourceId");
  const sourceArn = stringAt(parsed, "Source ARN");
  const sourceName = isDms ? `DMS ${humanize(eventSource)}` : `RDS ${rdsSourceName(eventSource)}`;
  const title = `${sourceName}${sourceId === undefined ? "" : ` ${sourceId}`}: ${message}`;
  const arn = sourceArn === undefined ? undefined : parseArn(sourceArn);
  const region = arn?.region ?? parseArn(input.topicArn)?.region;

  return toNotification(product.kind, {
    title,
    severity: messageSeverity(message),
    fields: presentFields(
      optionalField("Event", eventId, true),
      optionalField("Source", sourceId, true),
      optionalField("Source type", eventSource),
      optionalField("Event time", stringAt(parsed, "Event Time")),
    ),
    links: links(product, parsed, region, eventSource, sourceId, sourceArn),
  }, {
    label: product.label,
    account: arn?.accountId || undefined,
    region,
    eventType: eventId ?? `${product.prefix} Event`,
  });
}

/** The console page: the message's own link when it points to the AWS console, else one built from the source. */
function links(product: Product, message: JsonRecord, region: string | undefined, eventSource: string, sourceId: string | undefined, sourceArn: string | undefined): Link[] {
  const own = awsLinkFromEvent(stringAt(message, "Identifier Link"));
  if (own !== undefined) return [{ label: `View in ${product.prefix} console`, url: own }];
  const fragment = product === RDS && sourceId !== undefined ? rdsConsoleFragment(eventSource, sourceId) : undefined;
  const link = consoleLink(consoleLocation(region, [sourceArn]), "View in RDS console", fragment && "/rds/home", fragment);
  return link === undefined ? [] : [link];
}

/** Neither service grades its events; the wording does. */
function messageSeverity(message: string): Severity {
  if (/\b(fail|failed|failure|error|terminated unexpectedly)\b/i.test(message)) return "high";
  if (/\b(stopped|shut ?down|low storage|storage-full|failover|unavailable)\b/i.test(message)) return "medium";
  return "info";
}
