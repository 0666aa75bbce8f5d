import { Catalogue } from "../../lambdas/shared/commands/catalogue/catalogue";
import { resolveCommand, type ResolvedCommand } from "../../lambdas/shared/commands/catalogue/resolve-command";
import { parseCommand } from "../../lambdas/shared/commands/grammar";
import { createCatalogueNames } from "../../lambdas/shared/commands/catalogue-names";
import { renderOutput } from "../../lambdas/shared/commands/output-renderers";
import type { CommandWord } from "../../lambdas/shared/commands/operation-model";

/**
 * The AWS CLI's own commands (not in any API model) as teams type them from the CLI reference, and
 * Herald's top-level shortcuts: each becomes the API operation that does the same, with the input
 * the SDK is given, through the same grammar Slack text goes through.
 */
const catalogue = new Catalogue();
const registry = createCatalogueNames();

async function words(text: string): Promise<readonly CommandWord[]> {
  const request = await parseCommand(text, registry);
  if (request.kind !== "catalogue") throw new Error(`not a catalogue command: ${JSON.stringify(request)}`);
  return request.words;
}

async function command(text: string): Promise<ResolvedCommand> {
  const resolution = await resolveCommand(catalogue, await words(text));
  if (resolution.kind !== "command") throw new Error(`not a command: ${resolution.kind}`);
  return resolution;
}

describe("the AWS CLI's customizations", () => {
  it("s3 ls lists the buckets (ListBuckets)", async () => {
    const ls = await command("s3 ls");
    expect(ls.operation.name).toBe("ListBuckets");
    expect(ls.access?.iamAction).toBe("s3:ListAllMyBuckets");
    expect(ls.customization).toBe("s3 ls");
  });

  it("s3 ls s3://bucket/prefix lists one level (ListObjectsV2 with the / delimiter); --recursive lists everything under it", async () => {
    const level = await command("s3 ls s3://my-bucket/logs/2024/");
    expect(level.operation.name).toBe("ListObjectsV2");
    expect(level.input).toEqual({ Bucket: "my-bucket", Prefix: "logs/2024/", Delimiter: "/" });
    expect(level.access?.iamAction).toBe("s3:ListBucket");
    expect((await command("s3 ls s3://my-bucket --recursive --human-readable --summarize")).input).toEqual({ Bucket: "my-bucket" });
    expect((await command("s3 ls s3://my-bucket/a --region eu-west-1")).globals.region).toBe("eu-west-1");
    await expect(command("s3 ls s3://a s3://b")).rejects.toThrow(/at most one path/);
  });

  it("s3 ls output reads as the CLI prints it: PRE lines, then time, size and key", () => {
    const listed = { service: { cli: "s3api" }, operation: { name: "ListObjectsV2" }, globals: {}, customization: "s3 ls" } as unknown as ResolvedCommand;
    const output = renderOutput(listed, { CommonPrefixes: [{ Prefix: "logs/" }], Contents: [{ Key: "a.txt", Size: 12, LastModified: "2024-01-01T00:00:00Z", ETag: "x" }], KeyCount: 2 });
    expect(output).toEqual({ Prefixes: ["PRE logs/"], Objects: [{ LastModified: "2024-01-01T00:00:00Z", Size: 12, Key: "a.txt" }] });
  });

  it("cloudwatch put-metric-data --metric-name --value --unit --dimensions is one MetricData item", async () => {
    const put = await command("cloudwatch put-metric-data --metric-name Buffers --namespace MyNameSpace --unit Bytes --value 231434333 --dimensions InstanceId=1-23456789,InstanceType=m1.small");
    expect(put.operation.name).toBe("PutMetricData");
    expect(put.input).toEqual({
      Namespace: "MyNameSpace",
      MetricData: [{ MetricName: "Buffers", Value: 231434333, Unit: "Bytes", Dimensions: [{ Name: "InstanceId", Value: "1-23456789" }, { Name: "InstanceType", Value: "m1.small" }] }],
    });
    expect(put.needsConfirmation).toBe(true);
    const named = await command("cloudwatch put-metric-data --metric-name X --value 1 --unit Count --dimensions Name=a,Value=b Name=c,Value=d --namespace N --timestamp 2024-01-01T00:00:00Z");
    expect(named.input.MetricData).toEqual([{ MetricName: "X", Value: 1, Unit: "Count", Timestamp: new Date("2024-01-01T00:00:00Z"), Dimensions: [{ Name: "a", Value: "b" }, { Name: "c", Value: "d" }] }]);
    const statistics = await command("cloudwatch put-metric-data --metric-name PageViewCount --namespace MyService --statistic-values Sum=11,Minimum=2,Maximum=5,SampleCount=3");
    expect(statistics.input.MetricData).toEqual([{ MetricName: "PageViewCount", StatisticValues: { Sum: 11, Minimum: 2, Maximum: 5, SampleCount: 3 } }]);
    // The API's own shape still works as typed.
    expect((await command("cloudwatch put-metric-data --namespace N --metric-data MetricName=X,Value=2")).input).toEqual({ Namespace: "N", MetricData: [{ MetricName: "X", Value: 2 }] });
    await expect(command("cloudwatch put-metric-data --metric-name X --namespace N")).rejects.toThrow(/--value/);
    await expect(command("cloudwatch put-metric-data --metric-name X --value many --namespace N")).rejects.toThrow(/a number/);
  });

  it("<service> wait <waiter> polls the operation the SDK's waiter uses, with that operation's options", async () => {
    const wait = await command("ec2 wait instance-running --instance-ids i-1234567890abcdef0");
    expect(wait.waiter?.exportName).toBe("waitForInstanceRunning");
    expect(wait.operation.name).toBe("DescribeInstances");
    expect(wait.input).toEqual({ InstanceIds: ["i-1234567890abcdef0"] });
    expect(wait.access?.iamAction).toBe("ec2:DescribeInstances");
    expect(wait.needsConfirmation).toBe(false);
    const stack = await command("cloudformation wait stack-create-complete --stack-name web");
    expect([stack.operation.name, stack.input]).toEqual(["DescribeStacks", { StackName: "web" }]);
    expect((await command("s3api wait bucket-exists --bucket b")).operation.name).toBe("HeadBucket");
  });

  it("wait help lists the waiters; an unknown waiter gets suggestions", async () => {
    const help = await resolveCommand(catalogue, await words("ec2 wait help"));
    expect(help.kind).toBe("service-help");
    expect(JSON.stringify(help)).toContain("instance-running");
    await expect(command("ec2 wait instance-runing")).rejects.toThrow(/instance-running/);
  });

  it("commands the CLI adds that hand out credentials or move files are answered with what to do instead", async () => {
    await expect(command("ecr get-login-password")).rejects.toThrow(/credential/);
    await expect(command("s3 cp a b")).rejects.toThrow(/does not do from chat/);
  });
});

