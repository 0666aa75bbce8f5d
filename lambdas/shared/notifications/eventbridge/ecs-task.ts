/**
 * ECS task state changes. A stopped task is an incident when it failed to start or a container
 * exited with an error; scaling in and deployments stop tasks routinely.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 */
import { parseArn } from "../arn";
import { consoleLink } from "../console-links";
import { boundedList, optionalField, presentFields, presentLists } from "../fields";
import type { Severity } from "../model";
import { arrayAt, isRecord, stringAt, valueAt, type JsonRecord } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, plainBody } from "./renderer";

/** Stop codes that mean something went wrong rather than someone stopping the task. */
const FAILURE_STOP_CODES = new Set(["TaskFailedToStart", "EssentialContainerExited"]);

export const ecsTaskRenderer = eventBridgeRenderer({
  kind: "ecs-task",
  label: "Amazon ECS",
  source: "aws.ecs",
  detailTypes: ["ECS Task State Change"],
  render(event) {
    const detail = event.detail;
    const clusterArn = stringAt(detail, "clusterArn");
    const taskArn = stringAt(detail, "taskArn") ?? event.resources.find((resource) => resource.includes(":task/"));
    const cluster = lastPathPart(clusterArn);
    const taskId = lastPathPart(taskArn);
    const lastStatus = stringAt(detail, "lastStatus");
    const desiredStatus = stringAt(detail, "desiredStatus");
    const group = stringAt(detail, "group");
    const taskDefinition = lastPathPart(stringAt(detail, "taskDefinitionArn"));
    const containers = (arrayAt(detail, "containers") ?? []).filter(isRecord);
    const what = group ?? taskDefinition ?? "task";
    const title = `ECS ${what}${cluster === undefined ? "" : ` in ${cluster}`}: task ${lastStatus ?? "changed state"}`;

    const taskPage = cluster === undefined || taskId === undefined ? undefined : `/ecs/v2/clusters/${encodeURIComponent(cluster)}/tasks/${encodeURIComponent(taskId)}/configuration`;
    return {
      title,
      severity: taskSeverity(lastStatus, stringAt(detail, "stopCode"), containers),
      ...plainBody(stringAt(detail, "stoppedReason")),
      fields: presentFields(
        optionalField("Status", desiredStatus !== undefined && desiredStatus !== lastStatus ? `${lastStatus ?? "?"} (desired ${desiredStatus})` : lastStatus),
        optionalField("Stop code", stringAt(detail, "stopCode")),
        optionalField("Cluster", cluster),
        optionalField("Task", taskId, true),
        optionalField("Task definition", taskDefinition, true),
        optionalField("Group", group),
        optionalField("Launch type", stringAt(detail, "launchType")),
        optionalField("Availability Zone", stringAt(detail, "availabilityZone")),
      ),
      lists: presentLists(boundedList("Containers", containers.map(describeContainer))),
      links: [consoleLink(eventLocation(event, clusterArn), "View task", taskPage)],
    };
  },
});

function taskSeverity(lastStatus: string | undefined, stopCode: string | undefined, containers: readonly JsonRecord[]): Severity {
  if (lastStatus === "RUNNING") return "ok";
  if (lastStatus !== "STOPPED") return lastStatus === undefined ? "unknown" : "info";
  const failedContainer = containers.some((container) => {
    const exitCode = valueAt(container, "exitCode");
    return typeof exitCode === "number" && exitCode !== 0;
  });
  if (stopCode === "TaskFailedToStart" || failedContainer) return "high";
  return stopCode !== undefined && FAILURE_STOP_CODES.has(stopCode) ? "medium" : "info";
}

/** "orders-api: STOPPED, exit 137 (OutOfMemoryError)". */
function describeContainer(container: JsonRecord): string {
  const name = stringAt(container, "name") ?? "(container)";
  const parts = [stringAt(container, "lastStatus")];
  const exitCode = valueAt(container, "exitCode");
  if (typeof exitCode === "number") parts.push(`exit ${exitCode}`);
  const reason = stringAt(container, "reason");
  const summary = parts.filter(Boolean).join(", ");
  return `${name}${summary === "" ? "" : `: ${summary}`}${reason === undefined ? "" : ` (${reason})`}`;
}

/** "arn:aws:ecs:…:task/prod/abc" → "abc"; "arn:…:task-definition/web:12" → "web:12". */
function lastPathPart(arn: string | undefined): string | undefined {
  const resource = arn === undefined ? undefined : parseArn(arn)?.resource;
  const part = resource?.split("/").pop();
  return part === undefined || part === "" ? undefined : part;
}
