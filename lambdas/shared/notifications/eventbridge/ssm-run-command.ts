/**
 * Systems Manager Run Command: a command's overall status and its per-instance invocations, which
 * reply in the command's thread. https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html
 */
import { consoleLink } from "../console-links";
import { previewJson } from "../json-preview";
import { optionalField, presentFields } from "../fields";
import { stringAt, valueAt } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, eventThread } from "./renderer";
import { ssmStatusSeverity } from "./ssm-status";

const INVOCATION = "EC2 Command Invocation Status-change Notification";

export const ssmRunCommandRenderer = eventBridgeRenderer({
  kind: "ssm-run-command",
  label: "AWS Systems Manager Run Command",
  source: "aws.ssm",
  detailTypes: ["EC2 Command Status-change Notification", INVOCATION],
  render(event) {
    const detail = event.detail;
    const isInvocation = event.detailType === INVOCATION;
    const documentName = stringAt(detail, "document-name") ?? "command";
    const status = stringAt(detail, "status");
    const commandId = stringAt(detail, "command-id");
    const instance = stringAt(detail, "instance-id");
    const where = isInvocation && instance !== undefined ? ` on ${instance}` : "";
    const title = `Run Command ${documentName}${where}: ${status ?? "status unknown"}`;

    const parameters = valueAt(detail, "parameters");
    return {
      title,
      severity: ssmStatusSeverity(status),
      fields: presentFields(
        optionalField("Status", status),
        optionalField("Document", documentName, true),
        optionalField("Command", commandId, true),
        optionalField("Instance", instance, true),
        optionalField("Requested", stringAt(detail, "requested-date-time")),
        optionalField("Expires", stringAt(detail, "expire-after")),
        parameters === undefined ? undefined : { label: "Parameters", value: previewJson(parameters, 500), code: true },
      ),
      links: [consoleLink(eventLocation(event), "View command", commandId && `/systems-manager/run-command/${encodeURIComponent(commandId)}`)],
      ...(commandId === undefined ? {} : { thread: eventThread(event, commandId, { updatesParent: !isInvocation }) }),
    };
  },
});
