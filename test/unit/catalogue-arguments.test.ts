import { Catalogue } from "../../lambdas/shared/commands/catalogue/catalogue";
import { ArgumentError, UnknownOperationError, UnknownServiceError } from "../../lambdas/shared/commands/catalogue/errors";
import { resolveCommand, type ResolvedCommand } from "../../lambdas/shared/commands/catalogue/resolve-command";

const catalogue = new Catalogue();

async function command(text: string): Promise<ResolvedCommand> {
  const resolution = await resolveCommand(catalogue, text.split(" "));
  if (resolution.kind !== "command") throw new Error(`expected a command, got ${resolution.kind}`);
  return resolution;
}

describe("commands as typed in the AWS CLI reference become the SDK's input", () => {
  it.each<[string, string, string, Record<string, unknown>]>([
    ["ec2 describe-instances --filters Name=tag:env,Values=prod,stage --max-items 5", "ec2", "DescribeInstances", { Filters: [{ Name: "tag:env", Values: ["prod", "stage"] }] }],
    ["ec2 describe-instances --instance-ids i-1 i-2 --dry-run", "ec2", "DescribeInstances", { InstanceIds: ["i-1", "i-2"], DryRun: true }],
    ["ec2 describe-instances --filters Name=instance-state-name,Values=running Name=tag:team,Values=web", "ec2", "DescribeInstances", { Filters: [{ Name: "instance-state-name", Values: ["running"] }, { Name: "tag:team", Values: ["web"] }] }],
    ["ecs list-services --cluster prod", "ecs", "ListServices", { cluster: "prod" }],
    ["cloudformation describe-stacks --stack-name x", "cloudformation", "DescribeStacks", { StackName: "x" }],
    ["rds describe-db-instances --db-instance-identifier db1", "rds", "DescribeDBInstances", { DBInstanceIdentifier: "db1" }],
    ["s3api list-objects-v2 --bucket b --prefix p/", "s3api", "ListObjectsV2", { Bucket: "b", Prefix: "p/" }],
    ["ssm start-automation-execution --document-name AWS-RestartEC2Instance --parameters InstanceId=i-123", "ssm", "StartAutomationExecution", { DocumentName: "AWS-RestartEC2Instance", Parameters: { InstanceId: ["i-123"] } }],
    ["logs filter-log-events --log-group-name g --start-time 1700000000000", "logs", "FilterLogEvents", { logGroupName: "g", startTime: 1700000000000 }],
    ["sns publish --topic-arn arn --message hi", "sns", "Publish", { TopicArn: "arn", Message: "hi" }],
    ["dynamodb describe-table --table-name t", "dynamodb", "DescribeTable", { TableName: "t" }],
    ["support create-case --subject s --communication-body b --service-code c --category-code d --severity-code low", "support", "CreateCase", { subject: "s", communicationBody: "b", serviceCode: "c", categoryCode: "d", severityCode: "low" }],
    ["cloudwatch describe-alarms --state-value ALARM", "cloudwatch", "DescribeAlarms", { StateValue: "ALARM" }],
    ["lambda list-functions -max-items 3", "lambda", "ListFunctions", {}],
    ["elbv2 describe-target-health --target-group-arn tg", "elbv2", "DescribeTargetHealth", { TargetGroupArn: "tg" }],
    ["stepfunctions list-executions --state-machine-arn sm --status-filter FAILED", "stepfunctions", "ListExecutions", { stateMachineArn: "sm", statusFilter: "FAILED" }],
    ["autoscaling describe-auto-scaling-groups --auto-scaling-group-names web api", "autoscaling", "DescribeAutoScalingGroups", { AutoScalingGroupNames: ["web", "api"] }],
    ["sqs get-queue-attributes --queue-url u --attribute-names All", "sqs", "GetQueueAttributes", { QueueUrl: "u", AttributeNames: ["All"] }],
    ["ec2 create-tags --resources i-1 --tags Key=env,Value=prod Key=team,Value=web", "ec2", "CreateTags", { Resources: ["i-1"], Tags: [{ Key: "env", Value: "prod" }, { Key: "team", Value: "web" }] }],
    ['ec2 create-tags --resources i-1 --tags [{"Key":"env","Value":"prod"}]', "ec2", "CreateTags", { Resources: ["i-1"], Tags: [{ Key: "env", Value: "prod" }] }],
    ["events list-rules --name-prefix ops --limit 10", "events", "ListRules", { NamePrefix: "ops", Limit: 10 }],
    ["ec2 modify-instance-attribute --instance-id i-1 --instance-type t3.micro", "ec2", "ModifyInstanceAttribute", { InstanceId: "i-1", InstanceType: { Value: "t3.micro" } }],
    ["ec2 modify-instance-attribute --instance-id i-1 --instance-type Value=t3.small", "ec2", "ModifyInstanceAttribute", { InstanceId: "i-1", InstanceType: { Value: "t3.small" } }],
    ["configservice describe-config-rules --config-rule-names r1", "configservice", "DescribeConfigRules", { ConfigRuleNames: ["r1"] }],
  ])("%s", async (text, service, operation, input) => {
    const resolved = await command(text);
    expect(resolved.service.cli).toBe(service);
    expect(resolved.operation.name).toBe(operation);
    expect(resolved.input).toEqual(input);
    expect(resolved.missing).toEqual([]);
  });

  it("reads timestamps as ISO 8601 or as seconds since the epoch", async () => {
    const iso = await command("cloudwatch get-metric-statistics --namespace AWS/EC2 --metric-name CPUUtilization --start-time 2026-01-31T12:00:00Z --end-time 1769860800 --period 300 --statistics Average Maximum");
    expect(iso.input).toEqual({
      Namespace: "AWS/EC2",
      MetricName: "CPUUtilization",
      StartTime: new Date("2026-01-31T12:00:00Z"),
      EndTime: new Date(1769860800 * 1000),
      Period: 300,
      Statistics: ["Average", "Maximum"],
    });
  });

  it("reads \"now\" and a time ago (-1h, 30m, 2 days ago) as times before now, beyond the CLI", async () => {
    const before = Date.now();
    const resolved = await command("cloudwatch get-metric-statistics --namespace AWS/EC2 --metric-name CPUUtilization --start-time -1h --end-time now --period 300 --statistics Average");
    const after = Date.now();
    const start = (resolved.input.StartTime as Date).getTime();
    const end = (resolved.input.EndTime as Date).getTime();
    expect(start).toBeGreaterThanOrEqual(before - 3_600_000);
    expect(start).toBeLessThanOrEqual(after - 3_600_000);
    expect(end).toBeGreaterThanOrEqual(before);
    expect(end).toBeLessThanOrEqual(after);
    const ago = await command("cloudwatch get-metric-statistics --namespace n --metric-name m --start-time 30m --end-time 1769860800 --period 60 --statistics Sum");
    expect(Math.abs((ago.input.StartTime as Date).getTime() - (Date.now() - 1_800_000))).toBeLessThan(5_000);
  });

  it("takes the CLI's positional outfile of lambda invoke and leaves it out (the payload is shown in Slack)", async () => {
    const resolved = await command('lambda invoke --function-name my-function --payload {"name":"Bob"} response.json');
    expect(resolved.input.FunctionName).toBe("my-function");
    expect(new TextDecoder().decode(resolved.input.Payload as Uint8Array)).toBe('{"name":"Bob"}');
    expect((await command("lambda invoke --function-name my-function out.json")).input).toEqual({ FunctionName: "my-function" });
    // Without an outfile nothing is dropped.
    expect((await command("lambda invoke --function-name my-function")).input).toEqual({ FunctionName: "my-function" });
  });

  it("refuses file:// and fileb:// values, naming the option, instead of sending the path as the value", async () => {
    await expect(command("lambda update-function-code --function-name f --zip-file fileb://my-function.zip")).rejects.toThrow(/--zip-file: expected the value itself: fileb:\/\/ reads a file/);
    await expect(command("dynamodb put-item --table-name t --item=file://item.json")).rejects.toThrow(/--item: expected the value itself: file:\/\//);
  });

  it("takes the CLI's ec2 run-instances --count N (or MIN:MAX) for MinCount and MaxCount", async () => {
    expect((await command("ec2 run-instances --image-id ami-1 --count 2 --instance-type t3.micro")).input).toEqual({ ImageId: "ami-1", InstanceType: "t3.micro", MinCount: 2, MaxCount: 2 });
    const range = await command("ec2 run-instances --image-id ami-1 --count 1:3");
    expect(range.input).toMatchObject({ MinCount: 1, MaxCount: 3 });
    expect(range.missing).toEqual([]);
  });

  it("answers the CLI's own commands that no API model has with the operations that do the same", async () => {
    await expect(resolveCommand(catalogue, "s3 cp a b".split(" "))).rejects.toThrow(/does not do from chat/);
    await expect(resolveCommand(catalogue, "logs tail /aws/lambda/f".split(" "))).rejects.toThrow(/filter-log-events/);
  });

  it("does not read elb (the Classic Load Balancer API) as elbv2", async () => {
    await expect(resolveCommand(catalogue, "elb describe-load-balancers".split(" "))).rejects.toThrow(UnknownServiceError);
  });

  it("reads blobs as text, or as base64 with --cli-binary-format base64", async () => {
    const raw = await command('lambda invoke --function-name f --payload {"a":1}');
    expect(raw.input).toEqual({ FunctionName: "f", Payload: new Uint8Array(Buffer.from('{"a":1}')) });
    const base64 = await command(`lambda invoke --function-name f --payload ${Buffer.from("hi").toString("base64")} --cli-binary-format base64`);
    expect(base64.input.Payload).toEqual(new Uint8Array(Buffer.from("hi")));
  });

  it("reads --no-flag as false and JSON structures", async () => {
    const resolved = await command('ec2 describe-instances --no-dry-run --filters [{"Name":"vpc-id","Values":["vpc-1"]}]');
    expect(resolved.input).toEqual({ DryRun: false, Filters: [{ Name: "vpc-id", Values: ["vpc-1"] }] });
  });

  it("reads nested shorthand", async () => {
    const resolved = await command("cloudwatch get-metric-data --metric-data-queries Id=m1,MetricStat={Metric={Namespace=AWS/EC2,MetricName=CPUUtilization},Period=60,Stat=Average} --start-time 1700000000 --end-time 1700003600");
    expect(resolved.input.MetricDataQueries).toEqual([{ Id: "m1", MetricStat: { Metric: { Namespace: "AWS/EC2", MetricName: "CPUUtilization" }, Period: 60, Stat: "Average" } }]);
  });

  it("takes --cli-input-json, with options typed beside it winning", async () => {
    const resolved = await command('rds describe-db-instances --cli-input-json {"DBInstanceIdentifier":"db1","MaxRecords":20} --max-records 50');
    expect(resolved.input).toEqual({ DBInstanceIdentifier: "db1", MaxRecords: 50 });
  });

  it("returns the global options apart from the input", async () => {
    const resolved = await command("ec2 describe-instances --max-items 5 --starting-token abc --page-size 50 --query Reservations[].Instances[].InstanceId --output text --region eu-west-1");
    expect(resolved.input).toEqual({});
    expect(resolved.globals).toEqual({ maxItems: 5, startingToken: "abc", pageSize: 50, query: "Reservations[].Instances[].InstanceId", output: "text", region: "eu-west-1" });
    expect(resolved.pagination).toEqual({ paginator: "paginateDescribeInstances", inputToken: "NextToken", outputToken: "NextToken", pageSizeMember: "MaxResults" });
  });

  it("names the required parameters still missing, to be asked for", async () => {
    const resolved = await command("support create-case --subject s");
    expect(resolved.missing.map((member) => member.cliName)).toEqual(["communication-body"]);
    const publish = await command("sns publish --topic-arn arn");
    expect(publish.missing.map((member) => member.cliName)).toEqual(["message"]);
  });

  it.each([
    ["logs filter-log-events --log-group-name g --start-time soon", /--start-time: expected a number/],
    ["ec2 describe-instances --filters Nme=x", /--filters Nme: expected one of the keys Name, Values/],
    ["ec2 describe-instances --filters prod", /--filters: expected shorthand/],
    ["ec2 describe-instances --bogus 1", /--bogus: expected one of the options of ec2 describe-instances/],
    ["ec2 describe-instances --output xml", /--output: expected json, table, text or yaml/],
    ["ec2 describe-instances --max-items 0", /--max-items: expected a whole number/],
    ["ec2 describe-instances --profile admin", /cannot be used in Herald/],
    ["ec2 describe-instances --endpoint-url http://x", /cannot be used in Herald/],
    ["ec2 describe-instances --dry-run maybe", /--dry-run: expected true or false/],
    ["ecs list-services --cluster a b", /--cluster: expected one value/],
    ["ecs list-services prod", /expected an option/],
    ["rds describe-db-instances --cli-input-json {nope", /--cli-input-json: expected valid JSON/],
    ["cloudwatch get-metric-statistics --namespace n --metric-name m --start-time yesterday --end-time 1 --period 60", /--start-time: expected a timestamp/],
  ])("%s is refused, naming the parameter and what it expected", async (text, message) => {
    const attempt = resolveCommand(catalogue, text.split(" "));
    await expect(attempt).rejects.toThrow(ArgumentError);
    await expect(resolveCommand(catalogue, text.split(" "))).rejects.toThrow(message);
  });

  it("takes tokens that say which words were quoted: a quoted word is always a value", async () => {
    const words = [
      { text: "logs", bare: true },
      { text: "filter-log-events", bare: true },
      { text: "--log-group-name", bare: true },
      { text: "g", bare: true },
      { text: "--filter-pattern", bare: true },
      { text: "-ERROR", bare: false },
    ];
    const resolution = await resolveCommand(catalogue, words);
    expect(resolution.kind === "command" && resolution.input).toEqual({ logGroupName: "g", filterPattern: "-ERROR" });
  });

  it("suggests near names for unknown services and operations", async () => {
    await expect(resolveCommand(catalogue, ["ec3", "describe-instances"])).rejects.toThrow(UnknownServiceError);
    await expect(resolveCommand(catalogue, ["ec3", "describe-instances"])).rejects.toThrow(/Did you mean ec2/);
    await expect(resolveCommand(catalogue, ["ec2", "describe-instance"])).rejects.toThrow(UnknownOperationError);
    await expect(resolveCommand(catalogue, ["ec2", "describe-instance"])).rejects.toThrow(/describe-instances/);
  });

  it("accepts the CLI's service names and aliases", async () => {
    for (const [typed, cli] of [["s3", "s3api"], ["cloudwatch-logs", "logs"], ["sfn", "stepfunctions"], ["eventbridge", "events"], ["codedeploy", "deploy"], ["config", "configservice"], ["cost-explorer", "ce"]]) {
      const lookup = await catalogue.lookup(typed);
      expect(lookup.kind === "service" && lookup.model.entry.cli).toBe(cli);
    }
  });
});
