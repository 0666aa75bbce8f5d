/**
 * Systems Manager State Manager: an association's overall status and its per-instance runs.
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html
 */
import { consoleLink } from "../console-links";
import { optionalField, presentFields } from "../fields";
import { stringAt } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, plainBody } from "./renderer";
import { ssmStatusSeverity } from "./ssm-status";

const INSTANCE = "EC2 State Manager Instance Association State Change";

export const ssmStateManagerRenderer = eventBridgeRenderer({
  kind: "ssm-state-manager",
  label: "AWS Systems Manager State Manager",
  source: "aws.ssm",
  detailTypes: ["EC2 State Manager Association State Change", INSTANCE],
  render(event) {
    const detail = event.detail;
    const associationId = stringAt(detail, "association-id");
    const documentName = stringAt(detail, "document-name") ?? "association";
    const status = stringAt(detail, "status");
    const instance = event.detailType === INSTANCE ? stringAt(detail, "instance-id") : undefined;
    const title = `State Manager ${documentName}${instance === undefined ? "" : ` on ${instance}`}: ${status ?? "status unknown"}`;

    return {
      title,
      severity: ssmStatusSeverity(status),
      ...plainBody(stringAt(detail, "execution-summary")),
      fields: presentFields(
        optionalField("Status", status),
        optionalField("Detailed status", stringAt(detail, "detailed-status")),
        optionalField("Error code", stringAt(detail, "error-code"), true),
        optionalField("Document", documentName, true),
        optionalField("Association", associationId, true),
        optionalField("Instance", instance, true),
        optionalField("Schedule", stringAt(detail, "schedule-expression"), true),
        optionalField("Last run", stringAt(detail, "last-execution-date")),
        optionalField("Last success", stringAt(detail, "last-successful-execution-date")),
        optionalField("Targets", stringAt(detail, "targets"), true),
        optionalField("Status counts", stringAt(detail, "association-status-aggregated-count"), true),
      ),
      links: [consoleLink(eventLocation(event), "View association", associationId && `/systems-manager/state-manager/${encodeURIComponent(associationId)}/description`)],
    };
  },
});
