import { readFileSync } from "node:fs";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { ERASURE_HOME_TABLE_ACTIONS, ERASURE_REMOTE_TABLE_ACTIONS } from "../../lambdas/privacy-erasure/table-access";
import { parseHeraldConfig } from "../../lambdas/shared/config/load";
import { HeraldConfigError } from "../../lambdas/shared/errors";
import { HeraldStack } from "../../lib/herald-stack";
import { EXAMPLE_CONFIG, synthTemplates } from "./synth";
import { logicalId, permissionsOf, render } from "./template-helpers";

/** The privacy erasure orchestrator in the example config's stacks (home us-east-1; also eu-west-1 and ap-southeast-2), cdk-nag included. */

let templates: Map<string, Template>;
let home: Template;
beforeAll(() => {
  templates = synthTemplates();
  home = templates.get("us-east-1")!;
});

const fnId = () => logicalId(home, "AWS::Lambda::Function", "HeraldPrivacyErasure");
const queueId = () => logicalId(home, "AWS::SQS::Queue", "HeraldPrivacyErasure");
const tableId = () => logicalId(home, "AWS::DynamoDB::Table");

function exampleConfig(change: (input: { account: Record<string, unknown> }) => void = () => undefined) {
  const input = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8"));
  change(input);
  return parseHeraldConfig(input);
}

