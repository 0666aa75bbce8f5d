import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { commandVariables } from "../../lambdas/command/environment";
import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import type { CommandJob } from "../../lambdas/shared/commands/job";
import { startLambdaInvoke } from "../../local/stand-ins/lambda-invoke";
import { startStsAndIamStandIn } from "../../local/stand-ins/sts-iam";
import { EXAMPLE_CONFIG_PATH, type LocalServices, startLocalServices } from "../helpers/local-services";
import { type CannedAwsAnswer, type RecordedAwsRequest, signedSlackPost, startRecordingAws } from "../helpers/recording-aws";
import { captureLogsPerTest } from "../helpers/capture-logs";
import { testLambdaContext } from "../helpers/lambda-context";
import { startSlackWithResponses } from "../helpers/slack-with-responses";

/**
 * The catalogue's commands end to end (STS and IAM mocked; the AWS services are a local HTTP
 * stand-in that records each request the SDK sends and answers in the service's protocol): signed
 * Slack requests through the real command function, the worker through a Lambda Invoke stand-in,
 * guardrails evaluated in-process, confirmations clicked as Slack sends them.
 */

const DEV_POWER = "arn:aws:iam::123456789012:policy/HeraldDevPower";
const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const GUARDRAILS = {
  [READ_ONLY]: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ec2:Describe*"], Resource: "*" }] },
  [DEV_POWER]: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["ec2:Describe*", "ecs:List*", "cloudformation:Describe*", "rds:Describe*", "elasticloadbalancing:Describe*", "sqs:List*", "ssm:StartAutomationExecution", "support:CreateCase", "stepfunctions:List*", "states:List*", "ecr:Describe*"], Resource: "*" }],
  },
};

type Recorded = RecordedAwsRequest;

