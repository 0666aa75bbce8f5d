/**
 * What a reader must see for each fixture of the notification catalogue: title, severity, the
 * fields that matter, the console link (in the right partition and Region), the event type that
 * filters match, and how it threads. render-catalogue.test.ts checks each entry; the corpus test
 * checks that every fixture has one.
 */
import type { Severity } from "../../../lambdas/shared/notifications/model";

export interface Expected {
  readonly kind: string;
  readonly title: string;
  readonly severity: Severity;
  readonly eventType?: string;
  readonly summary?: string;
  /** Fields that must be present with exactly these values (others may exist). */
  readonly fields?: Readonly<Record<string, string>>;
  /** Labels that must not appear. */
  readonly absent?: readonly string[];
  readonly lists?: Readonly<Record<string, readonly string[]>>;
  /** The first link, exactly; null when there must be none. */
  readonly link?: string | null;
  readonly body?: string | RegExp;
  /** Small print that must be present. */
  readonly context?: readonly string[];
  /** How it threads; null for not at all. */
  readonly thread?: { readonly opens: boolean; readonly updatesParent: boolean } | null;
  readonly alarm?: boolean;
}

const opensAndUpdates = { opens: true, updatesParent: true };
const repliesOnly = { opens: true, updatesParent: false };

export const CATALOGUE: Readonly<Record<string, Expected>> = {
  // GuardDuty: bands low < 4 ≤ medium < 7 ≤ high < 9 ≤ critical.
  "guardduty-finding-low": {
    kind: "guardduty-finding", severity: "low", eventType: "GuardDuty Finding",
    title: "Unprotected port on EC2 instance i-0a1b2c3d4e5f67890 is being probed.",
    fields: { Severity: "Low (2)", "Finding type": "Recon:EC2/PortProbeUnprotectedPort", Resource: "Instance i-0a1b2c3d4e5f67890", Count: "14" },
    link: "https://console.aws.amazon.com/guardduty/home?region=us-east-1#/findings?macros=current&fId=a1b2c3d4e5f60718293a4b5c6d7e8f90",
    context: ["Amazon GuardDuty", "Account 111122223333", "us-east-1"], thread: opensAndUpdates,
  },
  "guardduty-finding-medium": {
    kind: "guardduty-finding", severity: "medium", title: "Unusual console login was seen for principal alice.",
    fields: { Severity: "Medium (5)", Resource: "AccessKey alice" },
  },
  "guardduty-finding-high": {
    kind: "guardduty-finding", severity: "high", title: "Anomalous S3 GetObject calls from a known principal on bucket orders-exports.",
    summary: "GuardDuty high severity: Anomalous S3 GetObject calls from a known principal on bucket orders-exports.",
    fields: { Severity: "High (8)", Resource: "S3Bucket orders-exports" },
  },
  "guardduty-finding-critical": {
    kind: "guardduty-finding", severity: "critical", title: "Potential credential compromise of one or more IAM principals.",
    fields: { Severity: "Critical (9.5)", "Finding type": "AttackSequence:IAM/CompromisedCredentials" },
    lists: { "Attack sequence signals": ["Discovery:IAMUser/AnomalousBehavior", "Persistence:IAMUser/AnomalousBehavior", "DeleteTrail"] },
  },
  "guardduty-finding-govcloud": {
    kind: "guardduty-finding", severity: "high", title: "EC2 instance i-0a1b2c3d4e5f67890 is querying a domain name associated with Bitcoin.",
    link: "https://console.amazonaws-us-gov.com/guardduty/home?region=us-gov-west-1#/findings?macros=current&fId=e5f60718293a4b5c6d7e8f90a1b2c3d4",
    context: ["us-gov-west-1"],
  },
  "guardduty-malware-scan-threats-found": {
    kind: "guardduty-malware-scan", severity: "high", eventType: "GuardDuty Malware Protection Object Scan Result",
    title: "Malware found in s3://customer-uploads/uploads/2025/03/14/invoice-8812.pdf",
    fields: { Result: "THREATS_FOUND", Bucket: "customer-uploads" }, lists: { Threats: ["EICAR-Test-File (not a virus)"] },
    link: "https://console.aws.amazon.com/s3/object/customer-uploads?prefix=uploads%2F2025%2F03%2F14%2Finvoice-8812.pdf&region=us-east-1", thread: null,
  },
  "guardduty-malware-scan-no-threats": {
    kind: "guardduty-malware-scan", severity: "ok", title: "No malware in s3://customer-uploads/uploads/2025/03/14/report #3 & notes.pdf",
    link: "https://console.aws.amazon.com/s3/object/customer-uploads?prefix=uploads%2F2025%2F03%2F14%2Freport%20%233%20%26%20notes.pdf&region=us-east-1",
  },

  // Security Hub (ASFF, any product).
  "securityhub-finding-control-failed": {
    kind: "securityhub-finding", severity: "high", eventType: "Security Hub Findings - Imported",
    title: "S3 general purpose buckets should block public access",
    fields: { Severity: "HIGH", Compliance: "FAILED (S3.8)", Workflow: "NEW", Resources: "AwsS3Bucket arn:aws:s3:::orders-exports" },
    body: /blocks public access at the bucket level\.\n\nRemediation: For information/,
    link: "https://console.aws.amazon.com/securityhub/home?region=us-east-1#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Aarn%253Aaws%253Asecurityhub%253Aus-east-1%253A111122223333%253Asecurity-control%252FS3.8%252Ffinding%252F6a1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
    thread: opensAndUpdates,
  },
  "securityhub-finding-control-passed": {
    kind: "securityhub-finding", severity: "ok", title: "S3 general purpose buckets should block public access",
    fields: { Compliance: "PASSED (S3.8)", Workflow: "RESOLVED" },
  },
  "securityhub-finding-normalized-only": {
    kind: "securityhub-finding", severity: "high", title: "Google Suite Two-Factor Backup Codes uploaded to S3",
    fields: { Product: "AWS Macie" }, context: ["us-west-2"],
  },
  "securityhub-findings-batch": {
    kind: "securityhub-finding", severity: "critical", title: "3 Security Hub findings",
    summary: "3 Security Hub findings, the most severe critical: Anomalous S3 GetObject calls on bucket orders-exports",
    lists: { Findings: [
      "CRITICAL: Anomalous S3 GetObject calls on bucket orders-exports (AwsS3Bucket arn:aws:s3:::orders-exports)",
      "HIGH: S3 general purpose buckets should block public access (AwsS3Bucket arn:aws:s3:::orders-exports)",
      "MEDIUM: CVE-2024-29069 - snapd (AwsEc2Instance arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f67890)",
    ] },
    link: "https://console.aws.amazon.com/securityhub/home?region=us-east-1#/findings", thread: null,
  },
  "securityhub-finding-custom-action": {
    kind: "securityhub-finding", severity: "high", eventType: "Security Hub Findings - Custom Action",
    title: "S3 general purpose buckets should block public access", fields: { "Custom action": "SendToSlack" }, thread: null,
  },

  // Inspector.
  "inspector-finding-package-vulnerability": {
    kind: "inspector-finding", severity: "critical", eventType: "Inspector2 Finding", title: "CVE-2024-45491 - libexpat",
    fields: { Severity: "CRITICAL, score 9.8", Vulnerability: "CVE-2024-45491", "Exploit available": "YES", Remediation: "Upgrade libexpat to 2.6.3 or later." },
    lists: { "Vulnerable packages": ["libexpat 2.5.0 (fixed in 2.6.3)"] },
    link: "https://console.aws.amazon.com/inspector/v2/home?region=eu-central-1#/findings/all", context: ["eu-central-1"], thread: opensAndUpdates,
  },
  "inspector-finding-network-reachability": {
    kind: "inspector-finding", severity: "medium", title: "Port 22 is reachable from an Internet Gateway - TCP",
    fields: { "Open ports": "TCP 22", Type: "NETWORK_REACHABILITY" }, lists: { Resources: ["AWS_EC2_INSTANCE i-0a1b2c3d4e5f67890"] },
  },
  "inspector-finding-closed": {
    kind: "inspector-finding", severity: "ok", title: "CVE-2024-29069 - snapd", summary: "Inspector finding closed: CVE-2024-29069 - snapd",
    fields: { Status: "CLOSED", Severity: "UNTRIAGED, score 4.8" },
  },

  // AWS Health: one thread per event ARN.
  "health-issue": {
    kind: "health-event", severity: "high", eventType: "AWS Health Event", title: "EC2: Instance store drive performance degraded",
    summary: "AWS Health issue (open): EC2: Instance store drive performance degraded",
    fields: { Category: "Issue", Status: "open", "Event type": "AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED" },
    lists: { "Affected resources": ["i-0a1b2c3d4e5f67890 (IMPAIRED)", "i-0b1c2d3e4f5a67890"] },
    body: /performing below expectations/,
    link: "https://console.aws.amazon.com/health/home?region=us-east-1#/account/event-log?eventID=arn%3Aaws%3Ahealth%3Aus-east-1%3A%3Aevent%2FEC2%2FAWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED%2FAWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED_1a2b3c4d&eventTab=details",
    thread: opensAndUpdates,
  },
  "health-issue-closed": {
    kind: "health-event", severity: "ok", title: "EC2: Instance store drive performance degraded", fields: { Status: "closed", End: "Fri, 14 Mar 2025 11:02:00 GMT" },
  },
  "health-scheduled-change": {
    kind: "health-event", severity: "medium", title: "RDS: Maintenance scheduled", fields: { Category: "Scheduled change", Status: "upcoming", Region: "eu-west-1" },
    lists: { "Affected resources": ["orders-db"] }, context: ["eu-west-1"],
  },
  "health-account-notification": {
    kind: "health-event", severity: "info", title: "LAMBDA: Planned lifecycle event", fields: { Category: "Account notification", Scope: "PUBLIC" },
  },

  // AWS Config.
  "config-compliance-noncompliant": {
    kind: "config-compliance", severity: "medium", eventType: "Config Rules Compliance Change",
    title: "AWS::S3::Bucket orders-exports is non-compliant with s3-bucket-public-read-prohibited",
    fields: { Compliance: "COMPLIANT → NON_COMPLIANT", Rule: "s3-bucket-public-read-prohibited" }, body: "The bucket policy allows public read access.",
    link: "https://console.aws.amazon.com/config/home?region=us-east-1#/rules/details?configRuleName=s3-bucket-public-read-prohibited", thread: null,
  },
  "config-compliance-compliant": {
    kind: "config-compliance", severity: "ok", title: "AWS::S3::Bucket orders-exports is compliant with s3-bucket-public-read-prohibited",
    fields: { Compliance: "COMPLIANT" },
  },

  // Systems Manager.
  "ssm-automation-execution-failed": {
    kind: "ssm-automation", severity: "high", eventType: "EC2 Automation Execution Status-change Notification",
    title: "Automation AWS-RestartEC2Instance: Failed", fields: { Runbook: "AWS-RestartEC2Instance (version 1)", "Executed by": "arn:aws:iam::111122223333:user/alice" },
    link: "https://console.aws.amazon.com/systems-manager/automation/execution/333ba70b-2333-48db-b17e-a5e69c6f4d1c?region=us-east-1", thread: opensAndUpdates,
  },
  "ssm-automation-step-success": {
    kind: "ssm-automation", severity: "ok", title: "Automation AWS-RestartEC2Instance, step stopInstances: Success",
    fields: { Step: "stopInstances", Action: "aws:changeInstanceState" }, thread: repliesOnly,
  },
  "ssm-run-command-timed-out": {
    kind: "ssm-run-command", severity: "high", title: "Run Command AWS-RunShellScript: TimedOut",
    fields: { Parameters: '{"executionTimeout":["3600"],"commands":["systemctl restart nginx"]}' },
    link: "https://console.aws.amazon.com/systems-manager/run-command/e8d3c0e4-71f7-4491-898f-c9b35bee5f3b?region=us-east-1", thread: opensAndUpdates,
  },
  "ssm-run-command-invocation-success": {
    kind: "ssm-run-command", severity: "ok", title: "Run Command AWS-RunShellScript on i-0a1b2c3d4e5f67890: Success", thread: repliesOnly,
  },
  "ssm-parameter-store-update": {
    kind: "ssm-parameter-store", severity: "info", eventType: "Parameter Store Change", title: "Parameter /orders/prod/db-password updated",
    fields: { Type: "SecureString", Operation: "Update" },
    link: "https://console.aws.amazon.com/systems-manager/parameters/%252Forders%252Fprod%252Fdb-password/description?region=us-east-1",
  },
  "ssm-parameter-store-policy-expiration": {
    kind: "ssm-parameter-store", severity: "medium", eventType: "Parameter Store Policy Action",
    title: "Parameter /orders/prod/api-token: expiration policy finished", fields: { Policy: "Expiration" },
  },
  "ssm-state-manager-association-failed": {
    kind: "ssm-state-manager", severity: "high", title: "State Manager AWS-UpdateSSMAgent: Failed",
    fields: { Schedule: "cron(0 0 */1 * * ? *)", "Status counts": '{"Failed":2,"Success":10}' },
    link: "https://console.aws.amazon.com/systems-manager/state-manager/6e37940a-23ba-4ab0-9b96-5d0a1a05464f/description?region=us-east-1",
  },
  "ssm-state-manager-instance-association": {
    kind: "ssm-state-manager", severity: "high", title: "State Manager AWS-UpdateSSMAgent on i-0a1b2c3d4e5f67890: Failed",
    fields: { "Error code": "1" }, body: "1 out of 1 plugin processed, 0 success, 1 failed, 0 timedout, 0 skipped.",
  },

  // Systems Manager Compliance: compliant is ok; non-compliant takes the item's severity.
  "ssm-compliance-association-compliant": {
    kind: "ssm-compliance", severity: "ok", eventType: "Configuration Compliance State Change",
    title: "Managed node i-01234567890abcdef is compliant (Association)",
    fields: { Compliance: "compliant", "Compliance type": "Association", Resource: "i-01234567890abcdef" },
    link: "https://console.aws.amazon.com/systems-manager/compliance?region=us-west-1",
    context: ["AWS Systems Manager Compliance", "Account 123456789012", "us-west-1"], thread: null,
  },
  "ssm-compliance-patch-noncompliant": {
    kind: "ssm-compliance", severity: "critical", title: "Managed node i-01234567890abcdef is non-compliant (Patch)",
    fields: { Severity: "critical", "Patch baseline": "PB789" },
  },

  // Incident Manager (through CloudTrail): the incident's start opens a thread that its record updates reply in.
  "incident-manager-incident-started": {
    kind: "incident-manager", severity: "high", title: "Checkout error rate above 5% started",
    fields: { Status: "OPEN", Impact: "High (2)", "Response plan": "arn:aws:ssm-incidents::123456789012:response-plan/checkout-outage" },
    link: "https://console.aws.amazon.com/systems-manager/incidents/home?region=us-east-1",
    context: ["AWS Systems Manager Incident Manager", "Account 123456789012", "us-east-1"], thread: opensAndUpdates, alarm: true,
  },
  "incident-manager-incident-resolved": {
    kind: "incident-manager", severity: "ok", title: "Incident checkout-outage/f2c4e0d1-8a8b-4c0e-9f3b-0a1b2c3d4e5f resolved",
    fields: { Status: "RESOLVED" }, body: "Rolled back release 2025.03.14-2; error rate back under 0.1%.",
    thread: { opens: false, updatesParent: true },
  },

  // CloudWatch alarms through EventBridge render as the SNS alarm does (same kind, event type, thread).
  "eventbridge-alarm-metric": {
    kind: "cloudwatch-alarm", severity: "high", eventType: "CloudWatch Alarm State Change", title: "ServerCpuTooHigh",
    summary: 'ALARM: "ServerCpuTooHigh" in US East (N. Virginia)',
    fields: { State: "OK → ALARM", Description: "Goes into alarm when server CPU utilization is too high!" },
    lists: { Metrics: ["30b6c6b2-a864-43a2-4877-c09a1afc3b87: AWS/EC2 CPUUtilization (InstanceId=i-12345678901234567) Average over 5 minutes (evaluated)"] },
    link: "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/ServerCpuTooHigh",
    body: /^Threshold Crossed: 1 out of the last 1 datapoints \[99\.50160229693434/,
    context: ["CloudWatch alarm", "Account 123456789012", "us-east-1", "Changed 2019-10-02 17:04:40 UTC", "Via EventBridge"],
    thread: opensAndUpdates, alarm: true,
  },
  "eventbridge-alarm-metric-ok": {
    kind: "cloudwatch-alarm", severity: "ok", title: "ServerCpuTooHigh", fields: { State: "ALARM → OK" },
    thread: { opens: false, updatesParent: true }, alarm: false,
  },
  "eventbridge-alarm-metric-math": {
    kind: "cloudwatch-alarm", severity: "high", title: "TotalNetworkTrafficTooHigh", fields: { State: "INSUFFICIENT_DATA → ALARM" },
    lists: {
      Metrics: [
        'e1: SUM(METRICS()) "Total Network Traffic" (evaluated)',
        "m1: AWS/EC2 NetworkIn (InstanceId=i-12345678901234567) Maximum over 5 minutes",
        "m2: AWS/EC2 NetworkOut (InstanceId=i-12345678901234567) Maximum over 5 minutes",
      ],
    },
    thread: opensAndUpdates, alarm: true,
  },
  "eventbridge-alarm-composite": {
    kind: "cloudwatch-alarm", severity: "high", title: "ServiceAggregatedAlarm",
    fields: { Rule: "ALARM(SuppressionDemo.EventBridge.FirstChild) OR ALARM(SuppressionDemo.EventBridge.SecondChild)" },
    lists: { "Triggered by": ["SuppressionDemo.EventBridge.FirstChild: ALARM since 2022-12-30 11:03:18 UTC"] },
    context: ["CloudWatch composite alarm", "Via EventBridge"], thread: opensAndUpdates, alarm: true,
  },

  // CodePipeline: one thread per execution; only pipeline-level changes update the parent.
  "codepipeline-pipeline-failed": {
    kind: "codepipeline", severity: "high", eventType: "CodePipeline Pipeline Execution State Change", title: "Pipeline orders-release failed",
    fields: { Execution: "01234567-0123-0123-0123-012345678901", Trigger: "Webhook: arn:aws:codestar-connections:us-east-1:111122223333:connection/abc" },
    link: "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/orders-release/executions/01234567-0123-0123-0123-012345678901/timeline?region=us-east-1",
    thread: opensAndUpdates,
  },
  "codepipeline-stage-started": {
    kind: "codepipeline", severity: "info", title: "orders-release: stage Deploy started", fields: { Stage: "Deploy" }, thread: repliesOnly,
  },
  "codepipeline-action-failed": {
    kind: "codepipeline", severity: "high", title: "orders-release: Build › UnitTests failed",
    fields: { Provider: "Build / CodeBuild", Result: "Build terminated with state: FAILED", Error: "JobFailed" }, thread: repliesOnly,
  },
  "codestar-codepipeline-succeeded": {
    kind: "codepipeline", severity: "ok", title: "Pipeline slic-starter-dev succeeded",
    link: "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/slic-starter-dev/executions/03d35bba-7d0d-44bb-9619-15686abb757e/timeline?region=eu-west-1",
    context: ["Via CodeStar notification rule 3866bf6f924beae736cbb06bc8ac8e1f33d735be"],
  },

  // CodeBuild.
  "codebuild-build-failed": {
    kind: "codebuild", severity: "high", eventType: "CodeBuild Build State Change", title: "Build orders-unit #412 failed",
    fields: { Status: "FAILED", "Source version": "9f2c1ab" }, absent: ["Phase context"],
    link: "https://console.aws.amazon.com/codesuite/codebuild/111122223333/projects/orders-unit/build/orders-unit%3A8745a7a9-c340-456a-9166-edf953571bEX/?region=us-west-2",
    thread: opensAndUpdates,
  },
  "codebuild-build-succeeded": { kind: "codebuild", severity: "ok", title: "Build orders-unit #412 succeeded" },
  "codebuild-phase-change": {
    kind: "codebuild", severity: "high", eventType: "CodeBuild Build Phase Change", title: "Build orders-unit #412: phase BUILD failed",
    fields: { "Phase context": "[COMMAND_EXECUTION_ERROR: Error while executing command: npm test. Reason: exit status 1]", "Phase duration (s)": "84" },
    thread: repliesOnly,
  },
  "codestar-codebuild-build-failed": {
    kind: "codebuild", severity: "high", title: "Build orders-unit #7 failed", eventType: "CodeBuild Build State Change",
    context: ["AWS CodeBuild", "Via CodeStar notification rule 3866bf6f924beae736cbb06bc8ac8e1f33d735be"],
  },

  // CodeDeploy.
  "codedeploy-deployment-failure": {
    kind: "codedeploy", severity: "high", title: "Deployment to orders-api / prod failed", fields: { Deployment: "d-ABCD1234E" },
    link: "https://console.aws.amazon.com/codesuite/codedeploy/deployments/d-ABCD1234E?region=us-east-1", thread: opensAndUpdates,
  },
  "codedeploy-instance-success": {
    kind: "codedeploy", severity: "ok", title: "Deployment d-ABCD1234E on i-0a1b2c3d4e5f67890 succeeded", thread: repliesOnly,
  },
  "codestar-codedeploy-success": { kind: "codedeploy", severity: "ok", title: "Deployment to orders-api / prod succeeded" },

  // CodeCommit.
  "codecommit-pull-request-created": {
    kind: "codecommit", severity: "info", title: "orders: pull request 42 created — Add retries to the payment client",
    fields: { Source: "refs/heads/payment-retries", Destination: "refs/heads/main" },
    link: "https://console.aws.amazon.com/codesuite/codecommit/repositories/orders/pull-requests/42/details?region=us-east-1", thread: opensAndUpdates,
  },
  "codecommit-branch-updated": {
    kind: "codecommit", severity: "info", title: "orders: branch main updated",
    link: "https://console.aws.amazon.com/codesuite/codecommit/repositories/orders/commit/9f2c1ab0d1e2f3a4b5c6?region=us-east-1", thread: null,
  },
  "codestar-codecommit-pull-request-merged": {
    kind: "codecommit", severity: "info", title: "orders: pull request 42 merge status updated — Add retries to the payment client",
    fields: { Merged: "True", "Pull request status": "Closed" }, body: /The status is merged\./,
  },

  // ECS, EC2, Auto Scaling.
  "ecs-task-stopped": {
    kind: "ecs-task", severity: "high", eventType: "ECS Task State Change", title: "ECS service:orders-api in prod: task STOPPED",
    fields: { "Stop code": "EssentialContainerExited", "Task definition": "orders-api:42" }, body: "Essential container in task exited",
    lists: { Containers: ["orders-api: STOPPED, exit 137 (OutOfMemoryError: Container killed due to memory usage)", "envoy: STOPPED, exit 0"] },
    link: "https://console.aws.amazon.com/ecs/v2/clusters/prod/tasks/7c1f0e2ab44e4c2a9a1d/configuration?region=us-east-1",
  },
  "ecs-task-running": { kind: "ecs-task", severity: "ok", title: "ECS service:orders-api in prod: task RUNNING", fields: { Status: "RUNNING" } },
  "ec2-instance-stopped": {
    kind: "ec2-instance-state", severity: "low", title: "EC2 instance i-0a1b2c3d4e5f67890 is stopped",
    link: "https://console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=i-0a1b2c3d4e5f67890",
  },
  "ec2-instance-china": {
    kind: "ec2-instance-state", severity: "medium", title: "EC2 instance i-0c1d2e3f4a5b67890 is terminated",
    link: "https://console.amazonaws.cn/ec2/home?region=cn-northwest-1#InstanceDetails:instanceId=i-0c1d2e3f4a5b67890",
  },
  "autoscaling-launch-successful": {
    kind: "autoscaling", severity: "info", eventType: "EC2 Instance Launch Successful", title: "Auto Scaling group web-asg launched i-0a1b2c3d4e5f67890",
    fields: { "Availability Zone": "us-east-1b", Subnet: "subnet-0a1b2c3d" }, body: /changing the desired capacity from 2 to 3/,
    link: "https://console.aws.amazon.com/ec2/home?region=us-east-1#AutoScalingGroupDetails:id=web-asg;view=activity",
  },
  "autoscaling-launch-unsuccessful": {
    kind: "autoscaling", severity: "high", title: "Auto Scaling group web-asg failed to launch an instance",
    fields: { Status: "Failed", "Status message": "We currently do not have sufficient m7g.large capacity in the Availability Zone you requested (us-east-1b)." },
    absent: ["Instance"],
  },
  "autoscaling-terminate-lifecycle-action": {
    kind: "autoscaling", severity: "info", title: "Auto Scaling group web-asg waits on a terminate lifecycle hook for i-0a1b2c3d4e5f67890",
    fields: { "Lifecycle hook": "drain-connections", Transition: "autoscaling:EC2_INSTANCE_TERMINATING" },
  },

  // Glue.
  "glue-job-failed": {
    kind: "glue-job", severity: "high", eventType: "Glue Job State Change", title: "Glue job nightly_orders_etl failed", body: "SystemExit: 1",
    link: "https://console.aws.amazon.com/gluestudio/home?region=eu-west-1#/job/nightly_orders_etl/run/jr_ca2144d747b45ad412d3c66a1b6934b6b27aa252be9a21a95c54dfaa224a1925",
  },
  "glue-job-succeeded": { kind: "glue-job", severity: "ok", title: "Glue job nightly_orders_etl succeeded" },
  "glue-job-run-delayed": { kind: "glue-job", severity: "medium", eventType: "Glue Job Run Status", title: "Glue job nightly_orders_etl is still running after 10 minutes" },

  // RDS (EventBridge) and event subscriptions (RDS, DMS).
  "rds-db-instance-event": {
    kind: "rds-event", severity: "high", eventType: "RDS DB Instance Event",
    title: "DB instance orders-db: The database instance has run out of storage and has been shut down.",
    fields: { Event: "RDS-EVENT-0221", Categories: "failure" },
    link: "https://console.aws.amazon.com/rds/home?region=us-east-1#database:id=orders-db;is-cluster=false",
  },
  "rds-db-cluster-failover": {
    kind: "rds-event", severity: "medium", title: "DB cluster orders-aurora: Completed failover to DB instance: orders-aurora-instance-2",
    link: "https://console.aws.amazon.com/rds/home?region=us-east-1#database:id=orders-aurora;is-cluster=true",
  },
  "rds-db-snapshot-event": {
    kind: "rds-event", severity: "info", title: "DB snapshot rds:orders-db-2025-03-14-03-00: Automated snapshot created",
    link: "https://console.aws.amazon.com/rds/home?region=us-east-1#db-snapshot:id=rds%3Aorders-db-2025-03-14-03-00",
  },
  "rds-event-subscription-backup": {
    kind: "rds-event-subscription", severity: "info", eventType: "RDS-EVENT-0002", title: "RDS DB instance orders-db: Finished DB Instance backup",
    // The message's own link pointed at a look-alike host: Herald builds the console link itself.
    link: "https://console.aws.amazon.com/rds/home?region=us-east-1#database:id=orders-db;is-cluster=false",
  },
  "dms-replication-task-stopped": {
    kind: "dms-event", severity: "medium", eventType: "DMS-EVENT-0079", title: "DMS replication task hello-world: Replication task has stopped.",
    fields: { Source: "hello-world", "Event time": "2019-02-12 15:45:24.091" },
    link: "https://console.aws.amazon.com/dms/home?region=eu-west-2#tasks:ids=hello-world", context: ["AWS Database Migration Service", "eu-west-2"],
  },

  // Any other EventBridge event.
  "eventbridge-generic-s3-object-created": {
    kind: "eventbridge", severity: "info", eventType: "Object Created", title: "Object Created", summary: "Object Created (aws.s3, us-east-1)",
    fields: { reason: "PutObject", "bucket.name": "customer-uploads", "object.size": "118274" }, lists: { Resources: ["arn:aws:s3:::customer-uploads"] },
    context: ["EventBridge event from aws.s3", "Account 111122223333"], link: null, thread: null,
  },
  "eventbridge-generic-cloudtrail-api-call": {
    kind: "eventbridge", severity: "info", title: "AWS API Call via CloudTrail",
    fields: { eventName: "CreateAccessKey", errorCode: "AccessDenied", "userIdentity.arn": "arn:aws:iam::111122223333:user/alice", More: "13 more detail fields" },
  },
  "eventbridge-generic-custom-app": {
    kind: "eventbridge", severity: "info", title: "Order Refunded",
    fields: { status: "REFUNDED", "amount.currency": "EUR", items: "sku-1, sku-2", "customer.address": '{"country":"DE","city":"Berlin"}', notes: "1 item" },
  },

  // Services that publish their own text or JSON to SNS.
  "cloudformation-stack-create-complete": {
    kind: "cloudformation-stack", severity: "ok", eventType: "CloudFormation Stack Notification", title: "Stack orders-prod create complete",
    fields: { Status: "CREATE_COMPLETE", Request: "Console-CreateStack-7f59c3cf-00d3-40c7-b2ff-e75db0987002" }, absent: ["Resource", "Physical ID"],
    link: "https://console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/events?stackId=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A111122223333%3Astack%2Forders-prod%2F5b918d10-cd98-11ea-90d5-0a9cd3354c9b",
    context: ["AWS CloudFormation", "Account 111122223333", "eu-west-1", "2025-03-14 09:26:53 UTC"], thread: opensAndUpdates,
  },
  "cloudformation-resource-create-failed": {
    kind: "cloudformation-stack", severity: "high", title: "orders-prod: OrdersBucket create failed", body: "orders-exports already exists",
    fields: { Resource: "OrdersBucket", Type: "AWS::S3::Bucket", "Physical ID": "orders-exports" }, thread: repliesOnly,
  },
  "cloudformation-stack-rollback": {
    kind: "cloudformation-stack", severity: "high", title: "Stack orders-prod update rollback in progress", absent: ["Request"],
    body: "The following resource(s) failed to update: [OrdersService]. ",
  },
  "budgets-actual-exceeded": {
    kind: "budgets", severity: "high", eventType: "AWS Budgets Notification", title: "Monthly-Total has exceeded your alert threshold",
    fields: { Budget: "Monthly-Total", Threshold: "> $800.00", "ACTUAL Amount": "$857.42", Budgeted: "$1,000.00" },
    body: /^You requested that we alert you when the ACTUAL Cost .* is \$857\.42\. You can find/,
    link: "https://console.aws.amazon.com/billing/home?region=us-east-1#/budgets", context: ["AWS Budgets", "Account 111122223333"],
  },
  "budgets-forecasted": {
    kind: "budgets", severity: "medium", title: "Budget Monthly-Total: forecasted cost above the alert threshold",
    fields: { Alert: "FORECASTED", "FORECASTED Amount": "$1,212.80" },
  },
  "backup-job-completed": {
    kind: "backup", severity: "ok", eventType: "BACKUP_JOB", title: "An AWS Backup job was completed successfully",
    fields: {
      State: "COMPLETED",
      "Recovery point ARN": "arn:aws:ec2:us-west-1:111122223333:volume/vol-012f345df6789012d",
      "Resource ARN": "arn:aws:ec2:us-west-1:111122223333:volume/vol-012f345df6789012e",
      "BackupJob ID": "1b2345b2-f22c-4dab-5eb6-bbc7890ed123",
    },
    link: "https://console.aws.amazon.com/backup/home?region=us-west-1#/jobs/backup/details/1b2345b2-f22c-4dab-5eb6-bbc7890ed123",
    context: ["AWS Backup", "Account 111122223333", "us-west-1"],
  },
  "backup-job-failed": { kind: "backup", severity: "high", title: "An AWS Backup job failed", fields: { State: "FAILED" }, absent: ["Recovery point ARN"] },
  "backup-job-expired": { kind: "backup", severity: "high", title: "An AWS Backup job failed to complete in time", fields: { State: "EXPIRED" } },
  "backup-eks-object-failed": {
    kind: "backup", severity: "high", eventType: "EKS_BACKUP_OBJECT_FAILED", title: "A Kubernetes resource failed to backup from your Amazon EKS Backup",
    fields: { Resource: "example.resource.io/v1", "EKS Cluster Name": "eks-cluster-name", Reason: "Example failure reason." }, link: null,
  },
  "prometheus-alertmanager-json-firing": {
    kind: "prometheus-alertmanager", severity: "critical", eventType: "Prometheus Alert", title: "Firing: HighCPU (2 alerts)", alarm: true,
    fields: { Status: "2 firing, 0 resolved", Receiver: "default" },
    lists: { Alerts: ["HighCPU instance=10.0.1.12:9100 [firing]: CPU above 90% for 5 minutes on 10.0.1.12", "HighCPU instance=10.0.1.13:9100 [firing]: CPU above 90% for 5 minutes on 10.0.1.13"] },
    link: null, context: ["Amazon Managed Service for Prometheus", "us-east-2"], thread: opensAndUpdates,
  },
  "prometheus-alertmanager-json-resolved": {
    kind: "prometheus-alertmanager", severity: "ok", title: "Resolved: HighCPU (2 alerts)", fields: { Status: "0 firing, 2 resolved" },
    thread: { opens: false, updatesParent: true },
  },
  "prometheus-alertmanager-text-firing": {
    kind: "prometheus-alertmanager", severity: "medium", title: "Firing: DiskAlmostFull", alarm: true, body: "Disk usage above 85%",
    fields: { device: "/dev/nvme0n1p1", severity: "warning" }, lists: { Alerts: ["DiskAlmostFull [firing]: Disk usage above 85%"] },
  },
};

