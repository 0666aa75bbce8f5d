/**
 * CodeDeploy deployments and the instances they deploy to; instance changes reply in their
 * deployment's thread. https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-cloudwatch-events.html
 */
import { consoleLink } from "../console-links";
import { optionalField, presentFields, stateWords } from "../fields";
import type { Severity } from "../model";
import { severityOfState } from "../severity";
import { lookup, stringAt } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, eventThread } from "./renderer";

const INSTANCE = "CodeDeploy Instance State-change Notification";

const SEVERITY_BY_STATE: Readonly<Record<string, Severity>> = {
  SUCCESS: "ok",
  FAILURE: "high",
  STOP: "low",
  START: "info",
  READY: "info",
  READY_WAIT: "info",
};

const STATE_WORDS: Readonly<Record<string, string>> = { SUCCESS: "succeeded", FAILURE: "failed", STOP: "stopped", START: "started", READY: "ready" };

export const codeDeployRenderer = eventBridgeRenderer({
  kind: "codedeploy",
  label: "AWS CodeDeploy",
  source: "aws.codedeploy",
  detailTypes: ["CodeDeploy Deployment State-change Notification", INSTANCE],
  render(event) {
    const detail = event.detail;
    const isInstance = event.detailType === INSTANCE;
    const deploymentId = stringAt(detail, "deploymentId");
    const application = stringAt(detail, "application");
    const group = stringAt(detail, "deploymentGroup");
    const state = stringAt(detail, "state");
    const instance = stringAt(detail, "instanceId");
    const target = [application, group].filter(Boolean).join(" / ") || "CodeDeploy";
    const word = (state === undefined ? undefined : lookup(STATE_WORDS, state)) ?? stateWords(state);
    const title = isInstance
      ? `Deployment ${deploymentId ?? "?"} on ${instance ?? "an instance"} ${word}`
      : `Deployment to ${target} ${word}`;

    const location = eventLocation({ ...event, region: event.region ?? stringAt(detail, "region") });
    return {
      title,
      severity: severityOfState(state, SEVERITY_BY_STATE),
      fields: presentFields(
        optionalField("State", state),
        optionalField("Deployment", deploymentId, true),
        optionalField("Application", application),
        optionalField("Deployment group", group),
        optionalField("Instance", instance, true),
      ),
      links: [consoleLink(location, "View deployment", deploymentId && `/codesuite/codedeploy/deployments/${encodeURIComponent(deploymentId)}`)],
      ...(deploymentId === undefined ? {} : { thread: eventThread(event, deploymentId, { updatesParent: !isInstance }) }),
    };
  },
});
