/**
 * Systems Manager Automation: runbook executions and their steps. Steps reply in the thread of
 * their execution. https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html
 */
import { consoleLink } from "../console-links";
import { optionalField, presentFields } from "../fields";
import { stringAt, valueAt } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, eventThread } from "./renderer";
import { ssmStatusSeverity } from "./ssm-status";

const STEP = "EC2 Automation Step Status-change Notification";

export const ssmAutomationRenderer = eventBridgeRenderer({
  kind: "ssm-automation",
  label: "AWS Systems Manager Automation",
  source: "aws.ssm",
  detailTypes: ["EC2 Automation Execution Status-change Notification", STEP],
  render(event) {
    const detail = event.detail;
    const isStep = event.detailType === STEP;
    const runbook = stringAt(detail, "Definition") ?? "runbook";
    const status = stringAt(detail, "Status");
    const step = stringAt(detail, "StepName");
    const executionId = stringAt(detail, "ExecutionId");
    const subject = isStep ? `Automation ${runbook}, step ${step ?? "?"}` : `Automation ${runbook}`;
    const title = `${subject}: ${status ?? "status unknown"}`;

    const version = valueAt(detail, "DefinitionVersion");
    return {
      title,
      severity: ssmStatusSeverity(status),
      fields: presentFields(
        optionalField("Status", status),
        optionalField("Runbook", typeof version === "number" || typeof version === "string" ? `${runbook} (version ${version})` : runbook),
        optionalField("Execution", executionId, true),
        optionalField("Step", step),
        optionalField("Action", stringAt(detail, "Action"), true),
        optionalField("Started", stringAt(detail, "StartTime")),
        optionalField("Ended", stringAt(detail, "EndTime")),
        optionalField("Executed by", stringAt(detail, "ExecutedBy"), true),
      ),
      links: [consoleLink(eventLocation(event), "View execution", executionId && `/systems-manager/automation/execution/${encodeURIComponent(executionId)}`)],
      ...(executionId === undefined ? {} : { thread: eventThread(event, executionId, { updatesParent: !isStep }) }),
    };
  },
});
