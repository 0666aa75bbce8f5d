/**
 * Systems Manager Compliance ("Configuration Compliance State Change"): a managed node became
 * compliant or non-compliant with its patch baseline or an association.
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html
 */
import { consoleLink } from "../console-links";
import { humanize, optionalField, presentFields } from "../fields";
import type { Severity } from "../model";
import { severityFromLabel } from "../severity";
import { stringAt } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation } from "./renderer";

export const ssmComplianceRenderer = eventBridgeRenderer({
  kind: "ssm-compliance",
  label: "AWS Systems Manager Compliance",
  source: "aws.ssm",
  detailTypes: ["Configuration Compliance State Change"],
  render(event) {
    const detail = event.detail;
    const status = stringAt(detail, "compliance-status");
    const complianceType = stringAt(detail, "compliance-type");
    const resourceId = stringAt(detail, "resource-id");
    const resource = [stringAt(detail, "resource-type") === "managed-instance" ? "Managed node" : stringAt(detail, "resource-type"), resourceId]
      .filter(Boolean)
      .join(" ") || "A resource";
    const state = status === undefined ? "changed compliance" : `is ${humanize(status).replace("non compliant", "non-compliant")}`;
    const title = complianceType === undefined ? `${resource} ${state}` : `${resource} ${state} (${complianceType})`;

    return {
      title,
      severity: complianceSeverity(status, stringAt(detail, "severity")),
      fields: presentFields(
        optionalField("Compliance", status),
        optionalField("Compliance type", complianceType),
        optionalField("Severity", stringAt(detail, "severity")),
        optionalField("Resource", resourceId, true),
        optionalField("Patch baseline", stringAt(detail, "patch-baseline-id"), true),
        optionalField("Last run", stringAt(detail, "last-runtime")),
      ),
      links: [consoleLink(eventLocation(event), "View compliance", resourceId && "/systems-manager/compliance")],
    };
  },
});

/** Compliant is ok; non-compliant takes the item's own severity (critical … informational), medium when it has none. */
function complianceSeverity(status: string | undefined, itemSeverity: string | undefined): Severity {
  const normalised = status?.replace(/[\s-]/g, "_").toUpperCase();
  if (normalised === "COMPLIANT") return "ok";
  if (normalised !== "NON_COMPLIANT") return "unknown";
  const fromItem = severityFromLabel(itemSeverity);
  return fromItem === undefined || fromItem === "unknown" ? "medium" : fromItem;
}
