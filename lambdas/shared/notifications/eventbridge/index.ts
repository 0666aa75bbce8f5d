/**
 * The EventBridge renderers in the order they are tried: one per service's event family, then the
 * generic renderer, which takes any event the others leave.
 */
import type { Renderer } from "../model";
import { autoScalingRenderer } from "./autoscaling";
import { cloudWatchAlarmEventRenderer } from "./cloudwatch-alarm-state";
import { codeBuildRenderer } from "./codebuild";
import { codeCommitRenderer } from "./codecommit";
import { codeDeployRenderer } from "./codedeploy";
import { codePipelineRenderer } from "./codepipeline";
import { configComplianceRenderer } from "./config-compliance";
import { ec2InstanceStateRenderer } from "./ec2-instance-state";
import { ecsTaskRenderer } from "./ecs-task";
import { genericEventRenderer } from "./generic-event";
import { glueJobRenderer } from "./glue-job";
import { guardDutyFindingRenderer } from "./guardduty-finding";
import { guardDutyMalwareScanRenderer } from "./guardduty-malware-scan";
import { healthEventRenderer } from "./health-event";
import { incidentManagerRenderer } from "./incident-manager";
import { inspectorFindingRenderer } from "./inspector-finding";
import { rdsEventRenderer } from "./rds-event";
import { securityHubFindingRenderer } from "./security-hub-finding";
import { ssmAutomationRenderer } from "./ssm-automation";
import { ssmComplianceRenderer } from "./ssm-compliance";
import { ssmParameterStoreRenderer } from "./ssm-parameter-store";
import { ssmRunCommandRenderer } from "./ssm-run-command";
import { ssmStateManagerRenderer } from "./ssm-state-manager";

export const EVENTBRIDGE_RENDERERS: readonly Renderer[] = [
  // Alarms by EventBridge render as alarms by SNS do (same thread, filters and mentions).
  cloudWatchAlarmEventRenderer,
  guardDutyFindingRenderer,
  guardDutyMalwareScanRenderer,
  securityHubFindingRenderer,
  inspectorFindingRenderer,
  healthEventRenderer,
  configComplianceRenderer,
  ssmAutomationRenderer,
  ssmComplianceRenderer,
  incidentManagerRenderer,
  ssmRunCommandRenderer,
  ssmParameterStoreRenderer,
  ssmStateManagerRenderer,
  codePipelineRenderer,
  codeBuildRenderer,
  codeDeployRenderer,
  codeCommitRenderer,
  ecsTaskRenderer,
  ec2InstanceStateRenderer,
  autoScalingRenderer,
  glueJobRenderer,
  rdsEventRenderer,
  genericEventRenderer,
];
