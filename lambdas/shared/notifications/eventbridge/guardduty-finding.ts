/**
 * GuardDuty findings ("GuardDuty Finding" events). Severity is a 0.1–10 score; GuardDuty's own
 * bands are low < 4, medium < 7, high < 9, critical ≥ 9 (attack sequences). Findings are
 * re-published as their count grows, so each finding gets one thread.
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html
 */
import { consoleLink } from "../console-links";
import { boundedList, optionalField, presentFields, presentLists } from "../fields";
import type { Severity } from "../model";
import { severityFromScore, type ScoreBand } from "../severity";
import { arrayAt, isRecord, numberAt, recordAt, stringAt, stringAtPath, valueAtPath, type JsonRecord } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, eventThread, plainBody } from "./renderer";

export const GUARDDUTY_SEVERITY_BANDS: readonly ScoreBand[] = [
  { min: 9, severity: "critical" },
  { min: 7, severity: "high" },
  { min: 4, severity: "medium" },
  { min: 0, severity: "low" },
];

const BAND_NAMES: Readonly<Record<Severity, string>> = {
  critical: "Critical", high: "High", medium: "Medium", low: "Low", info: "Info", ok: "OK", unknown: "Unknown",
};

export const guardDutyFindingRenderer = eventBridgeRenderer({
  kind: "guardduty-finding",
  label: "Amazon GuardDuty",
  source: "aws.guardduty",
  detailTypes: ["GuardDuty Finding"],
  render(event) {
    const finding = event.detail;
    const type = stringAt(finding, "type");
    const score = numberAt(finding, "severity");
    const severity = severityFromScore(score, GUARDDUTY_SEVERITY_BANDS);
    const title = stringAt(finding, "title") ?? type ?? "GuardDuty finding";
    const service = recordAt(finding, "service");
    const resource = recordAt(finding, "resource");
    const description = stringAt(finding, "description");
    const id = stringAt(finding, "id");
    const region = stringAt(finding, "region") ?? event.region;

    const location = eventLocation({ ...event, region }, stringAt(finding, "arn"));
    const band = BAND_NAMES[severity];
    return {
      title,
      severity,
      summary: `GuardDuty ${band.toLowerCase()} severity: ${title}`,
      ...plainBody(description),
      fields: presentFields(
        { label: "Severity", value: score === undefined ? band : `${band} (${score})` },
        optionalField("Finding type", type, true),
        optionalField("Resource", describeResource(resource), true),
        optionalField("Action", stringAtPath(service, "action", "actionType")),
        optionalField("Count", valueAtPath(service, "count")),
        optionalField("First seen", valueAtPath(service, "eventFirstSeen")),
        optionalField("Last seen", valueAtPath(service, "eventLastSeen")),
        valueAtPath(service, "archived") === true ? { label: "Archived", value: "yes" } : undefined,
      ),
      lists: presentLists(boundedList("Attack sequence signals", signalTexts(service))),
      links: [consoleLink(location, "View finding in GuardDuty", id && "/guardduty/home", `/findings?macros=current&fId=${encodeURIComponent(id ?? "")}`)],
      ...(id === undefined ? {} : { thread: eventThread(event, id) }),
    };
  },
});

/** Where each resource type keeps the identifier people know it by. */
const RESOURCE_IDENTIFIERS: readonly (readonly [string, string])[] = [
  ["instanceDetails", "instanceId"],
  ["accessKeyDetails", "userName"],
  ["eksClusterDetails", "name"],
  ["ecsClusterDetails", "name"],
  ["lambdaDetails", "functionName"],
  ["rdsDbInstanceDetails", "dbInstanceIdentifier"],
  ["containerDetails", "name"],
];

/** "Instance i-123", "AccessKey AKIA… (user alice)", "S3Bucket my-bucket": the type and its main identifier. */
function describeResource(resource: JsonRecord | undefined): string | undefined {
  if (resource === undefined) return undefined;
  const type = stringAt(resource, "resourceType");
  let identifier: string | undefined;
  for (const [detailsKey, idKey] of RESOURCE_IDENTIFIERS) {
    const details = recordAt(resource, detailsKey);
    identifier = details && stringAt(details, idKey);
    if (identifier !== undefined) break;
  }
  const bucket = (arrayAt(resource, "s3BucketDetails") ?? []).find(isRecord);
  identifier ??= bucket && stringAt(bucket, "name");
  if (type === undefined) return identifier;
  return identifier === undefined ? type : `${type} ${identifier}`;
}

/** Extended Threat Detection findings list the signals of the attack sequence. */
function signalTexts(service: JsonRecord | undefined): string[] {
  const signals = valueAtPath(service, "detection", "sequence", "signals");
  return (Array.isArray(signals) ? signals : [])
    .filter(isRecord)
    .map((signal) => stringAt(signal, "name") ?? stringAt(signal, "type"))
    .filter((text): text is string => text !== undefined);
}
