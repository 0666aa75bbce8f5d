/**
 * CodeBuild builds: state changes and phase changes; phases reply in their build's thread.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/sample-build-notifications.html
 */
import { parseArn } from "../arn";
import { awsLinkFromEvent, consoleLink } from "../console-links";
import { humanize, optionalField, presentFields, stateWords } from "../fields";
import type { Severity } from "../model";
import { severityOfState } from "../severity";
import { stringAt, stringAtPath, valueAt, valueAtPath } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, eventThread } from "./renderer";

const PHASE = "CodeBuild Build Phase Change";

const SEVERITY_BY_STATUS: Readonly<Record<string, Severity>> = {
  SUCCEEDED: "ok",
  FAILED: "high",
  FAULT: "high",
  TIMED_OUT: "high",
  STOPPED: "low",
  IN_PROGRESS: "info",
  QUEUED: "info",
};

export const codeBuildRenderer = eventBridgeRenderer({
  kind: "codebuild",
  label: "AWS CodeBuild",
  source: "aws.codebuild",
  detailTypes: ["CodeBuild Build State Change", PHASE],
  render(event) {
    const detail = event.detail;
    const isPhase = event.detailType === PHASE;
    const project = stringAt(detail, "project-name") ?? "project";
    const buildArn = stringAt(detail, "build-id");
    const number = valueAtPath(detail, "additional-information", "build-number");
    const build = typeof number === "number" ? `${project} #${number}` : project;
    const status = isPhase ? stringAt(detail, "completed-phase-status") : stringAt(detail, "build-status");
    const phase = stringAt(detail, isPhase ? "completed-phase" : "current-phase");
    const title = isPhase
      ? `Build ${build}: phase ${phase ?? "?"} ${status === undefined ? "completed" : humanize(status)}`
      : `Build ${build} ${stateWords(status)}`;
    const arn = buildArn === undefined ? undefined : parseArn(buildArn);
    const buildId = arn?.resource.replace(/^build\//, "");
    const account = event.account ?? arn?.accountId;
    const buildPage = buildId === undefined || account === undefined ? undefined
      : `/codesuite/codebuild/${encodeURIComponent(account)}/projects/${encodeURIComponent(project)}/build/${encodeURIComponent(buildId)}/`;
    const logs = awsLinkFromEvent(stringAtPath(detail, "additional-information", "logs", "deep-link"));

    const context = isPhase ? stringAt(detail, "completed-phase-context") : stringAt(detail, "current-phase-context");
    return {
      title,
      severity: isPhase && status === "SUCCEEDED" ? "info" : severityOfState(status, SEVERITY_BY_STATUS),
      fields: presentFields(
        optionalField("Status", status),
        optionalField(isPhase ? "Phase" : "Current phase", phase),
        optionalField("Phase context", context === "[]" || context === "[: ]" ? undefined : context),
        optionalField("Phase duration (s)", isPhase ? valueAt(detail, "completed-phase-duration-seconds") : undefined),
        optionalField("Initiator", stringAtPath(detail, "additional-information", "initiator"), true),
        optionalField("Source version", stringAtPath(detail, "additional-information", "source-version"), true),
        optionalField("Build", buildId, true),
      ),
      links: [consoleLink(eventLocation(event, buildArn), "View build", buildPage), logs === undefined ? undefined : { label: "View logs", url: logs }],
      ...(buildArn === undefined ? {} : { thread: eventThread(event, buildArn, { updatesParent: !isPhase }) }),
    };
  },
});
