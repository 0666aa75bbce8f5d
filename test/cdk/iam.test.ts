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

  it("forwarder: its log group, the failed-events queue, the CMK, four table actions and the bot-token secret in the home Region", () => {
    const id = ids(template);
    const expected: Permission[] = [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${id.forwarderLogs}.Arn`] },
      { actions: ["sqs:SendMessage"], resources: [`${id.queue}.Arn`] },
      { actions: KEY_ACTIONS, resources: [`${id.key}.Arn`] },
      { actions: ["dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"], resources: [`${id.table}.Arn`] },
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
    expect(Object.keys(template.findResources("AWS::IAM::Role"))).toHaveLength(2);
    for (const policy of Object.values(template.findResources("AWS::IAM::Policy"))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        for (const resource of [statement.Resource].flat()) expect(render(resource)).not.toContain("*");
        for (const action of [statement.Action].flat()) expect(action).not.toContain("*");
      }
    }
  });
});
