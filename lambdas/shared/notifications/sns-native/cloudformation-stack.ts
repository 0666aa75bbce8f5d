/**
 * CloudFormation stack notifications: one SNS message per stack event, as lines of Key='value'.
 * A stack operation produces many of them, so one operation (stack and client request token) is
 * one thread, and only stack-level events update its parent.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-console-add-tags.html
 */
import { parseArn } from "../arn";
import { consoleLink, consoleLocation } from "../console-links";
import { humanize, optionalField, presentFields } from "../fields";
import type { Renderer, Severity, SnsNotificationInput } from "../model";
import { plainBody, toNotification } from "../view";

const LINE = /^([A-Za-z]+)='([\s\S]*?)'[ \t]*$/gm;
/** A stack notification is megabytes at most when ResourceProperties is huge; anything larger is not one. */
const MAX_LENGTH = 300_000;

export const cloudFormationStackRenderer: Renderer = {
  kind: "cloudformation-stack",
  render: renderCloudFormationStack,
};

export function renderCloudFormationStack(input: SnsNotificationInput, parsed: unknown) {
  if (parsed !== undefined || typeof input.message !== "string" || input.message.length > MAX_LENGTH) return undefined;
  const values = readLines(input.message);
  const stackId = values.get("StackId");
  const status = values.get("ResourceStatus");
  if (stackId === undefined || status === undefined) return undefined;

  const stackName = values.get("StackName") ?? parseArn(stackId)?.resource.split("/")[1] ?? "stack";
  const logicalId = values.get("LogicalResourceId");
  const resourceType = values.get("ResourceType");
  const isStackEvent = resourceType === "AWS::CloudFormation::Stack" && (logicalId === undefined || logicalId === stackName);
  const title = isStackEvent ? `Stack ${stackName} ${humanize(status)}` : `${stackName}: ${logicalId ?? "resource"} ${humanize(status)}`;
  const arn = parseArn(stackId);
  const token = values.get("ClientRequestToken");

  return toNotification(cloudFormationStackRenderer.kind, {
    title,
    severity: stackStatusSeverity(status),
    summary: `CloudFormation ${title}`,
    ...plainBody(values.get("ResourceStatusReason")),
    fields: presentFields(
      optionalField("Status", status),
      optionalField("Resource", isStackEvent ? undefined : logicalId),
      optionalField("Type", resourceType, true),
      optionalField("Physical ID", isStackEvent ? undefined : values.get("PhysicalResourceId"), true),
      optionalField("Request", token, true),
    ),
    links: [consoleLink(consoleLocation(arn?.region, [stackId]), "View stack events", "/cloudformation/home", `/stacks/events?stackId=${encodeURIComponent(stackId)}`)],
    thread: {
      key: `cloudformation:${stackId}:${token ?? ""}`,
      opens: true,
      updatesParent: isStackEvent,
      ...(values.get("Timestamp") === undefined ? {} : { occurredAt: values.get("Timestamp") }),
    },
  }, {
    label: "AWS CloudFormation",
    account: values.get("Namespace") ?? arn?.accountId,
    region: arn?.region,
    time: values.get("Timestamp"),
    eventType: "CloudFormation Stack Notification",
  });
}

/** Key='value' lines; "null" and '' mean no value. */
function readLines(message: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const [, key, value] of message.matchAll(LINE)) {
    if (value.trim() !== "" && value !== "null" && !values.has(key)) values.set(key, value);
  }
  return values;
}

/** Failures and rollbacks are what people need to see; completions are good news. */
export function stackStatusSeverity(status: string): Severity {
  if (status.endsWith("_FAILED")) return "high";
  if (status === "ROLLBACK_COMPLETE" || status === "ROLLBACK_IN_PROGRESS" || status === "UPDATE_ROLLBACK_IN_PROGRESS") return "high";
  if (status.includes("ROLLBACK")) return "medium";
  if (status.endsWith("_COMPLETE")) return "ok";
  if (status.endsWith("_IN_PROGRESS")) return "info";
  return "unknown";
}
