/**
 * EC2 instance state changes ("EC2 Instance State-change Notification").
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instance-state-changes.html
 */
import { consoleLink } from "../console-links";
import { optionalField, presentFields } from "../fields";
import type { Severity } from "../model";
import { severityOfState } from "../severity";
import { stringAt } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation } from "./renderer";

const SEVERITY_BY_STATE: Readonly<Record<string, Severity>> = {
  pending: "info",
  running: "ok",
  stopping: "low",
  stopped: "low",
  "shutting-down": "medium",
  terminated: "medium",
};

export const ec2InstanceStateRenderer = eventBridgeRenderer({
  kind: "ec2-instance-state",
  label: "Amazon EC2",
  source: "aws.ec2",
  detailTypes: ["EC2 Instance State-change Notification"],
  render(event) {
    const instanceId = stringAt(event.detail, "instance-id");
    const state = stringAt(event.detail, "state");
    return {
      title: `EC2 instance ${instanceId ?? "(unknown)"} is ${state ?? "in an unknown state"}`,
      severity: severityOfState(state?.toLowerCase(), SEVERITY_BY_STATE),
      fields: presentFields(optionalField("Instance", instanceId, true), optionalField("State", state)),
      links: [consoleLink(eventLocation(event), "View instance", instanceId && "/ec2/home", `InstanceDetails:instanceId=${encodeURIComponent(instanceId ?? "")}`)],
    };
  },
});
