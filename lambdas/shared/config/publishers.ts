/**
 * Who may publish to Herald's topics: AWS services (by service principal) and other accounts or
 * organizations. The default services are the ones whose messages Herald renders; the principal
 * names are those the services' own docs give for SNS topic policies (RDS event subscriptions
 * publish as events.rds.amazonaws.com, not rds.amazonaws.com).
 */
export const DEFAULT_PUBLISHER_SERVICES = [
  "cloudwatch.amazonaws.com", // CloudWatch alarm actions
  "events.amazonaws.com", // EventBridge rules (GuardDuty, Security Hub, Health, CodePipeline, SSM, …)
  "budgets.amazonaws.com", // AWS Budgets alerts
  "backup.amazonaws.com", // AWS Backup vault notifications
  "codestar-notifications.amazonaws.com", // CodeStar (developer tools) notification rules
  "aps.amazonaws.com", // Amazon Managed Service for Prometheus alert manager
  "events.rds.amazonaws.com", // RDS event subscriptions
  "dms.amazonaws.com", // DMS event subscriptions
  "cloudformation.amazonaws.com", // CloudFormation stack notifications
  "s3.amazonaws.com", // S3 event notifications
  "ssm.amazonaws.com", // Systems Manager Run Command and Automation notifications
  "ssm-incidents.amazonaws.com", // Incident Manager response plans' SNS topics
] as const;

/**
 * The `aws:SourceArn` a service sets when it publishes, as an ARN pattern of the Region (the account
 * is left to `aws:SourceAccount`), for the services whose docs use that condition in topic policies.
 * Others are limited by `aws:SourceAccount` (or `aws:SourceOrgID`) alone.
 */
export function publisherSourceArnPattern(service: string, partition: string, region: string): string | undefined {
  switch (service) {
    case "cloudwatch.amazonaws.com":
      return `arn:${partition}:cloudwatch:${region}:*:alarm:*`;
    case "events.amazonaws.com":
      return `arn:${partition}:events:${region}:*:rule/*`;
    case "budgets.amazonaws.com":
      return `arn:${partition}:budgets::*:*`; // budgets are global: no Region in their ARNs
    case "events.rds.amazonaws.com":
      return `arn:${partition}:rds:${region}:*:*`;
    default:
      return undefined;
  }
}
