/**
 * EC2 Auto Scaling: instance launches and terminations (successful or not) and lifecycle hook
 * actions. https://docs.aws.amazon.com/autoscaling/ec2/userguide/automating-ec2-auto-scaling-with-eventbridge.html
 */
import { consoleLink } from "../console-links";
import { optionalField, presentFields } from "../fields";
import type { Severity } from "../model";
import { lookup, stringAt, stringAtPath } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, plainBody } from "./renderer";

interface ActivityKind {
  readonly describe: (instance: string) => string;
  readonly severity: Severity;
}

const ACTIVITIES: Readonly<Record<string, ActivityKind>> = {
  "EC2 Instance Launch Successful": { describe: (instance) => `launched ${instance}`, severity: "info" },
  "EC2 Instance Launch Unsuccessful": { describe: () => "failed to launch an instance", severity: "high" },
  "EC2 Instance Terminate Successful": { describe: (instance) => `terminated ${instance}`, severity: "info" },
  "EC2 Instance Terminate Unsuccessful": { describe: (instance) => `failed to terminate ${instance}`, severity: "high" },
  "EC2 Instance-launch Lifecycle Action": { describe: (instance) => `waits on a launch lifecycle hook for ${instance}`, severity: "info" },
  "EC2 Instance-terminate Lifecycle Action": { describe: (instance) => `waits on a terminate lifecycle hook for ${instance}`, severity: "info" },
};

export const autoScalingRenderer = eventBridgeRenderer({
  kind: "autoscaling",
  label: "Amazon EC2 Auto Scaling",
  source: "aws.autoscaling",
  detailTypes: Object.keys(ACTIVITIES),
  render(event) {
    const detail = event.detail;
    const activity = lookup(ACTIVITIES, event.detailType);
    if (activity === undefined) return undefined;
    const group = stringAt(detail, "AutoScalingGroupName");
    const instance = stringAt(detail, "EC2InstanceId") ?? "an instance";
    return {
      title: `Auto Scaling group ${group ?? "(unnamed)"} ${activity.describe(instance)}`,
      severity: activity.severity,
      ...plainBody(stringAt(detail, "Cause")),
      fields: presentFields(
        optionalField("Status", stringAt(detail, "StatusCode")),
        optionalField("Status message", stringAt(detail, "StatusMessage")),
        optionalField("Instance", stringAt(detail, "EC2InstanceId"), true),
        optionalField("Group", group),
        optionalField("Lifecycle hook", stringAt(detail, "LifecycleHookName")),
        optionalField("Transition", stringAt(detail, "LifecycleTransition"), true),
        optionalField("Availability Zone", stringAtPath(detail, "Details", "Availability Zone")),
        optionalField("Subnet", stringAtPath(detail, "Details", "Subnet ID"), true),
        optionalField("Activity", stringAt(detail, "ActivityId"), true),
        optionalField("Started", stringAt(detail, "StartTime")),
        optionalField("Ended", stringAt(detail, "EndTime")),
      ),
      links: [consoleLink(eventLocation(event), "View group activity", group && "/ec2/home", `AutoScalingGroupDetails:id=${encodeURIComponent(group ?? "")};view=activity`)],
    };
  },
});