describe("the deletion function", () => {
  it("exists in the home Region only", () => {
    for (const region of ["eu-west-1", "ap-southeast-2"]) {
      expect(Object.keys(templates.get(region)!.findResources("AWS::Lambda::Function")).filter((id) => id.startsWith("HeraldPrivacyErasure"))).toEqual([]);
      expect(templates.get(region)!.findResources("AWS::Lambda::EventSourceMapping")).toEqual({});
    }
  });

  it("runs on the newest Node.js on arm64 under a fixed name, may invoke itself in a chain, and knows every Region and the overdue bound", () => {
    const fn = home.findResources("AWS::Lambda::Function")[fnId()].Properties;
    expect(fn).toMatchObject({ FunctionName: "herald-privacy-erasure", Runtime: "nodejs24.x", Architectures: ["arm64"], Timeout: 300, MemorySize: 512, RecursiveLoop: "Allow" });
    expect(fn.Environment.Variables).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      TABLE_NAME: "herald",
      HERALD_REGIONS: "us-east-1,eu-west-1,ap-southeast-2",
      HERALD_ACCOUNT_ID: { Ref: "AWS::AccountId" },
      HOME_REGION: "us-east-1",
      ERASURE_ALARM_MINUTES: "60",
      // The tables' recovery window (account.recoveryWindowDays): receipts say when erased data's last restorable copy ages out.
      HERALD_RECOVERY_WINDOW_DAYS: "7",
      SLACK_BOT_TOKEN_SECRET_NAMES: "T0HERALD1:herald/T0HERALD1/bot-token",
      SECRETS_REGION: "us-east-1",
      POWERTOOLS_SERVICE_NAME: "herald-privacy-erasure",
      POWERTOOLS_METRICS_NAMESPACE: "Herald",
    });
    const logGroup = home.findResources("AWS::Logs::LogGroup")[fn.LoggingConfig.LogGroup.Ref].Properties;
    expect(logGroup).toMatchObject({ RetentionInDays: 90, KmsKeyId: { "Fn::GetAtt": [logicalId(home, "AWS::KMS::Key"), "Arn"] } });
  });

  it("can reach every Region's table and nothing else", () => {
    const permissions = permissionsOf(home, "HeraldPrivacyErasureHandlerRole");
    const dynamo = permissions.filter((p) => p.actions.some((a) => a.startsWith("dynamodb:")));
    const tables = dynamo.flatMap((p) => p.resources).filter((r) => !r.endsWith(".StreamArn")).sort();
    expect(tables).toEqual([
      `${tableId()}.Arn`,
      "arn:aws:dynamodb:ap-southeast-2:${AWS::AccountId}:table/herald",
      "arn:aws:dynamodb:eu-west-1:${AWS::AccountId}:table/herald",
    ]);
    // Exactly what the engine declares (lambdas/privacy-erasure/table-access.ts); the other Regions' tables never get more than the home table.
    expect(ERASURE_REMOTE_TABLE_ACTIONS.filter((action) => !ERASURE_HOME_TABLE_ACTIONS.includes(action))).toEqual([]);
    expect(dynamo.map((p) => [p.resources.length === 1 ? p.resources[0] : "other Regions", p.actions])).toEqual(expect.arrayContaining([
      [`${tableId()}.Arn`, [...ERASURE_HOME_TABLE_ACTIONS].sort()],
      ["other Regions", [...ERASURE_REMOTE_TABLE_ACTIONS].sort()],
      [`${tableId()}.StreamArn`, ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]],
    ]));
    expect(dynamo).toHaveLength(3);
    // Keys: the home key by ARN; the others only when aliased alias/herald and used through DynamoDB in their Region.
    const kms = permissions.filter((p) => p.actions.some((a) => a.startsWith("kms:")));
    expect(kms.map((p) => p.resources)).toEqual(expect.arrayContaining([
      [`${logicalId(home, "AWS::KMS::Key")}.Arn`],
      ["arn:aws:kms:ap-southeast-2:${AWS::AccountId}:key/*", "arn:aws:kms:eu-west-1:${AWS::AccountId}:key/*"],
    ]));
    const remoteKeys = kms.find((p) => p.conditions)!;
    expect(remoteKeys.conditions).toEqual({
      "StringEquals": { "kms:ViaService": ["eu-west-1", "ap-southeast-2"].map((r) => ({ "Fn::Join": ["", [`dynamodb.${r}.`, { Ref: "AWS::URLSuffix" }]] })) },
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/herald" },
    });
    // And beyond data: its logs, its queue, itself, and the bot token to tell the admin. No other service.
    expect([...new Set(permissions.flatMap((p) => p.actions.map((a) => a.split(":")[0])))].sort()).toEqual(["dynamodb", "kms", "lambda", "logs", "secretsmanager", "sqs"]);
    expect(permissions.find((p) => p.actions.includes("lambda:InvokeFunction"))?.resources).toEqual(["arn:aws:lambda:us-east-1:${AWS::AccountId}:function:herald-privacy-erasure"]);
    expect(permissions.filter((p) => p.actions.some((a) => a.startsWith("secretsmanager:")))).toEqual([
      { actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:herald/T0HERALD1/bot-token-??????"] },
    ]);
  });

  it("tells the engine the tables' configured recovery window (account.recoveryWindowDays)", () => {
    const config = exampleConfig((input) => void (input.account.recoveryWindowDays = 14));
    const template = Template.fromStack(new HeraldStack(new App({ context: { "aws:cdk:bundling-stacks": [] } }), "Window", { config, region: "us-east-1" }));
    expect(template.findResources("AWS::Lambda::Function")[logicalId(template, "AWS::Lambda::Function", "HeraldPrivacyErasure")].Properties.Environment.Variables.HERALD_RECOVERY_WINDOW_DAYS).toBe("14");
    template.hasResourceProperties("AWS::DynamoDB::Table", { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 14 } });
  });

  it("with a single Region, reaches only the home table and key", () => {
    const config = exampleConfig((input) => void (input.account.regions = ["us-east-1"]));
    const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
    const template = Template.fromStack(new HeraldStack(app, "OneRegion", { config, region: "us-east-1" }));
    const resources = permissionsOf(template, "HeraldPrivacyErasureHandlerRole").flatMap((p) => p.resources);
    expect(resources.filter((r) => r.startsWith("arn:aws:dynamodb:") || r.startsWith("arn:aws:kms:"))).toEqual([]);
    expect(template.findResources("AWS::Lambda::Function")[logicalId(template, "AWS::Lambda::Function", "HeraldPrivacyErasure")].Properties.Environment.Variables.HERALD_REGIONS).toBe("us-east-1");
  });
});

