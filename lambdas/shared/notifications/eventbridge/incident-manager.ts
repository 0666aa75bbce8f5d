/**
 * Systems Manager Incident Manager. It sends its events to EventBridge only through CloudTrail
 * ("AWS API Call via CloudTrail", source aws.ssm-incidents):
 * https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-ssm-incidents.html. An incident's
 * start and its record updates (status, impact, title) form one thread, keyed by the incident record.
 * Request fields follow the StartIncident and UpdateIncidentRecord API references.
 */
import { parseArn } from "../arn";
import { consoleLink } from "../console-links";
import { optionalField, presentFields } from "../fields";
import type { Severity } from "../model";
import { numberAt, recordAt, scalarText, stringAt, valueAt } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, eventThread } from "./renderer";

const START = "StartIncident";
const UPDATE = "UpdateIncidentRecord";

/** Incident Manager's impact codes: 1 Critical … 5 No impact. */
const IMPACTS: Readonly<Record<number, { readonly label: string; readonly severity: Severity }>> = {
  1: { label: "Critical", severity: "critical" },
  2: { label: "High", severity: "high" },
  3: { label: "Medium", severity: "medium" },
  4: { label: "Low", severity: "low" },
  5: { label: "No impact", severity: "info" },
};

export const incidentManagerRenderer = eventBridgeRenderer({
  kind: "incident-manager",
  label: "AWS Systems Manager Incident Manager",
  source: "aws.ssm-incidents",
  detailTypes: ["AWS API Call via CloudTrail"],
  render(event) {
    const detail = event.detail;
    const action = stringAt(detail, "eventName");
    if (action !== START && action !== UPDATE) return undefined;
    const request = recordAt(detail, "requestParameters") ?? {};
    const response = recordAt(detail, "responseElements") ?? {};
    const recordArn = action === START ? stringAt(response, "incidentRecordArn") : stringAt(request, "arn");
    const incident = recordArn === undefined ? undefined : parseArn(recordArn)?.resource.replace(/^incident-record\//, "");
    const title = stringAt(request, "title");
    const status = stringAt(request, "status");
    const impactCode = numberAt(request, "impact");
    const impact = impactCode === undefined ? undefined : IMPACTS[impactCode];
    const failed = stringAt(detail, "errorCode");

    const name = title ?? (incident === undefined ? "Incident" : `Incident ${incident}`);
    const what = failed !== undefined ? `${action} failed` : action === START ? "started" : status === "RESOLVED" ? "resolved" : status === "OPEN" ? "reopened" : "updated";
    const severity: Severity =
      failed !== undefined ? "medium" : status === "RESOLVED" ? "ok" : (impact?.severity ?? (action === START ? "high" : "info"));

    return {
      title: `${name} ${what}`,
      severity,
      ...(stringAt(request, "summary") === undefined ? {} : { body: { text: stringAt(request, "summary") ?? "" } }),
      fields: presentFields(
        optionalField("Status", status ?? (action === START && failed === undefined ? "OPEN" : undefined)),
        optionalField("Impact", impact === undefined ? scalarText(valueAt(request, "impact")) : `${impact.label} (${impactCode})`),
        optionalField("Response plan", stringAt(request, "responsePlanArn"), true),
        optionalField("Incident record", recordArn, true),
        optionalField("By", stringAt(recordAt(detail, "userIdentity") ?? {}, "arn"), true),
        optionalField("Error", failed === undefined ? undefined : `${failed}: ${stringAt(detail, "errorMessage") ?? ""}`.trim()),
      ),
      // The console's incident list: the page of one incident is not a documented URL.
      links: [consoleLink(eventLocation(event, recordArn), "View incidents", "/systems-manager/incidents/home")],
      ...(recordArn === undefined || failed !== undefined
        ? {}
        : { thread: eventThread(event, recordArn, { opens: action === START, updatesParent: true }) }),
      ...(action === START && failed === undefined ? { alarm: true } : {}),
    };
  },
});
