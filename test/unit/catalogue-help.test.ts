import { findAlwaysBlocked } from "../../lambdas/shared/commands/catalogue/blocked";
import { summarizeCall } from "../../lambdas/shared/commands/catalogue/call-summary";
import { Catalogue } from "../../lambdas/shared/commands/catalogue/catalogue";
import { SECTION_CHARS } from "../../lambdas/shared/commands/catalogue/help";
import { resolveCommand, type Resolution } from "../../lambdas/shared/commands/catalogue/resolve-command";
import { SERVICES } from "../../lambdas/shared/commands/catalogue/services";

const catalogue = new Catalogue();
const resolve = (text: string): Promise<Resolution> => resolveCommand(catalogue, text.split(" "));

function text(resolution: Resolution): string {
  if (resolution.kind !== "service-help" && resolution.kind !== "operation-help") throw new Error(`expected help, got ${resolution.kind}`);
  return resolution.help.sections.map((section) => `${section.heading}\n${section.lines.join("\n")}`).join("\n");
}

describe("help comes from the model", () => {
  it("`sns help` lists every operation, grouped by verb", async () => {
    const help = await resolve("sns help");
    expect(help.kind === "service-help" && help.help.pages).toBe(1);
    expect(text(help)).toContain("list-topics");
    expect(text(help)).toContain("publish, publish-batch");
    expect(text(help)).toContain("42 operations");
  });

  it("`ec2 help` pages its 800-odd operations in sections that fit one Slack section", async () => {
    const first = await resolve("ec2 help");
    if (first.kind !== "service-help") throw new Error(first.kind);
    expect(first.help.pages).toBeGreaterThan(5);
    const all = new Set<string>();
    for (let page = 1; page <= first.help.pages; page++) {
      const help = await resolve(`ec2 help ${page}`);
      if (help.kind !== "service-help") throw new Error(help.kind);
      for (const section of help.help.sections) {
        expect(section.heading.length + section.lines.join("\n").length).toBeLessThanOrEqual(SECTION_CHARS);
        for (const line of section.lines) for (const name of line.split(", ")) all.add(name);
      }
    }
    expect(all).toContain("describe-instances");
    expect(all).toContain("run-instances");
    expect([...all].filter((name) => /^[a-z0-9-]+$/.test(name)).length).toBe((await catalogue.service(SERVICES.find((entry) => entry.cli === "ec2")!)).operations().length);
  });

  it("`ec2 help vpc-endpoint` filters", async () => {
    const help = text(await resolve("ec2 help vpc-endpoint"));
    expect(help).toContain("describe-vpc-endpoints");
    expect(help).not.toContain("describe-instances");
  });

  it.each([
    ["s3api list-buckets --help", "s3:ListAllMyBuckets (List)", "Runs without confirmation"],
    ["rds describe-db-instances --help", "rds:DescribeDBInstances (List)", "--db-instance-identifier (string)"],
    ["ecs list-services --help", "ecs:ListServices (List)", "--launch-type (string): EC2, EXTERNAL, FARGATE, MANAGED_INSTANCES"],
    ["sns publish --help", "sns:Publish (Write)", "--message (string, required)"],
    ["support create-case --help", "support:CreateCase (Write)", "support create-case --subject <string> --communication-body <string> [options]"],
    ["ec2 describe-instances --help", "ec2:DescribeInstances (List)", "--filters (list<structure>) (Name=…,Values=…)"],
    ["ec2 describe-instances --help", "--dry-run | --no-dry-run (boolean)", "--max-items <number>, --starting-token <token>, --page-size <number>"],
    ["lambda invoke --help", "lambda:InvokeFunction", "--payload (blob, sensitive)"],
    ["ssm start-automation-execution --help", "ssm:StartAutomationExecution (Write)", "--parameters (map<string,list<string>>)"],
    ["cloudformation describe-stacks --help", "cloudformation:DescribeStacks (List)", "--stack-name (string)"],
    ["apigateway get-rest-apis --help", "apigateway:GET (Read)", "Runs without confirmation"],
  ])("%s shows %s and %s", async (command, first, second) => {
    const help = text(await resolve(command));
    expect(help).toContain(first);
    expect(help).toContain(second);
  });
});

