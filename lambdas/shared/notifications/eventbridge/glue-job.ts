/**
 * AWS Glue job runs: state changes and run-time warnings ("Glue Job Run Status", sent when a run
 * exceeds its delay notification threshold). https://docs.aws.amazon.com/glue/latest/dg/automating-awsglue-with-cloudwatch-events.html
 */
import { consoleLink } from "../console-links";
import { humanize, optionalField, presentFields, stateWords } from "../fields";
import type { Severity } from "../model";
import { severityOfState } from "../severity";
import { stringAt, valueAtPath } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, plainBody } from "./renderer";

const RUN_STATUS = "Glue Job Run Status";

const SEVERITY_BY_STATE: Readonly<Record<string, Severity>> = {
  SUCCEEDED: "ok",
  FAILED: "high",
  TIMEOUT: "high",
  ERROR: "high",
  STOPPED: "low",
  RUNNING: "info",
  STARTING: "info",
  STOPPING: "low",
  WAITING: "info",
};

export const glueJobRenderer = eventBridgeRenderer({
  kind: "glue-job",
  label: "AWS Glue",
  source: "aws.glue",
  detailTypes: ["Glue Job State Change", RUN_STATUS],
  render(event) {
    const detail = event.detail;
    const job = stringAt(detail, "jobName");
    const runId = stringAt(detail, "jobRunId");
    const state = stringAt(detail, "state");
    const isDelay = event.detailType === RUN_STATUS;
    const delay = valueAtPath(detail, "notificationCondition", "NotifyDelayAfter");
    const title = isDelay
      ? `Glue job ${job ?? "(unnamed)"} is still ${state === undefined ? "running" : humanize(state)}${typeof delay === "number" ? ` after ${delay} minutes` : ""}`
      : `Glue job ${job ?? "(unnamed)"} ${stateWords(state)}`;
    const run = runId === undefined ? "" : `/run/${encodeURIComponent(runId)}`;
    return {
      title,
      severity: isDelay ? "medium" : severityOfState(state, SEVERITY_BY_STATE),
      ...plainBody(stringAt(detail, "message")),
      fields: presentFields(
        optionalField("State", state),
        optionalField("Job", job),
        optionalField("Run", runId, true),
        optionalField("Glue severity", stringAt(detail, "severity")),
        optionalField("Started", stringAt(detail, "startedOn")),
      ),
      links: [consoleLink(eventLocation(event), "View job run", job && "/gluestudio/home", `/job/${encodeURIComponent(job ?? "")}${run}`)],
    };
  },
});
