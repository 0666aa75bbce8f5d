/**
 * Systems Manager Parameter Store: parameters created, updated, deleted or labelled, and parameter
 * policy actions (expiration, no-change notifications). The events never carry values.
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html
 */
import { consoleLink } from "../console-links";
import { humanize, optionalField, presentFields } from "../fields";
import type { Severity } from "../model";
import { lookup, stringAt } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation } from "./renderer";

const POLICY_ACTION = "Parameter Store Policy Action";

const VERB_BY_OPERATION: Readonly<Record<string, string>> = {
  Create: "created",
  Update: "updated",
  Delete: "deleted",
  LabelParameterVersion: "labelled",
};

export const ssmParameterStoreRenderer = eventBridgeRenderer({
  kind: "ssm-parameter-store",
  label: "AWS Systems Manager Parameter Store",
  source: "aws.ssm",
  detailTypes: ["Parameter Store Change", POLICY_ACTION],
  render(event) {
    const detail = event.detail;
    const isPolicyAction = event.detailType === POLICY_ACTION;
    const name = stringAt(detail, "name") ?? stringAt(detail, "parameter-name");
    const operation = stringAt(detail, "operation");
    const policyType = stringAt(detail, "policy-type");
    const verb = operation === undefined ? "changed" : (lookup(VERB_BY_OPERATION, operation) ?? humanize(operation));
    const title = isPolicyAction
      ? `Parameter ${name ?? "(unnamed)"}: ${policyType === undefined ? "policy" : humanize(policyType)} policy ${humanize(stringAt(detail, "action-status") ?? "triggered")}`
      : `Parameter ${name ?? "(unnamed)"} ${verb}`;
    // Expiry and deletion can break whatever reads the parameter.
    const severity: Severity = isPolicyAction || operation === "Delete" ? "medium" : "info";

    // The console nests the name in its path, so it is encoded once for the path and once for the page.
    const page = name === undefined || operation === "Delete" ? undefined : `/systems-manager/parameters/${encodeURIComponent(encodeURIComponent(name))}/description`;
    return {
      title,
      severity,
      fields: presentFields(
        optionalField("Parameter", name, true),
        optionalField("Operation", operation),
        optionalField("Type", stringAt(detail, "type") ?? stringAt(detail, "parameter-type")),
        optionalField("Description", stringAt(detail, "description")),
        optionalField("Policy", policyType),
        optionalField("Action status", stringAt(detail, "action-status")),
        optionalField("Reason", stringAt(detail, "action-reason")),
      ),
      links: [consoleLink(eventLocation(event), "View parameter", page)],
    };
  },
});