describe("top-level shortcuts", () => {
  it("invoke <function> --payload {…} is lambda invoke", async () => {
    const invoke = await command('invoke my-function --payload {"name":"Bob"}');
    expect(invoke.operation.name).toBe("Invoke");
    expect(invoke.input.FunctionName).toBe("my-function");
    expect(new TextDecoder().decode(invoke.input.Payload as Uint8Array)).toBe('{"name":"Bob"}');
    expect(invoke.access?.iamAction).toBe("lambda:InvokeFunction");
  });

  it("describe-alarms --state ALARM is cloudwatch describe-alarms --state-value ALARM", async () => {
    const alarms = await command("describe-alarms --state ALARM");
    expect([alarms.service.cli, alarms.operation.name, alarms.input]).toEqual(["cloudwatch", "DescribeAlarms", { StateValue: "ALARM" }]);
    expect((await command("describe-alarms --prefix prod- --state=OK")).input).toEqual({ AlarmNamePrefix: "prod-", StateValue: "OK" });
    expect((await command("describe-alarms high-cpu disk-full")).input).toEqual({ AlarmNames: ["high-cpu", "disk-full"] });
  });

  it("the others name their service's operation, with the leading value in its option", async () => {
    expect((await command("describe-stacks web")).input).toEqual({ StackName: "web" });
    expect((await command("describe-instances i-1 i-2")).input).toEqual({ InstanceIds: ["i-1", "i-2"] });
    expect((await command("start-automation AWS-RestartEC2Instance --parameters InstanceId=i-1")).input).toEqual({ DocumentName: "AWS-RestartEC2Instance", Parameters: { InstanceId: ["i-1"] } });
    expect((await command("filter-log-events /aws/lambda/f --filter-pattern ERROR")).input).toMatchObject({ logGroupName: "/aws/lambda/f", filterPattern: "ERROR" });
    expect((await command("list-functions")).operation.name).toBe("ListFunctions");
  });

  it("shortcut names cannot be alias names", async () => {
    expect(await parseCommand("alias create invoke lambda list-functions", registry)).toMatchObject({ kind: "invalid" });
  });
});
