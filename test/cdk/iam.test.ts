import type { Template } from "aws-cdk-lib/assertions";
import { COMMAND_TABLE_ACTIONS } from "../../lambdas/command/table-access";
import { COMMAND_WORKER_REMOTE_TABLE_ACTIONS, COMMAND_WORKER_TABLE_ACTIONS } from "../../lambdas/command-worker/table-access";
import { CONFIG_SYNC_TABLE_ACTIONS } from "../../lambdas/config-sync/table-access";
import { FORWARDER_TABLE_ACTIONS } from "../../lambdas/forwarder/table-access";
import { ERASURE_HOME_TABLE_ACTIONS, ERASURE_REMOTE_TABLE_ACTIONS } from "../../lambdas/privacy-erasure/table-access";
import { synthTemplates } from "./synth";
import { logicalId, type Permission, permissionsOf, render, sortPermissions } from "./template-helpers";

/** Each function's role gets exactly these permissions: compared as a whole, so any new grant shows up here. */
let templates: Map<string, Template>;

beforeAll(() => {
  templates = synthTemplates();
});

/**
 * Each function's table actions are what its code declares (lambdas/<fn>/table-access.ts, the union
 * of the repositories it uses), exactly: a call added without its action fails here, not in AWS.
 */
const tableActions = (declared: readonly string[]) => [...declared].sort();

/** What DynamoDB needs from a caller on the table's CMK (plus the failed-events queue's send). */
const KEY_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"];

/** Decrypting the Slack secrets: the home Region's Herald key (by its alias), only through Secrets Manager there. */
const SLACK_SECRETS_KEY: Permission = {
  actions: ["kms:Decrypt"],
  resources: ["arn:aws:kms:us-east-1:${AWS::AccountId}:key/*"],
  conditions: {
    "StringEquals": { "kms:ViaService": { "Fn::Join": ["", ["secretsmanager.us-east-1.", { Ref: "AWS::URLSuffix" }]] } },
    "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/herald" },
  },
};

function ids(template: Template) {
  return {
    key: logicalId(template, "AWS::KMS::Key"),
    table: logicalId(template, "AWS::DynamoDB::Table"),
    queue: logicalId(template, "AWS::SQS::Queue", "HeraldForwarder"),
    forwarderLogs: logicalId(template, "AWS::Logs::LogGroup", "HeraldForwarder"),
    configSyncLogs: logicalId(template, "AWS::Logs::LogGroup", "HeraldChannelConfigs"),
  };
}

