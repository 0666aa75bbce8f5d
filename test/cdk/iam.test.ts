import type { Template } from "aws-cdk-lib/assertions";
import { synthTemplates } from "./synth";
import { logicalId, type Permission, permissionsOf, render, sortPermissions } from "./template-helpers";

/** Each function's role gets exactly these permissions: compared as a whole, so any new grant shows up here. */
let templates: Map<string, Template>;

beforeAll(() => {
  templates = synthTemplates();
});

/** What DynamoDB needs from a caller on the table's CMK (plus the failed-events queue's send). */
const KEY_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"];

function ids(template: Template) {
  return {
    key: logicalId(template, "AWS::KMS::Key"),
    table: logicalId(template, "AWS::DynamoDB::Table"),
    queue: logicalId(template, "AWS::SQS::Queue"),
    forwarderLogs: logicalId(template, "AWS::Logs::LogGroup", "HeraldForwarder"),
    configSyncLogs: logicalId(template, "AWS::Logs::LogGroup", "HeraldChannelConfigs"),
  };
}

describe.each(["us-east-1", "eu-west-1"])("IAM in %s", (region) => {
  let template: Template;
  beforeAll(() => {
    template = templates.get(region)!;
  });

  it("forwarder: its log group, the failed-events queue, the CMK, five table actions and the bot-token secret in the home Region", () => {
    const id = ids(template);
    const expected: Permission[] = [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${id.forwarderLogs}.Arn`] },
      { actions: ["sqs:SendMessage"], resources: [`${id.queue}.Arn`] },
      { actions: KEY_ACTIONS, resources: [`${id.key}.Arn`] },
      { actions: ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"], resources: [`${id.table}.Arn`] },
      // "-??????" matches the six characters Secrets Manager appends; the Region is always the home Region.
      { actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:herald/T0HERALD1/bot-token-??????"] },
    ];
    expect(sortPermissions(permissionsOf(template, "HeraldForwarderHandlerRole"))).toEqual(sortPermissions(expected));
  });

  it("config sync: its log group, the CMK, and Scan + BatchWriteItem on the table", () => {
    const id = ids(template);
    const expected: Permission[] = [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${id.configSyncLogs}.Arn`] },
      { actions: KEY_ACTIONS, resources: [`${id.key}.Arn`] },
      { actions: ["dynamodb:BatchWriteItem", "dynamodb:Scan"], resources: [`${id.table}.Arn`] },
    ];
    expect(sortPermissions(permissionsOf(template, "HeraldChannelConfigsHandlerRole"))).toEqual(sortPermissions(expected));
  });

  it("has no other roles and no wildcard resources in any identity policy", () => {
    // The command function and worker exist in the home Region only.
    expect(Object.keys(template.findResources("AWS::IAM::Role"))).toHaveLength(region === "us-east-1" ? 4 : 2);
    for (const policy of Object.values(template.findResources("AWS::IAM::Policy"))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        for (const resource of [statement.Resource].flat()) expect(render(resource)).not.toContain("*");
        for (const action of [statement.Action].flat()) expect(action).not.toContain("*");
      }
    }
  });
});

describe("IAM of the command API (home Region)", () => {
  let template: Template;
  beforeAll(() => {
    template = templates.get("us-east-1")!;
  });

  it("command function: its log group, the CMK, PutItem on the table, the signing secrets and invoking the worker", () => {
    const id = ids(template);
    const expected: Permission[] = [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logicalId(template, "AWS::Logs::LogGroup", "HeraldCommandsCommand")}.Arn`] },
      { actions: KEY_ACTIONS, resources: [`${id.key}.Arn`] },
      { actions: ["dynamodb:PutItem"], resources: [`${id.table}.Arn`] },
      { actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:herald/T0HERALD1/signing-secret-??????"] },
      // The unqualified function only: no versions or aliases ("…:*").
      { actions: ["lambda:InvokeFunction"], resources: [`${logicalId(template, "AWS::Lambda::Function", "HeraldCommandsWorker")}.Arn`] },
    ];
    expect(sortPermissions(permissionsOf(template, "HeraldCommandsCommandRole"))).toEqual(sortPermissions(expected));
  });

  it("worker: its log group, the CMK, five table actions, the channel roles, the guardrail policies and the bot-token secret", () => {
    const id = ids(template);
    const expected: Permission[] = [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logicalId(template, "AWS::Logs::LogGroup", "HeraldCommandsWorker")}.Arn`] },
      { actions: KEY_ACTIONS, resources: [`${id.key}.Arn`] },
      { actions: ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"], resources: [`${id.table}.Arn`] },
      // Every configured channel role, each once; session tags and source identity name the Slack user.
      {
        actions: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
        resources: ["arn:aws:iam::123456789012:role/HeraldDevChannel", "arn:aws:iam::123456789012:role/HeraldOpsChannel"],
      },
      // Every guardrail policy configured (here the default, ReadOnlyAccess), to explain denials.
      { actions: ["iam:GetPolicy", "iam:GetPolicyVersion"], resources: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
      { actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:herald/T0HERALD1/bot-token-??????"] },
    ];
    expect(sortPermissions(permissionsOf(template, "HeraldCommandsWorkerRole"))).toEqual(sortPermissions(expected));
  });
});
