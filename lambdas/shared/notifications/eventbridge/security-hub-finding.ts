/**
 * Security Hub findings in the AWS Security Finding Format (ASFF), from any product: "Security
 * Hub Findings - Imported" and findings sent to a custom action. One event may carry many
 * findings; one is shown in full, several as a list ordered by severity.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html
 */
import { awsLinkFromEvent, consoleLink, type ConsoleLocation } from "../console-links";
import { boundedList, optionalField, presentFields, presentLists, scalarTexts } from "../fields";
import type { Field, Severity } from "../model";
import { higherSeverity, severityFromLabel, severityFromScore, severityRank, type ScoreBand } from "../severity";
import { arrayAt, isRecord, numberAt, recordAt, stringAt, stringAtPath, type JsonRecord } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, eventThread } from "./renderer";

/** ASFF's documented mapping of Severity.Normalized (0–100) for findings without a label. */
const NORMALIZED_BANDS: readonly ScoreBand[] = [
  { min: 90, severity: "critical" },
  { min: 70, severity: "high" },
  { min: 40, severity: "medium" },
  { min: 1, severity: "low" },
  { min: 0, severity: "info" },
];

const MAX_LISTED_FINDINGS = 10;

export const securityHubFindingRenderer = eventBridgeRenderer({
  kind: "securityhub-finding",
  label: "AWS Security Hub",
  source: "aws.securityhub",
  detailTypes: ["Security Hub Findings - Imported", "Security Hub Findings - Custom Action"],
  render(event) {
    const findings = (arrayAt(event.detail, "findings") ?? []).filter(isRecord);
    if (findings.length === 0) return undefined;
    const location = eventLocation(event);
    const action = stringAt(event.detail, "actionName");
    const actionField = optionalField("Custom action", action);
    if (findings.length === 1) {
      const view = findingView(findings[0], location);
      const id = stringAt(findings[0], "Id");
      return {
        ...view,
        fields: actionField === undefined ? view.fields : [actionField, ...view.fields],
        ...(id === undefined || action !== undefined ? {} : { thread: eventThread(event, id) }),
      };
    }
    const ranked = findings
      .map((finding) => ({ finding, severity: findingSeverity(finding) }))
      .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    const severity = ranked.map((entry) => entry.severity).reduce(higherSeverity, "unknown");
    const items = ranked.map(({ finding, severity: itemSeverity }) => `${itemSeverity.toUpperCase()}: ${findingTitle(finding)}${resourceSuffix(finding)}`);
    return {
      title: `${findings.length} Security Hub findings`,
      severity,
      summary: `${findings.length} Security Hub findings, the most severe ${severity}: ${findingTitle(ranked[0].finding)}`,
      fields: presentFields(actionField),
      lists: presentLists(boundedList("Findings", items, MAX_LISTED_FINDINGS)),
      links: [consoleLink(location, "Open Security Hub findings", "/securityhub/home", "/findings")],
    };
  },
});

function findingView(finding: JsonRecord, location: ConsoleLocation | undefined) {
  const severity = findingSeverity(finding);
  const title = findingTitle(finding);
  const label = stringAtPath(finding, "Severity", "Label");
  const product = stringAt(finding, "ProductName") ?? stringAtPath(finding, "ProductFields", "aws/securityhub/ProductName");
  const company = stringAt(finding, "CompanyName") ?? stringAtPath(finding, "ProductFields", "aws/securityhub/CompanyName");
  const compliance = recordAt(finding, "Compliance");
  const controlId = compliance && stringAt(compliance, "SecurityControlId");
  const complianceStatus = compliance && stringAt(compliance, "Status");
  const recommendation = stringAtPath(finding, "Remediation", "Recommendation", "Text");
  const description = stringAt(finding, "Description");
  const body = [description, recommendation && `Remediation: ${recommendation}`].filter(Boolean).join("\n\n");

  const id = stringAt(finding, "Id");
  // The console's own filter syntax: Id EQUALS <id>, with its operator escaped twice.
  const search = id === undefined ? undefined : `Id%3D%255Coperator%255C%253AEQUALS%255C%253A${encodeURIComponent(encodeURIComponent(id))}`;
  const remediationUrl = awsLinkFromEvent(stringAtPath(finding, "Remediation", "Recommendation", "Url"));
  const links = [
    consoleLink(location, "View finding in Security Hub", search && "/securityhub/home", `/findings?search=${search ?? ""}`),
    remediationUrl === undefined ? undefined : { label: "Remediation guidance", url: remediationUrl },
  ];

  const fields: Field[] = presentFields(
    { label: "Severity", value: label ?? severity.toUpperCase() },
    optionalField("Product", [company, product].filter(Boolean).join(" ") || undefined),
    optionalField("Compliance", complianceStatus === undefined ? undefined : controlId === undefined ? complianceStatus : `${complianceStatus} (${controlId})`),
    optionalField("Workflow", stringAtPath(finding, "Workflow", "Status") ?? stringAt(finding, "WorkflowState")),
    optionalField("Record state", stringAt(finding, "RecordState")),
    optionalField("Account", stringAt(finding, "AwsAccountId")),
    optionalField("Resources", resourceTexts(finding).join("\n") || undefined, true),
    optionalField("Types", scalarTexts(arrayAt(finding, "Types")).join("\n") || undefined),
    optionalField("Updated", stringAt(finding, "UpdatedAt")),
  );
  return {
    title,
    severity,
    summary: `Security Hub ${(label ?? severity).toLowerCase()}: ${title}`,
    ...(body === "" ? {} : { body: { text: body } }),
    fields,
    links,
  };
}

/** Passed controls, resolved workflows and archived findings are good news whatever their label. */
function findingSeverity(finding: JsonRecord): Severity {
  if (stringAtPath(finding, "Compliance", "Status") === "PASSED") return "ok";
  if (stringAtPath(finding, "Workflow", "Status") === "RESOLVED" || stringAt(finding, "RecordState") === "ARCHIVED") return "ok";
  const label = severityFromLabel(stringAtPath(finding, "Severity", "Label"));
  if (label !== undefined) return label;
  const scores = recordAt(finding, "Severity");
  return severityFromScore(scores && numberAt(scores, "Normalized"), NORMALIZED_BANDS);
}

function findingTitle(finding: JsonRecord): string {
  return stringAt(finding, "Title") ?? stringAt(finding, "GeneratorId") ?? "Security Hub finding";
}

function resourceTexts(finding: JsonRecord): string[] {
  return (arrayAt(finding, "Resources") ?? [])
    .filter(isRecord)
    .map((resource) => [stringAt(resource, "Type"), stringAt(resource, "Id")].filter(Boolean).join(" "))
    .filter((text) => text !== "");
}

function resourceSuffix(finding: JsonRecord): string {
  const [first] = resourceTexts(finding);
  return first === undefined ? "" : ` (${first})`;
}
