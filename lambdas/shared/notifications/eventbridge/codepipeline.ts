/**
 * CodePipeline executions: pipeline, stage and action state changes. One thread per pipeline
 * execution; stage and action changes reply in it, and only pipeline-level changes update the
 * parent. https://docs.aws.amazon.com/codepipeline/latest/userguide/detect-state-changes-cloudwatch-events.html
 */
import { awsLinkFromEvent, consoleLink } from "../console-links";
import { optionalField, presentFields, stateWords } from "../fields";
import type { Severity } from "../model";
import { severityOfState } from "../severity";
import { stringAt, stringAtPath } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, eventThread } from "./renderer";

const PIPELINE = "CodePipeline Pipeline Execution State Change";
const STAGE = "CodePipeline Stage Execution State Change";
const ACTION = "CodePipeline Action Execution State Change";

const SEVERITY_BY_STATE: Readonly<Record<string, Severity>> = {
  FAILED: "high",
  SUCCEEDED: "ok",
  STARTED: "info",
  RESUMED: "info",
  STOPPING: "low",
  STOPPED: "low",
  CANCELED: "low",
  ABANDONED: "low",
  SUPERSEDED: "info",
};

export const codePipelineRenderer = eventBridgeRenderer({
  kind: "codepipeline",
  label: "AWS CodePipeline",
  source: "aws.codepipeline",
  detailTypes: [PIPELINE, STAGE, ACTION],
  render(event) {
    const detail = event.detail;
    const pipeline = stringAt(detail, "pipeline") ?? "pipeline";
    const executionId = stringAt(detail, "execution-id");
    const state = stringAt(detail, "state");
    const stage = stringAt(detail, "stage");
    const action = stringAt(detail, "action");
    const subject =
      event.detailType === ACTION ? `${pipeline}: ${stage ?? "?"} › ${action ?? "?"}` :
      event.detailType === STAGE ? `${pipeline}: stage ${stage ?? "?"}` :
      `Pipeline ${pipeline}`;
    const title = `${subject} ${stateWords(state)}`;
    const executionPage = executionId && `/codesuite/codepipeline/pipelines/${encodeURIComponent(pipeline)}/executions/${encodeURIComponent(executionId)}/timeline`;
    const externalUrl = awsLinkFromEvent(stringAtPath(detail, "execution-result", "external-execution-url"));

    const trigger = [stringAtPath(detail, "execution-trigger", "trigger-type"), stringAtPath(detail, "execution-trigger", "trigger-detail")].filter(Boolean).join(": ");
    return {
      title,
      severity: severityOfState(state, SEVERITY_BY_STATE),
      fields: presentFields(
        optionalField("State", state),
        optionalField("Execution", executionId, true),
        optionalField("Stage", stage),
        optionalField("Action", action),
        optionalField("Provider", [stringAtPath(detail, "type", "category"), stringAtPath(detail, "type", "provider")].filter(Boolean).join(" / ") || undefined),
        optionalField("Result", stringAtPath(detail, "execution-result", "external-execution-summary")),
        optionalField("Error", stringAtPath(detail, "execution-result", "error-code"), true),
        optionalField("Trigger", trigger || undefined),
      ),
      links: [
        consoleLink(eventLocation(event), "View execution", executionPage),
        externalUrl === undefined ? undefined : { label: `Open ${stringAtPath(detail, "type", "provider") ?? "action"} run`, url: externalUrl },
      ],
      ...(executionId === undefined ? {} : { thread: eventThread(event, `${pipeline}:${executionId}`, { updatesParent: event.detailType === PIPELINE }) }),
    };
  },
});