describe.each(["us-east-1", "eu-west-1"])("IAM in %s", (region) => {
  let template: Template;
  beforeAll(() => {
    template = templates.get(region)!;
  });

  it("forwarder: its log group, the failed-events queue, the CMK, its declared table actions and the bot-token secret in the home Region (and its key, through Secrets Manager)", () => {
    const id = ids(template);
    const expected: Permission[] = [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${id.forwarderLogs}.Arn`] },
      { actions: ["sqs:SendMessage"], resources: [`${id.queue}.Arn`] },
      { actions: KEY_ACTIONS, resources: [`${id.key}.Arn`] },
      { actions: tableActions(FORWARDER_TABLE_ACTIONS), resources: [`${id.table}.Arn`] },
      // "-??????" matches the six characters Secrets Manager appends; the Region is always the home Region.
      { actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:herald/T0HERALD1/bot-token-??????"] },
      SLACK_SECRETS_KEY,
    ];
    expect(sortPermissions(permissionsOf(template, "HeraldForwarderHandlerRole"))).toEqual(sortPermissions(expected));
  });

  it("config sync: its log group, the CMK, and its declared table actions", () => {
    const id = ids(template);
    const expected: Permission[] = [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${id.configSyncLogs}.Arn`] },
      { actions: KEY_ACTIONS, resources: [`${id.key}.Arn`] },
      { actions: tableActions(CONFIG_SYNC_TABLE_ACTIONS), resources: [`${id.table}.Arn`] },
    ];
    expect(sortPermissions(permissionsOf(template, "HeraldChannelConfigsHandlerRole"))).toEqual(sortPermissions(expected));
  });

  it("has no other roles and no wildcard resources in any identity policy (but the conditioned keys of other Regions' tables)", () => {
    // The command function, the worker and the privacy erasure exist in the home Region only.
    expect(Object.keys(template.findResources("AWS::IAM::Role"))).toHaveLength(region === "us-east-1" ? 5 : 2);
    for (const policy of Object.values(template.findResources("AWS::IAM::Policy"))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        // Another Region's table key (generated id, other stack): only with its alias, only via DynamoDB (privacy erasure below).
        const conditionedKeys = statement.Condition?.["ForAnyValue:StringEquals"]?.["kms:ResourceAliases"] === "alias/herald" && statement.Condition?.StringEquals?.["kms:ViaService"];
        for (const resource of [statement.Resource].flat()) expect(render(resource).replace(conditionedKeys ? /:key\/\*$/ : /$^/, ":key/<id>")).not.toContain("*");
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

  it("command function: its log group, the CMK, its declared table actions, the signing secrets and invoking the worker", () => {
    const id = ids(template);
    const expected: Permission[] = [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logicalId(template, "AWS::Logs::LogGroup", "HeraldCommandsCommand")}.Arn`] },
      { actions: KEY_ACTIONS, resources: [`${id.key}.Arn`] },
      { actions: tableActions(COMMAND_TABLE_ACTIONS), resources: [`${id.table}.Arn`] },
      { actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:herald/T0HERALD1/signing-secret-??????"] },
      SLACK_SECRETS_KEY,
      // The unqualified function only: no versions or aliases ("…:*").
      { actions: ["lambda:InvokeFunction"], resources: [`${logicalId(template, "AWS::Lambda::Function", "HeraldCommandsWorker")}.Arn`] },
    ];
    expect(sortPermissions(permissionsOf(template, "HeraldCommandsCommandRole"))).toEqual(sortPermissions(expected));
  });

  it("worker: the other Regions' tables take no more than the home table's actions", () => {
    expect(COMMAND_WORKER_REMOTE_TABLE_ACTIONS.every((action) => COMMAND_WORKER_TABLE_ACTIONS.includes(action))).toBe(true);
  });

  it("worker: its log group, the CMK, its declared table actions, the channel roles, the guardrail policies and the bot-token secret", () => {
    const id = ids(template);
    const expected: Permission[] = [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logicalId(template, "AWS::Logs::LogGroup", "HeraldCommandsWorker")}.Arn`] },
      { actions: KEY_ACTIONS, resources: [`${id.key}.Arn`] },
      // The home table, and for on-call state in the Region that forwarded the alarm the other Regions' tables by name
      // (the same actions today, so one statement), their keys only through DynamoDB there.
      { actions: tableActions(COMMAND_WORKER_TABLE_ACTIONS), resources: [`${id.table}.Arn`, ...["ap-southeast-2", "eu-west-1"].map((r) => `arn:aws:dynamodb:${r}:\${AWS::AccountId}:table/herald`)] },
      {
        actions: KEY_ACTIONS,
        resources: ["ap-southeast-2", "eu-west-1"].map((r) => `arn:aws:kms:${r}:\${AWS::AccountId}:key/*`),
        conditions: {
          "StringEquals": { "kms:ViaService": ["eu-west-1", "ap-southeast-2"].map((r) => ({ "Fn::Join": ["", [`dynamodb.${r}.`, { Ref: "AWS::URLSuffix" }]] })) },
          "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/herald" },
        },
      },
      // Every configured channel role, each once; session tags and source identity name the Slack user.
      {
        actions: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
        resources: ["arn:aws:iam::123456789012:role/HeraldDevChannel", "arn:aws:iam::123456789012:role/HeraldOpsChannel"],
      },
      // Every guardrail policy configured (here the default, ReadOnlyAccess), to explain denials.
      { actions: ["iam:GetPolicy", "iam:GetPolicyVersion"], resources: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
      { actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:herald/T0HERALD1/bot-token-??????"] },
      SLACK_SECRETS_KEY,
    ];
    expect(sortPermissions(permissionsOf(template, "HeraldCommandsWorkerRole"))).toEqual(sortPermissions(expected));
  });
});

describe("IAM of the privacy erasure (home Region)", () => {
  let template: Template;
  beforeAll(() => {
    template = templates.get("us-east-1")!;
  });

  it("privacy erasure: its log group, its queue, the home table, key and stream, the other Regions' tables and keys, invoking itself, and the bot-token secret", () => {
    const id = ids(template);
    const others = ["ap-southeast-2", "eu-west-1"];
    const expected: Permission[] = [
      { actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logicalId(template, "AWS::Logs::LogGroup", "HeraldPrivacyErasure")}.Arn`] },
      { actions: ["sqs:SendMessage"], resources: [`${logicalId(template, "AWS::SQS::Queue", "HeraldPrivacyErasure")}.Arn`] },
      { actions: KEY_ACTIONS, resources: [`${id.key}.Arn`] },
      { actions: tableActions(ERASURE_HOME_TABLE_ACTIONS), resources: [`${id.table}.Arn`] },
      { actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"], resources: [`${id.table}.StreamArn`] },
      { actions: tableActions(ERASURE_REMOTE_TABLE_ACTIONS), resources: others.map((r) => `arn:aws:dynamodb:${r}:\${AWS::AccountId}:table/herald`) },
      {
        actions: KEY_ACTIONS,
        resources: others.map((r) => `arn:aws:kms:${r}:\${AWS::AccountId}:key/*`),
        conditions: {
          "StringEquals": { "kms:ViaService": ["eu-west-1", "ap-southeast-2"].map((r) => ({ "Fn::Join": ["", [`dynamodb.${r}.`, { Ref: "AWS::URLSuffix" }]] })) },
          "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/herald" },
        },
      },
      // Its own continuations, by its fixed name: the unqualified function only.
      { actions: ["lambda:InvokeFunction"], resources: ["arn:aws:lambda:us-east-1:${AWS::AccountId}:function:herald-privacy-erasure"] },
      // The admin's notice in Slack: the workspace's bot token only, and its key through Secrets Manager.
      { actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:herald/T0HERALD1/bot-token-??????"] },
      SLACK_SECRETS_KEY,
    ];
    expect(sortPermissions(permissionsOf(template, "HeraldPrivacyErasureHandlerRole"))).toEqual(sortPermissions(expected));
  });
});
