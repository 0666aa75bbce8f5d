/**
 * AWS Config rule compliance changes ("Config Rules Compliance Change"): a resource became
 * compliant or non-compliant with a rule. https://docs.aws.amazon.com/config/latest/developerguide/monitor-config-with-cloudwatchevents.html
 */
import { consoleLink } from "../console-links";
import { humanize, optionalField, presentFields, transition } from "../fields";
import type { Severity } from "../model";
import { severityOfState } from "../severity";
import { stringAt, stringAtPath } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, plainBody } from "./renderer";

const SEVERITY_BY_COMPLIANCE: Readonly<Record<string, Severity>> = {
  NON_COMPLIANT: "medium",
  COMPLIANT: "ok",
  NOT_APPLICABLE: "info",
  INSUFFICIENT_DATA: "unknown",
};

export const configComplianceRenderer = eventBridgeRenderer({
  kind: "config-compliance",
  label: "AWS Config",
  source: "aws.config",
  detailTypes: ["Config Rules Compliance Change"],
  render(event) {
    const detail = event.detail;
    const rule = stringAt(detail, "configRuleName") ?? stringAtPath(detail, "newEvaluationResult", "evaluationResultIdentifier", "evaluationResultQualifier", "configRuleName");
    const resourceType = stringAt(detail, "resourceType") ?? stringAtPath(detail, "newEvaluationResult", "evaluationResultIdentifier", "evaluationResultQualifier", "resourceType");
    const resourceId = stringAt(detail, "resourceId") ?? stringAtPath(detail, "newEvaluationResult", "evaluationResultIdentifier", "evaluationResultQualifier", "resourceId");
    const newCompliance = stringAtPath(detail, "newEvaluationResult", "complianceType");
    const oldCompliance = stringAtPath(detail, "oldEvaluationResult", "complianceType");
    const resource = [resourceType, resourceId].filter(Boolean).join(" ") || "A resource";
    const state = newCompliance === undefined ? "changed compliance" : `is ${humanize(newCompliance).replace("non compliant", "non-compliant")}`;
    const title = rule === undefined ? `${resource} ${state}` : `${resource} ${state} with ${rule}`;

    const location = eventLocation({ ...event, region: stringAt(detail, "awsRegion") ?? event.region }, stringAt(detail, "configRuleARN"));
    return {
      title,
      severity: severityOfState(newCompliance, SEVERITY_BY_COMPLIANCE),
      ...plainBody(stringAtPath(detail, "newEvaluationResult", "annotation")),
      fields: presentFields(
        optionalField("Compliance", transition(oldCompliance, newCompliance)),
        optionalField("Rule", rule),
        optionalField("Resource type", resourceType),
        optionalField("Resource", resourceId, true),
        optionalField("Account", stringAt(detail, "awsAccountId")),
        optionalField("Recorded", stringAtPath(detail, "newEvaluationResult", "resultRecordedTime")),
      ),
      links: [consoleLink(location, "View rule in AWS Config", rule && "/config/home", `/rules/details?configRuleName=${encodeURIComponent(rule ?? "")}`)],
    };
  },
});