/** Canned answers in each service's protocol (awsQuery/ec2 XML, awsJson), with enough to read back. */
function cannedAnswer(request: Recorded): CannedAwsAnswer {
  const xml = (body: string) => ({ status: 200, type: "text/xml", body });
  const json = (value: unknown) => ({ status: 200, type: "application/x-amz-json-1.1", body: JSON.stringify(value) });
  const form = new URLSearchParams(request.body);
  switch (request.service) {
    case "ec2":
      return xml(`<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><reservationSet><item><reservationId>r-1</reservationId><instancesSet><item><instanceId>i-0abc</instanceId><instanceType>t3.micro</instanceType><instanceState><code>16</code><name>running</name></instanceState></item></instancesSet></item></reservationSet></DescribeInstancesResponse>`);
    case "ecs": {
      // Always one more page: the bound must stop it.
      const page = Number(JSON.parse(request.body || "{}").nextToken ?? 0);
      return json({ serviceArns: [`arn:aws:ecs:us-east-1:123456789012:service/prod/api-${page}`], nextToken: String(page + 1) });
    }
    case "cloudformation":
      return xml(`<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>web</StackName><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/web/1</StackId><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2024-01-01T00:00:00Z</CreationTime></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></DescribeStacksResponse>`);
    case "rds":
      return xml(`<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeDBInstancesResult><DBInstances><DBInstance><DBInstanceIdentifier>orders-db</DBInstanceIdentifier><DBInstanceStatus>available</DBInstanceStatus><Engine>postgres</Engine></DBInstance></DBInstances></DescribeDBInstancesResult><ResponseMetadata><RequestId>r3</RequestId></ResponseMetadata></DescribeDBInstancesResponse>`);
    case "elbv2":
      return xml(`<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeLoadBalancersResult><LoadBalancers><member><LoadBalancerName>web-alb</LoadBalancerName><DNSName>web.elb.amazonaws.com</DNSName></member></LoadBalancers></DescribeLoadBalancersResult><ResponseMetadata><RequestId>r4</RequestId></ResponseMetadata></DescribeLoadBalancersResponse>`);
    case "sqs":
      return { status: 200, type: "application/x-amz-json-1.0", body: JSON.stringify({ QueueUrls: ["https://sqs.us-east-1.amazonaws.com/123456789012/orders"] }) };
    case "ssm":
      return json({ AutomationExecutionId: "exec-1234" });
    case "support":
      return json({ caseId: "case-12345678910-2013-c4c1d2bf33c5cf47" });
    case "states":
      return { status: 200, type: "application/x-amz-json-1.0", body: JSON.stringify({ stateMachines: [{ name: "nightly", stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:nightly", type: "STANDARD", creationDate: 1_700_000_000 }] }) };
    default:
      return { status: 404, type: "text/plain", body: `no canned answer for ${request.service} ${form.get("Action") ?? ""}` };
  }
}

let services: LocalServices;
let slack: Awaited<ReturnType<typeof startSlackWithResponses>>;
let lambda: Awaited<ReturnType<typeof startLambdaInvoke>>;
let awsQuery: Awaited<ReturnType<typeof startStsAndIamStandIn>>;
let aws: Awaited<ReturnType<typeof startRecordingAws>>;
let commandHandler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
const logs = captureLogsPerTest();
let responseCounter = 0;

beforeAll(async () => {
  const example = loadHeraldConfig(EXAMPLE_CONFIG_PATH);
  const config: HeraldConfig = { ...example, channels: example.channels.map((c) => (c.name === "dev-everything" ? { ...c, guardrailPolicyArns: [DEV_POWER] } : c)) };
  services = await startLocalServices({ config });
  [slack, lambda, awsQuery] = await Promise.all([startSlackWithResponses([]), startLambdaInvoke(), startStsAndIamStandIn(GUARDRAILS)]);
  aws = await startRecordingAws(cannedAnswer);
  const base = aws.url;
  Object.assign(process.env, {
    SLACK_API_URL: slack.apiUrl,
    SLACK_SIGNING_SECRET_NAMES: commandVariables({ config, tableName: services.tableName, accountId: "000000000000", workerFunctionName: "herald-command-worker" }).SLACK_SIGNING_SECRET_NAMES,
    COMMAND_WORKER_FUNCTION: "herald-command-worker",
    HERALD_ACCOUNT_ID: "000000000000",
    HERALD_ADMINS: config.account.admins.join(","),
    HERALD_USER_DATA_RETENTION_DAYS: "90",
    POWERTOOLS_SERVICE_NAME: "herald-command-worker",
    HERALD_PROTECTED_ARNS: `arn:aws:dynamodb:us-east-1:000000000000:table/${services.tableName}`,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_ENDPOINT_URL_STS: awsQuery.url,
    AWS_ENDPOINT_URL_IAM: awsQuery.url,
    // The SDK's own per-service variables, each to a path that names the service for the stand-in.
    AWS_ENDPOINT_URL_EC2: `${base}/ec2`,
    AWS_ENDPOINT_URL_ECS: `${base}/ecs`,
    AWS_ENDPOINT_URL_CLOUDFORMATION: `${base}/cloudformation`,
    AWS_ENDPOINT_URL_RDS: `${base}/rds`,
    AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: `${base}/elbv2`,
    AWS_ENDPOINT_URL_SQS: `${base}/sqs`,
    AWS_ENDPOINT_URL_SSM: `${base}/ssm`,
    AWS_ENDPOINT_URL_SUPPORT: `${base}/support`,
    AWS_ENDPOINT_URL_SFN: `${base}/states`,
    // As in the local runtime: a service with no stand-in gets the "not available locally" answer.
    AWS_ENDPOINT_URL_ECR: `${base}/unavailable/ecr`,
  });
  const worker = await import("../../lambdas/command-worker/index");
  lambda.standIn.register("herald-command-worker", (job) => worker.handler(job as CommandJob, testLambdaContext({ remainingMs: 120_000, functionName: "herald-command-worker", requestId: randomUUID() })));
  process.env.POWERTOOLS_SERVICE_NAME = "herald-command";
  ({ handler: commandHandler } = await import("../../lambdas/command/index"));
}, 60_000);

afterAll(async () => {
  await Promise.all([slack?.close(), lambda?.close(), awsQuery?.close(), aws?.close()]);
  await services?.stop();
});

function post(path: string, body: string, contentType: string) {
  return signedSlackPost(commandHandler, path, body, contentType);
}

async function slash(text: string, channel = "C0DEV0001") {
  const responseId = `r${++responseCounter}`;
  const body = new URLSearchParams({ token: "ignored", team_id: "T0HERALD1", team_domain: "herald", channel_id: channel, channel_name: "dev", user_id: "U0DEV0001", user_name: "dev", command: "/aws", text, response_url: slack.responseUrl(responseId), trigger_id: "1.2.3" }).toString();
  const response = await post("/slack/commands", body, "application/x-www-form-urlencoded");
  await lambda.standIn.settled();
  return { response, answers: slack.responses.filter((r) => r.id === responseId).map((r) => r.body) };
}

/** Clicks the confirmation button of `prompt` as its author. */
async function confirm(prompt: Record<string, unknown>) {
  const actions = (prompt.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === "actions" && b.elements?.some((e) => e.action_id === "herald-confirm"));
  const confirmationId = actions?.elements?.find((e) => e.action_id === "herald-confirm")?.value;
  if (!confirmationId) throw new Error("no confirmation button");
  const responseId = `click${++responseCounter}`;
  const payload = { type: "block_actions", team: { id: "T0HERALD1" }, user: { id: "U0DEV0001" }, channel: { id: "C0DEV0001" }, response_url: slack.responseUrl(responseId), actions: [{ action_id: "herald-confirm", value: confirmationId }] };
  await post("/slack/interactions", new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
  await lambda.standIn.settled();
  return slack.responses.filter((r) => r.id === responseId).map((r) => r.body);
}

const textOf = (answer: Record<string, unknown> | undefined) => `${String(answer?.text)} ${JSON.stringify(answer?.blocks)}`;
const lastTo = (service: string) => aws.recorded.filter((r) => r.service === service).at(-1);
const sentSince = (count: number) => aws.recorded.slice(count);

describe("catalogue commands through the worker (STS and IAM mocked; AWS services are a recording HTTP stand-in)", () => {
  test("ec2 describe-instances with shorthand filters sends the EC2 query the CLI would, and shows the reservations", async () => {
    const { answers } = await slash("ec2 describe-instances --filters Name=instance-state-name,Values=running Name=tag:env,Values=prod,stage");
    const sent = lastTo("ec2");
    expect(Object.fromEntries(new URLSearchParams(sent?.body))).toEqual({
      Action: "DescribeInstances",
      Version: "2016-11-15",
      "Filter.1.Name": "instance-state-name",
      "Filter.1.Value.1": "running",
      "Filter.2.Name": "tag:env",
      "Filter.2.Value.1": "prod",
      "Filter.2.Value.2": "stage",
    });
    expect(answers[0].response_type).toBe("in_channel");
    expect(textOf(answers[0])).toContain("i-0abc");
  });

  test("ecs list-services --cluster prod: JSON 1.1 with the cluster; automatic pagination stops at Herald's bound and gives the token", async () => {
    const before = aws.recorded.length;
    const { answers } = await slash("ecs list-services --cluster prod");
    const sent = sentSince(before).filter((r) => r.service === "ecs");
    expect(sent[0].target).toBe("AmazonEC2ContainerServiceV20141113.ListServices");
    expect(JSON.parse(sent[0].body)).toEqual({ cluster: "prod" });
    // Herald reads at most 5 pages for one command, each with the previous page's token.
    expect(sent).toHaveLength(5);
    expect(JSON.parse(sent[4].body)).toEqual({ cluster: "prod", nextToken: "4" });
    const text = textOf(answers[0]);
    for (const page of [0, 1, 2, 3, 4]) expect(text).toContain(`api-${page}`);
    expect(text).toContain("NextToken");
    expect(text).toContain("--starting-token");
  });

  test("--max-items and --starting-token are honoured", async () => {
    const before = aws.recorded.length;
    const { answers } = await slash("ecs list-services --cluster prod --starting-token 7 --max-items 2");
    const sent = sentSince(before).filter((r) => r.service === "ecs");
    // --max-items bounds what is shown, not the page size asked for (the CLI's meaning).
    expect(JSON.parse(sent[0].body)).toEqual({ cluster: "prod", nextToken: "7" });
    expect(sent).toHaveLength(2);
    expect(textOf(answers[0])).toContain("api-8");
    expect(textOf(answers[0])).not.toContain("api-9");
  });

  test("cloudformation describe-stacks and rds describe-db-instances (query protocol) with --query and --output", async () => {
    const stacks = await slash("cloudformation describe-stacks --stack-name web --query Stacks[].StackStatus --output text");
    expect(Object.fromEntries(new URLSearchParams(lastTo("cloudformation")?.body))).toEqual({ Action: "DescribeStacks", Version: "2010-05-15", StackName: "web" });
    expect(textOf(stacks.answers[0])).toContain("CREATE_COMPLETE");
    const rds = await slash("rds describe-db-instances --output json");
    expect(new URLSearchParams(lastTo("rds")?.body).get("Action")).toBe("DescribeDBInstances");
    expect(textOf(rds.answers[0])).toContain('\\"DBInstanceIdentifier\\": \\"orders-db\\"');
  });

  test("elbv2, sqs and stepfunctions: reads run at once under the channel's guardrails", async () => {
    expect(textOf((await slash("elbv2 describe-load-balancers --names web-alb")).answers[0])).toContain("web-alb");
    expect(Object.fromEntries(new URLSearchParams(lastTo("elbv2")?.body))).toMatchObject({ Action: "DescribeLoadBalancers", "Names.member.1": "web-alb" });
    expect(textOf((await slash("sqs list-queues --queue-name-prefix ord")).answers[0])).toContain("orders");
    expect(JSON.parse(lastTo("sqs")?.body ?? "{}")).toEqual({ QueueNamePrefix: "ord" });
    expect(textOf((await slash("stepfunctions list-state-machines")).answers[0])).toContain("nightly");
  });

  test("ssm start-automation-execution runs only after the member confirms, with the runbook's parameters", async () => {
    const before = aws.recorded.length;
    const { answers } = await slash("ssm start-automation-execution --document-name AWS-RestartEC2Instance --parameters InstanceId=i-0abc");
    expect(textOf(answers[0])).toContain("Confirm this change");
    expect(textOf(answers[0])).toContain("ssm:StartAutomationExecution");
    expect(sentSince(before)).toHaveLength(0);
    const after = await confirm(answers[0]);
    const sent = lastTo("ssm");
    expect(sent?.target).toBe("AmazonSSM.StartAutomationExecution");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({ DocumentName: "AWS-RestartEC2Instance", Parameters: { InstanceId: ["i-0abc"] } });
    expect(textOf(after.at(-1))).toContain("exec-1234");
  });

  test("support create-case runs only after confirmation, with every field as typed", async () => {
    const { answers } = await slash('support create-case --subject "API latency" --communication-body "p99 over 2 s since 09:00" --severity-code high --service-code amazon-ec2 --category-code other');
    expect(textOf(answers[0])).toContain("support:CreateCase");
    const before = aws.recorded.length;
    expect(sentSince(before)).toHaveLength(0);
    const after = await confirm(answers[0]);
    expect(lastTo("support")?.target).toBe("AWSSupport_20130415.CreateCase");
    expect(JSON.parse(lastTo("support")?.body ?? "{}")).toEqual({ subject: "API latency", communicationBody: "p99 over 2 s since 09:00", severityCode: "high", serviceCode: "amazon-ec2", categoryCode: "other" });
    expect(textOf(after.at(-1))).toContain("case-12345678910");
  });

  test("a read the channel's guardrails do not allow is denied before AWS is called", async () => {
    const before = aws.recorded.length;
    const { answers } = await slash("ecs list-services --cluster prod", "C0OPS0001");
    expect(textOf(answers[0])).toMatch(/Not allowed/);
    expect(sentSince(before)).toHaveLength(0);
  });

  test.each([
    ["iam list-users", "IAM commands change who may do what"],
    ["kms list-keys", "KMS commands reach the keys"],
    ["secretsmanager get-secret-value --secret-id x", "Secrets Manager holds secrets"],
    ["sts assume-role --role-arn arn:aws:iam::123456789012:role/x --role-session-name y", "STS role assumption"],
    ["dynamodb scan --table-name orders", "reads stored items"],
    ["s3api get-object --bucket b --key k out.txt", "reads stored objects"],
    ["ec2 get-password-data --instance-id i-1", "instance passwords"],
    ["ssm get-parameters-by-path --path /app --with-decryption", "with decryption"],
  ])("%s is blocked whatever the role, never unknown", async (command, reason) => {
    const before = aws.recorded.length;
    const { response, answers } = await slash(command);
    const text = `${response.body} ${answers.map(textOf).join(" ")}`;
    expect(text).toContain("always blocked in Herald, whatever the channel");
    expect(text).toContain(reason);
    expect(text).not.toMatch(/unknown|not a service/i);
    expect(sentSince(before)).toHaveLength(0);
  });

  test("a blocked service is answered by the command function at once, without the worker", async () => {
    const { response, answers } = await slash("iam list-users");
    expect(response.body).toContain("iam is always blocked in Herald");
    expect(answers).toHaveLength(0);
  });

  test("help: the service's operations (paged) and an operation's usage, types, required flags and IAM action", async () => {
    const service = textOf((await slash("ec2 help")).answers[0]);
    expect(service).toContain("describe-instances");
    expect(service).toMatch(/page 1 of \d+/);
    const operation = textOf((await slash("rds describe-db-instances --help")).answers[0]);
    expect(operation).toContain("--db-instance-identifier");
    expect(operation).toContain("rds:DescribeDBInstances");
    const required = textOf((await slash("help ssm start-automation-execution")).answers[0]);
    expect(required).toMatch(/--document-name \(string, required\)/);
    expect(required).toContain("ssm:StartAutomationExecution (Write)");
  });

  test("typos get suggestions over services and operations", async () => {
    expect(textOf((await slash("ec2 describe-instanse")).answers[0])).toContain("describe-instances");
    expect(textOf((await slash("cloudformaton describe-stacks")).answers[0])).toContain("cloudformation");
  });

  test("an alias's operation is checked against the model when it is created", async () => {
    const { answers } = await slash("alias create stacks cloudformation describe-stack");
    expect(textOf(answers[0])).toContain("describe-stacks");
    expect(textOf(answers[0])).not.toMatch(/created/);
    expect(textOf((await slash("alias create stacks cloudformation describe-stacks --stack-name $1")).answers[0])).toMatch(/created/);
    expect(textOf((await slash("stacks web")).answers[0])).toContain("CREATE_COMPLETE");
  });

  test("missing required parameters are named", async () => {
    const before = aws.recorded.length;
    const { answers } = await slash("ssm start-automation-execution --parameters InstanceId=i-1");
    expect(textOf(answers[0])).toContain("Missing parameters");
    expect(textOf(answers[0])).toContain("--document-name");
    expect(sentSince(before)).toHaveLength(0);
  });

  test("a service with no stand-in answers with the exact call Herald would make, and that it needs AWS", async () => {
    const { answers } = await slash("ecr describe-repositories --repository-names web api --region eu-west-1");
    const text = textOf(answers[0]);
    expect(text).toContain("Needs AWS");
    expect(text).toContain("DescribeRepositoriesCommand (@aws-sdk/client-ecr)");
    expect(text).toContain("eu-west-1");
    expect(text).toContain("ecr:DescribeRepositories");
    expect(text).toContain("repositoryNames");
    expect(logs.text()).toContain("NotAvailableLocally");
  });
});