describe("confirmation follows the IAM access level", () => {
  it.each([
    ["ec2 describe-instances", false, "ec2:DescribeInstances", ["List"]],
    ["s3api list-buckets", false, "s3:ListAllMyBuckets", ["List"]],
    ["cloudwatch describe-alarms", false, "cloudwatch:DescribeAlarms", ["Read"]],
    ["logs filter-log-events --log-group-name g", false, "logs:FilterLogEvents", ["Read"]],
    ["ec2 stop-instances --instance-ids i-1", true, "ec2:StopInstances", ["Write"]],
    ["ec2 create-tags --resources i-1 --tags Key=a,Value=b", true, "ec2:CreateTags", ["Tagging", "Write"]],
    ["s3api put-bucket-policy --bucket b --policy {}", true, "s3:PutBucketPolicy", ["Permissions management", "Write"]],
    ["ssm start-automation-execution --document-name AWS-RestartEC2Instance", true, "ssm:StartAutomationExecution", ["Write"]],
    ["support create-case --subject s --communication-body b", true, "support:CreateCase", ["Write"]],
    ["lambda invoke --function-name f", true, "lambda:InvokeFunction", ["Write"]],
    ["ecs update-service --service web --desired-count 2", true, "ecs:UpdateService", ["Write"]],
    ["budgets describe-budgets --account-id 123456789012", false, "budgets:ViewBudget", ["Read"]],
    ["sts get-caller-identity", false, "sts:GetCallerIdentity", ["Read"]],
  ])("%s: confirmation %s (%s)", async (command, confirm, action, levels) => {
    const resolution = await resolve(command);
    if (resolution.kind !== "command") throw new Error(resolution.kind);
    expect(resolution.needsConfirmation).toBe(confirm);
    expect(resolution.access?.iamAction).toBe(action);
    expect(resolution.access?.accessLevels).toEqual(levels);
  });
});

describe("always-blocked families answer blocked, whatever the role", () => {
  it.each([
    "iam list-users",
    "kms list-keys",
    "secretsmanager get-secret-value --secret-id x",
    "sso-admin list-instances",
    "identitystore list-users",
    "cognito-idp list-user-pools",
    "chatbot describe-slack-channel-configurations",
    "sts assume-role --role-arn r --role-session-name s",
    "sts get-session-token",
    "s3api get-object --bucket b --key k out.txt",
    "s3 get-object --bucket b --key k",
    "dynamodb get-item --table-name t --key {}",
    "dynamodb query --table-name t",
    "dynamodb scan --table-name t",
    "dynamodb batch-get-item --request-items {}",
    "ec2 get-password-data --instance-id i-1",
    "ssm get-parameter --name p --with-decryption",
    "ssm get-parameters --names a b --with-decryption",
    "ssm get-parameters-by-path --path /app --with-decryption",
  ])("%s", async (command) => {
    const resolution = await resolve(command);
    expect(resolution.kind).toBe("blocked");
    if (resolution.kind === "blocked") expect(resolution.reason).toContain("always blocked in Herald, whatever the channel's role");
  });

  it("blocks services Herald ships no client for by name alone", () => {
    for (const service of ["iam", "kms", "secretsmanager", "sso", "cognito-idp", "chatbot", "IAM"]) expect(findAlwaysBlocked(service)?.rule).toBe("service");
  });

  it("lets through what only looks alike", async () => {
    for (const command of ["ssm get-parameter --name p", "ssm get-parameter --name p --no-with-decryption", "sts get-caller-identity", "dynamodb describe-table --table-name t", "s3api list-objects-v2 --bucket b"]) {
      expect((await resolve(command)).kind).toBe("command");
    }
  });
});

describe("the call Herald would make, as plain data", () => {
  it("shows the SDK command, Region, JSON-safe input and IAM action", async () => {
    const resolution = await resolve('cloudwatch get-metric-statistics --namespace AWS/EC2 --metric-name CPUUtilization --start-time 2026-01-31T12:00:00Z --end-time 2026-01-31T13:00:00Z --period 300 --statistics Average --region eu-west-2');
    if (resolution.kind !== "command") throw new Error(resolution.kind);
    expect(summarizeCall(resolution, "us-east-1")).toEqual({
      service: "cloudwatch",
      operation: "get-metric-statistics",
      sdkCommand: "GetMetricStatisticsCommand (@aws-sdk/client-cloudwatch)",
      region: "eu-west-2",
      input: { Namespace: "AWS/EC2", MetricName: "CPUUtilization", StartTime: "2026-01-31T12:00:00.000Z", EndTime: "2026-01-31T13:00:00.000Z", Period: 300, Statistics: ["Average"] },
      iamAction: "cloudwatch:GetMetricStatistics",
      accessLevels: ["Read"],
      needsConfirmation: false,
    });
  });

  it("accepts the CLI's `<operation> help`", async () => {
    expect((await resolve("ecs list-clusters help")).kind).toBe("operation-help");
  });
});