describe("the stream source", () => {
  it("passes only the account's privacy record, inserted or modified, from the home table's stream", () => {
    const [mapping] = Object.values(home.findResources("AWS::Lambda::EventSourceMapping")).map((m) => m.Properties);
    expect(mapping.EventSourceArn).toEqual({ "Fn::GetAtt": [tableId(), "StreamArn"] });
    expect(mapping.FunctionName).toEqual({ Ref: fnId() });
    const pattern = JSON.parse(render(mapping.FilterCriteria.Filters[0].Pattern));
    expect(pattern).toEqual({
      eventName: ["INSERT", "MODIFY"],
      dynamodb: { Keys: { pk: { S: ["ACCOUNT#${AWS::AccountId}"] }, sk: { S: ["PRIVACY"] } }, NewImage: { entity: { S: ["privacy"] } } },
    });
    expect(mapping.FilterCriteria.Filters).toHaveLength(1);
  });

  it("bisects and retries failing batches, reports single failed records, then keeps them in the encrypted failed-events queue", () => {
    home.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      StartingPosition: "TRIM_HORIZON",
      BatchSize: 10,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 86_400,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId(), "Arn"] } } },
    });
    home.hasResourceProperties("AWS::SQS::Queue", { KmsMasterKeyId: { "Fn::GetAtt": [logicalId(home, "AWS::KMS::Key"), "Arn"] }, MessageRetentionPeriod: 14 * 86_400 });
  });

  it("continuations (asynchronous self-invocations) are retried twice, then kept in the same queue", () => {
    home.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: fnId() },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId(), "Arn"] } } },
    });
  });
});

describe("overdue erasures", () => {
  it("a schedule runs the overdue check every 5 minutes", () => {
    home.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(5 minutes)",
      Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [fnId(), "Arn"] }, Input: JSON.stringify({ kind: "privacy-sweep" }) })],
    });
  });

  it("alarms when ErasureOverdue reaches 1, or when the check stops reporting", () => {
    home.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "Herald",
      MetricName: "ErasureOverdue",
      Dimensions: [{ Name: "service", Value: "herald-privacy-erasure" }],
      Statistic: "Maximum",
      Period: 900,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      EvaluationPeriods: 1,
      TreatMissingData: "breaching",
      AlarmDescription: Match.stringLikeRegexp("within 60 minutes \\(account.erasureAlarmMinutes\\)"),
    });
  });

  it("alarms when anything waits in the failed-events queue", () => {
    home.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId(), "QueueName"] } }],
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    });
  });

  it("takes its bound from account.erasureAlarmMinutes (default 60), which must be 5 minutes to 7 days", () => {
    const config = exampleConfig((input) => void (input.account.erasureAlarmMinutes = 240));
    const template = Template.fromStack(new HeraldStack(new App({ context: { "aws:cdk:bundling-stacks": [] } }), "Bound", { config, region: "us-east-1" }));
    expect(template.findResources("AWS::Lambda::Function")[logicalId(template, "AWS::Lambda::Function", "HeraldPrivacyErasure")].Properties.Environment.Variables.ERASURE_ALARM_MINUTES).toBe("240");
    template.hasResourceProperties("AWS::CloudWatch::Alarm", { MetricName: "ErasureOverdue", AlarmDescription: Match.stringLikeRegexp("within 240 minutes") });
    expect(() => exampleConfig((input) => void (input.account.erasureAlarmMinutes = 1))).toThrow(HeraldConfigError);
    expect(() => exampleConfig((input) => void (input.account.erasureAlarmMinutes = 1))).toThrow(/account.erasureAlarmMinutes: must be at least 5/);
  });
});
