/**
 * The services Herald can run, one line each: the name the AWS CLI gives it, other names people type,
 * the SDK v3 client package (loaded only when the service is used), and the IAM prefix of its actions.
 * Adding a service is adding a line here and its client to package.json.
 */

export interface ServiceEntry {
  /** As the AWS CLI spells it: `s3api`, `elbv2`, `stepfunctions`. */
  readonly cli: string;
  readonly aliases: readonly string[];
  /** `@aws-sdk/client-…`; its `…Client` export is found by `clientName`. */
  readonly packageName: string;
  readonly clientName: string;
  /** The service prefix of its IAM actions (`elasticloadbalancing`, `states`). */
  readonly iamPrefix: string;
  readonly title: string;
}

type Row = readonly [cli: string, pkg: string, client: string, iamPrefix: string, title: string, aliases?: readonly string[]];

// prettier-ignore
const ROWS: readonly Row[] = [
  ["acm", "acm", "ACM", "acm", "AWS Certificate Manager"],
  ["apigateway", "api-gateway", "APIGateway", "apigateway", "Amazon API Gateway", ["api-gateway"]],
  ["athena", "athena", "Athena", "athena", "Amazon Athena"],
  ["autoscaling", "auto-scaling", "AutoScaling", "autoscaling", "Amazon EC2 Auto Scaling", ["auto-scaling"]],
  ["backup", "backup", "Backup", "backup", "AWS Backup"],
  ["budgets", "budgets", "Budgets", "budgets", "AWS Budgets"],
  ["ce", "cost-explorer", "CostExplorer", "ce", "AWS Cost Explorer", ["cost-explorer", "costexplorer"]],
  ["cloudformation", "cloudformation", "CloudFormation", "cloudformation", "AWS CloudFormation", ["cfn"]],
  ["cloudtrail", "cloudtrail", "CloudTrail", "cloudtrail", "AWS CloudTrail"],
  ["cloudwatch", "cloudwatch", "CloudWatch", "cloudwatch", "Amazon CloudWatch", ["cw"]],
  ["codebuild", "codebuild", "CodeBuild", "codebuild", "AWS CodeBuild"],
  ["codepipeline", "codepipeline", "CodePipeline", "codepipeline", "AWS CodePipeline"],
  ["configservice", "config-service", "ConfigService", "config", "AWS Config", ["config"]],
  ["deploy", "codedeploy", "CodeDeploy", "codedeploy", "AWS CodeDeploy", ["codedeploy"]],
  ["dynamodb", "dynamodb", "DynamoDB", "dynamodb", "Amazon DynamoDB"],
  ["ec2", "ec2", "EC2", "ec2", "Amazon EC2"],
  ["ecr", "ecr", "ECR", "ecr", "Amazon Elastic Container Registry"],
  ["ecs", "ecs", "ECS", "ecs", "Amazon Elastic Container Service"],
  ["eks", "eks", "EKS", "eks", "Amazon Elastic Kubernetes Service"],
  ["elasticache", "elasticache", "ElastiCache", "elasticache", "Amazon ElastiCache"],
  // Not `elb`: that is the Classic Load Balancer API, another service with other operations.
  ["elbv2", "elastic-load-balancing-v2", "ElasticLoadBalancingV2", "elasticloadbalancing", "Elastic Load Balancing"],
  ["events", "eventbridge", "EventBridge", "events", "Amazon EventBridge", ["eventbridge"]],
  ["glue", "glue", "Glue", "glue", "AWS Glue"],
  ["guardduty", "guardduty", "GuardDuty", "guardduty", "Amazon GuardDuty"],
  ["health", "health", "Health", "health", "AWS Health"],
  ["inspector2", "inspector2", "Inspector2", "inspector2", "Amazon Inspector"],
  ["kinesis", "kinesis", "Kinesis", "kinesis", "Amazon Kinesis Data Streams"],
  ["lambda", "lambda", "Lambda", "lambda", "AWS Lambda"],
  ["logs", "cloudwatch-logs", "CloudWatchLogs", "logs", "Amazon CloudWatch Logs", ["cloudwatch-logs", "cloudwatchlogs"]],
  ["organizations", "organizations", "Organizations", "organizations", "AWS Organizations"],
  ["rds", "rds", "RDS", "rds", "Amazon RDS"],
  ["route53", "route-53", "Route53", "route53", "Amazon Route 53", ["route-53"]],
  ["s3api", "s3", "S3", "s3", "Amazon S3", ["s3"]],
  ["securityhub", "securityhub", "SecurityHub", "securityhub", "AWS Security Hub"],
  ["sns", "sns", "SNS", "sns", "Amazon SNS"],
  ["sqs", "sqs", "SQS", "sqs", "Amazon SQS"],
  ["ssm", "ssm", "SSM", "ssm", "AWS Systems Manager"],
  ["stepfunctions", "sfn", "SFN", "states", "AWS Step Functions", ["sfn", "states"]],
  ["sts", "sts", "STS", "sts", "AWS Security Token Service"],
  ["support", "support", "Support", "support", "AWS Support"],
  ["wafv2", "wafv2", "WAFV2", "wafv2", "AWS WAF"],
  ["xray", "xray", "XRay", "xray", "AWS X-Ray", ["x-ray"]],
];

export const SERVICES: readonly ServiceEntry[] = ROWS.map(([cli, pkg, client, iamPrefix, title, aliases = []]) => ({
  cli,
  aliases,
  packageName: `@aws-sdk/client-${pkg}`,
  clientName: `${client}Client`,
  iamPrefix,
  title,
}));

const BY_NAME: ReadonlyMap<string, ServiceEntry> = new Map(SERVICES.flatMap((entry) => [entry.cli, ...entry.aliases].map((name) => [name, entry] as const)));

/** The service a user means by `name` (CLI name or alias, any case), or undefined. */
export function findService(name: string): ServiceEntry | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Every name a service answers to, for suggestions. */
export function serviceNames(): string[] {
  return [...BY_NAME.keys()];
}
