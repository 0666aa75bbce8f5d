/**
 * Amazon Inspector findings ("Inspector2 Finding"): package and code vulnerabilities, network
 * reachability. https://docs.aws.amazon.com/inspector/latest/user/eventbridge-integration.html
 */
import { consoleLink } from "../console-links";
import { boundedList, optionalField, presentFields, presentLists } from "../fields";
import type { Severity } from "../model";
import { severityFromLabel } from "../severity";
import { arrayAt, isRecord, recordAt, stringAt, stringAtPath, valueAt, valueAtPath, type JsonRecord } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, eventThread, plainBody } from "./renderer";

const CVE_ID = /^CVE-\d{4}-\d{4,7}$/;

export const inspectorFindingRenderer = eventBridgeRenderer({
  kind: "inspector-finding",
  label: "Amazon Inspector",
  source: "aws.inspector2",
  detailTypes: ["Inspector2 Finding"],
  render(event) {
    const finding = event.detail;
    const label = stringAt(finding, "severity");
    const status = stringAt(finding, "status");
    // A closed finding was fixed; a suppressed one was judged not to matter.
    const severity: Severity = status === "CLOSED" ? "ok" : status === "SUPPRESSED" ? "info" : (severityFromLabel(label) ?? "unknown");
    const vulnerability = recordAt(finding, "packageVulnerabilityDetails");
    const vulnerabilityId = vulnerability && stringAt(vulnerability, "vulnerabilityId");
    const title = stringAt(finding, "title") ?? vulnerabilityId ?? "Inspector finding";
    const findingArn = stringAt(finding, "findingArn");

    const cve = vulnerabilityId !== undefined && CVE_ID.test(vulnerabilityId) ? vulnerabilityId : undefined;
    const score = valueAt(finding, "inspectorScore");
    return {
      title,
      severity,
      summary: status === "CLOSED" ? `Inspector finding closed: ${title}` : `Inspector ${(label ?? severity).toLowerCase()}: ${title}`,
      ...plainBody(stringAt(finding, "description")),
      fields: presentFields(
        { label: "Severity", value: [label ?? "unknown", typeof score === "number" ? `score ${score}` : undefined].filter(Boolean).join(", ") },
        optionalField("Status", status),
        optionalField("Type", stringAt(finding, "type")),
        optionalField("Vulnerability", vulnerabilityId, true),
        optionalField("Fix available", valueAt(finding, "fixAvailable")),
        optionalField("Exploit available", valueAt(finding, "exploitAvailable")),
        optionalField("Open ports", openPorts(finding)),
        optionalField("Remediation", stringAtPath(finding, "remediation", "recommendation", "text")),
        optionalField("First observed", valueAt(finding, "firstObservedAt")),
      ),
      lists: presentLists(
        boundedList("Resources", resourceTexts(finding)),
        boundedList("Vulnerable packages", packageTexts(vulnerability)),
      ),
      links: [
        consoleLink(eventLocation(event, findingArn), "Open Inspector findings", "/inspector/v2/home", "/findings/all"),
        cve === undefined ? undefined : { label: `${cve} in the NVD`, url: `https://nvd.nist.gov/vuln/detail/${cve}` },
      ],
      ...(findingArn === undefined ? {} : { thread: eventThread(event, findingArn) }),
    };
  },
});

function resourceTexts(finding: JsonRecord): string[] {
  return (arrayAt(finding, "resources") ?? [])
    .filter(isRecord)
    .map((resource) => [stringAt(resource, "type"), stringAt(resource, "id")].filter(Boolean).join(" "))
    .filter((text) => text !== "");
}

/** "openssl 3.0.2 (fixed in 3.0.13)". */
function packageTexts(vulnerability: JsonRecord | undefined): string[] {
  return (vulnerability ? arrayAt(vulnerability, "vulnerablePackages") ?? [] : [])
    .filter(isRecord)
    .map((pkg) => {
      const name = [stringAt(pkg, "name"), stringAt(pkg, "version")].filter(Boolean).join(" ") || "(unnamed package)";
      const fixed = stringAt(pkg, "fixedInVersion");
      return fixed === undefined || fixed === "NotAvailable" ? name : `${name} (fixed in ${fixed})`;
    });
}

/** Network reachability findings: "TCP 22–22". */
function openPorts(finding: JsonRecord): string | undefined {
  const protocol = stringAtPath(finding, "networkReachabilityDetails", "protocol");
  const begin = valueAtPath(finding, "networkReachabilityDetails", "openPortRange", "begin");
  const end = valueAtPath(finding, "networkReachabilityDetails", "openPortRange", "end");
  if (typeof begin !== "number") return undefined;
  const range = typeof end === "number" && end !== begin ? `${begin}–${end}` : String(begin);
  return protocol === undefined ? range : `${protocol} ${range}`;
}
