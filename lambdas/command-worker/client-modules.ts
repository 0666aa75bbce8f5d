import type { ClientModule, ClientModuleLoader } from "../shared/commands/catalogue/model";

/**
 * How the worker loads a service's SDK client: one `import()` per service, so esbuild carries every
 * client in the bundle while a command evaluates only its own service's module (the catalogue
 * calls this on first use and keeps the result). One line per service of catalogue/services.ts;
 * test/unit/catalogue-worker-loader.test.ts checks that none is missing.
 */
export const CLIENT_MODULES: Readonly<Record<string, () => Promise<ClientModule>>> = {
  acm: () => import("@aws-sdk/client-acm"),
  apigateway: () => import("@aws-sdk/client-api-gateway"),
  athena: () => import("@aws-sdk/client-athena"),
  autoscaling: () => import("@aws-sdk/client-auto-scaling"),
  backup: () => import("@aws-sdk/client-backup"),
  budgets: () => import("@aws-sdk/client-budgets"),
  ce: () => import("@aws-sdk/client-cost-explorer"),
  cloudformation: () => import("@aws-sdk/client-cloudformation"),
  cloudtrail: () => import("@aws-sdk/client-cloudtrail"),
  cloudwatch: () => import("@aws-sdk/client-cloudwatch"),
  codebuild: () => import("@aws-sdk/client-codebuild"),
  codepipeline: () => import("@aws-sdk/client-codepipeline"),
  configservice: () => import("@aws-sdk/client-config-service"),
  deploy: () => import("@aws-sdk/client-codedeploy"),
  dynamodb: () => import("@aws-sdk/client-dynamodb"),
  ec2: () => import("@aws-sdk/client-ec2"),
  ecr: () => import("@aws-sdk/client-ecr"),
  ecs: () => import("@aws-sdk/client-ecs"),
  eks: () => import("@aws-sdk/client-eks"),
  elasticache: () => import("@aws-sdk/client-elasticache"),
  elbv2: () => import("@aws-sdk/client-elastic-load-balancing-v2"),
  events: () => import("@aws-sdk/client-eventbridge"),
  glue: () => import("@aws-sdk/client-glue"),
  guardduty: () => import("@aws-sdk/client-guardduty"),
  health: () => import("@aws-sdk/client-health"),
  inspector2: () => import("@aws-sdk/client-inspector2"),
  kinesis: () => import("@aws-sdk/client-kinesis"),
  lambda: () => import("@aws-sdk/client-lambda"),
  logs: () => import("@aws-sdk/client-cloudwatch-logs"),
  organizations: () => import("@aws-sdk/client-organizations"),
  rds: () => import("@aws-sdk/client-rds"),
  route53: () => import("@aws-sdk/client-route-53"),
  s3api: () => import("@aws-sdk/client-s3"),
  securityhub: () => import("@aws-sdk/client-securityhub"),
  sns: () => import("@aws-sdk/client-sns"),
  sqs: () => import("@aws-sdk/client-sqs"),
  ssm: () => import("@aws-sdk/client-ssm"),
  stepfunctions: () => import("@aws-sdk/client-sfn"),
  sts: () => import("@aws-sdk/client-sts"),
  support: () => import("@aws-sdk/client-support"),
  wafv2: () => import("@aws-sdk/client-wafv2"),
  xray: () => import("@aws-sdk/client-xray"),
};

export const importClientModule: ClientModuleLoader = (entry) => {
  if (!Object.hasOwn(CLIENT_MODULES, entry.cli)) throw new Error(`No client module for ${entry.cli}`);
  return CLIENT_MODULES[entry.cli]();
};
