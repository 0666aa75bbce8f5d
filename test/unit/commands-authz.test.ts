import { arnMatches, findBlock } from "../../lambdas/shared/commands/authorization/blocked";
import { findHeraldIdentifier } from "../../lambdas/shared/commands/authorization/input-resources";
import { authorize, type AuthorizationRequest } from "../../lambdas/shared/commands/authorization/authorize";
import { UnknownIamActionError } from "../../lambdas/shared/commands/authorization/errors";
import { evaluateGuardrails, explainAccessDeniedByAws } from "../../lambdas/shared/commands/authorization/evaluate";
import { describeActionAccess, isMutatingAction } from "../../lambdas/shared/commands/authorization/mutating";
import { createStaticGuardrailPolicySource, type GuardrailPolicy } from "../../lambdas/shared/commands/authorization/policy-documents";

/**
 * Authorization of a command: the always-blocked rules, mutating detection from IAM's action
 * metadata, and the channel's guardrails evaluated in-process (real @cloud-copilot/iam-simulate and
 * iam-data; the policy documents are given, as IAM cannot run here).
 */

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/HeraldOpsChannel`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:ops-alarms`;
const HERALD_RESOURCES = [
  `arn:aws:dynamodb:*:${ACCOUNT}:table/herald`,
  `arn:aws:kms:*:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  `arn:aws:sns:*:${ACCOUNT}:herald-*`,
  `arn:aws:lambda:*:${ACCOUNT}:function:Herald*`,
  `arn:aws:secretsmanager:*:${ACCOUNT}:secret:herald/*`,
];

const READ_ONLY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const NO_PROD_ARN = `arn:aws:iam::${ACCOUNT}:policy/guardrails/NoProdTopics`;
const PUBLISH_ARN = `arn:aws:iam::${ACCOUNT}:policy/AllowPublish`;

/** A trimmed stand-in for ReadOnlyAccess: the same shape (service-wide Get/List/Describe), fewer services. */
const READ_ONLY: GuardrailPolicy = {
  arn: READ_ONLY_ARN,
  name: "ReadOnlyAccess",
  document: {
    Version: "2012-10-17",
    Statement: [{
      Sid: "ReadOnlyActions",
      Effect: "Allow",
      Action: ["sns:Get*", "sns:List*", "sns:Check*", "dynamodb:Describe*", "dynamodb:List*", "cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*", "lambda:Get*", "lambda:List*", "logs:Describe*", "logs:Get*", "logs:FilterLogEvents", "s3:Get*", "s3:List*"],
      Resource: "*",
    }],
  },
};
const NO_PROD: GuardrailPolicy = {
  arn: NO_PROD_ARN,
  name: "NoProdTopics",
  document: {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "sns:*", Resource: "*" },
      { Sid: "DenyProdTopics", Effect: "Deny", Action: "sns:*", Resource: "arn:aws:sns:*:*:prod-*" },
      { Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } } },
    ],
  },
};
const ALLOW_PUBLISH: GuardrailPolicy = {
  arn: PUBLISH_ARN,
  name: "AllowPublish",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sns:Publish", Resource: TOPIC }] },
};

const policies = createStaticGuardrailPolicySource(Object.fromEntries([READ_ONLY, NO_PROD, ALLOW_PUBLISH].map((p) => [p.arn, p.document])));
const deps = { policies, heraldResourcePatterns: HERALD_RESOURCES };
const request = (overrides: Partial<AuthorizationRequest>): AuthorizationRequest => ({
  iamAction: "sns:ListTopics", resource: "*", region: "us-east-1", roleArn: ROLE, guardrailPolicyArns: [READ_ONLY_ARN], ...overrides,
});

describe("always blocked, whatever the role", () => {
  test.each([
    ["iam:CreateUser", "*", /IAM commands change who may do what/],
    ["iam:ListUsers", "*", /iam:ListUsers is always blocked/],
    ["kms:Decrypt", "*", /KMS/],
    ["sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/Admin`, /STS commands hand out credentials/],
    ["secretsmanager:GetSecretValue", "*", /Secrets Manager/],
    ["sso:ListInstances", "*", /IAM Identity Center/],
    ["sso-oauth:CreateToken", "*", /IAM Identity Center/],
    ["identitystore:ListUsers", "*", /IAM Identity Center/],
    ["cognito-idp:AdminGetUser", "*", /Cognito/],
    ["chatbot:DescribeSlackChannelConfigurations", "*", /chat integrations/],
    ["S3:GetObject", "arn:aws:s3:::bucket/key", /reads stored data into the channel/],
    ["dynamodb:GetItem", `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`, /reads stored data/],
    ["dynamodb:BatchGetItem", "*", /reads stored data/],
    ["dynamodb:Query", "*", /reads stored data/],
    ["dynamodb:Scan", "*", /reads stored data/],
    ["ec2:GetPasswordData", "*", /reads stored data/],
  ])("%s", (action, resource, reason) => {
    expect(findBlock(action, resource, [])?.reason).toMatch(reason);
  });

  test("sts:GetCallerIdentity is the one STS call allowed through", () => {
    expect(findBlock("sts:GetCallerIdentity", "*", HERALD_RESOURCES)).toBeUndefined();
  });

  test.each([
    ["its table", "dynamodb:DescribeTable", `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/herald`],
    ["its table's index", "dynamodb:DescribeTable", `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/herald/index/byTopic`],
    ["its key", "kms:DescribeKey", `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ["its topics", "sns:Publish", `arn:aws:sns:us-east-1:${ACCOUNT}:herald-alarms`],
    ["its functions, qualified", "lambda:InvokeFunction", `arn:aws:lambda:us-east-1:${ACCOUNT}:function:HeraldCommand:live`],
    ["its secrets", "secretsmanager:DescribeSecret", `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:herald/T0/bot-token-AbCdEf`],
  ])("Herald's own resources: %s", (_case, action, resource) => {
    expect(findBlock(action, resource, HERALD_RESOURCES)).toBeDefined();
  });

  test("resources that only resemble Herald's are not blocked", () => {
    expect(findBlock("dynamodb:DescribeTable", `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/herald-archive`, HERALD_RESOURCES)).toBeUndefined();
    expect(findBlock("sns:Publish", `arn:aws:sns:us-east-1:${ACCOUNT}:ops-alarms`, HERALD_RESOURCES)).toBeUndefined();
    expect(findBlock("sns:ListTopics", "*", HERALD_RESOURCES)).toBeUndefined();
  });

  test("ARN patterns: * spans separators, ? is one character, the rest is literal", () => {
    expect(arnMatches("arn:aws:sns:*:1:t?", "arn:aws:sns:us-east-1:1:t1")).toBe(true);
    expect(arnMatches("arn:aws:sns:*:1:t?", "arn:aws:sns:us-east-1:1:t12")).toBe(false);
    expect(arnMatches("arn:aws:s3:::a.b", "arn:aws:s3:::aXb")).toBe(false);
  });
});

describe("mutating operations, from IAM's action metadata", () => {
  test.each([
    ["sns:Publish", true, ["Write"]],
    ["sns:AddPermission", true, ["Permissions management", "Write"]],
    ["sns:TagResource", true, ["Tagging", "Write"]],
    ["lambda:InvokeFunction", true, ["Write"]],
    ["dynamodb:DeleteTable", true, ["Write"]],
    ["sns:ListTopics", false, ["List"]],
    ["sns:GetTopicAttributes", false, ["Read"]],
    ["cloudwatch:DescribeAlarms", false, ["Read"]],
    ["sts:GetCallerIdentity", false, ["Read"]],
  ])("%s mutates: %s", async (action, mutating, levels) => {
    const access = await describeActionAccess(action);
    expect(access.mutating).toBe(mutating);
    expect(access.accessLevels).toEqual(levels);
  });

  test("action names are case-insensitive, as in IAM", async () => {
    expect(await isMutatingAction("SNS:publish")).toBe(true);
  });

  test.each(["sns:NoSuchAction", "nosuchservice:List", "sns:*", "../../package:x", "sns"])("an action AWS does not define (%s) is an error, not a guess", async (action) => {
    await expect(describeActionAccess(action)).rejects.toBeInstanceOf(UnknownIamActionError);
  });
});

describe("guardrails evaluated in-process", () => {
  const evaluate = (iamAction: string, resource: string, guardrails: GuardrailPolicy[], region = "us-east-1") =>
    evaluateGuardrails({ iamAction, resource, principalArn: ROLE, region, guardrails });

  test("an action the guardrails allow", async () => {
    expect(await evaluate("sns:ListTopics", "*", [READ_ONLY])).toEqual({ allowed: true, allowedBy: "ReadOnlyAccess" });
  });

  test("an action no guardrail allows is implicitly denied, naming the guardrails, action and resource", async () => {
    expect(await evaluate("sns:Publish", TOPIC, [READ_ONLY])).toEqual({
      allowed: false,
      denial: "implicit",
      reason: `The channel's guardrails (ReadOnlyAccess) do not allow sns:Publish on ${TOPIC}: implicitly denied.`,
    });
  });

  test("an explicit deny names the guardrail and the statement's Sid", async () => {
    const verdict = await evaluate("sns:Publish", `arn:aws:sns:us-east-1:${ACCOUNT}:prod-payments`, [READ_ONLY, NO_PROD]);
    expect(verdict).toEqual({
      allowed: false,
      denial: "explicit",
      reason: `The channel's guardrail NoProdTopics explicitly denies sns:Publish on arn:aws:sns:us-east-1:${ACCOUNT}:prod-payments (statement "DenyProdTopics").`,
    });
  });

  test("a deny without a Sid is named by its position; conditions see aws:RequestedRegion", async () => {
    const verdict = await evaluate("sns:ListTopics", "*", [READ_ONLY, NO_PROD], "ap-south-1");
    expect(verdict).toMatchObject({ allowed: false, denial: "explicit", reason: expect.stringContaining("(statement #3)") });
    expect(await evaluate("sns:ListTopics", "*", [READ_ONLY, NO_PROD], "eu-west-1")).toMatchObject({ allowed: true });
  });

  test("several guardrails combine like managed session policies: any Allow, unless any Deny", async () => {
    expect(await evaluate("sns:Publish", TOPIC, [READ_ONLY, ALLOW_PUBLISH])).toEqual({ allowed: true, allowedBy: "AllowPublish" });
    expect(await evaluate("sns:Publish", `arn:aws:sns:us-east-1:${ACCOUNT}:other`, [READ_ONLY, ALLOW_PUBLISH])).toMatchObject({ allowed: false, denial: "implicit" });
  });

  test("extra request context reaches conditions (e.g. the member as aws:SourceIdentity)", async () => {
    const onCall: GuardrailPolicy = {
      arn: PUBLISH_ARN,
      name: "OnCallOnly",
      document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sns:Publish", Resource: "*", Condition: { StringEquals: { "aws:SourceIdentity": ["U0ONCALL"] } } }] },
    };
    const ask = (member: string) => evaluateGuardrails({ iamAction: "sns:Publish", resource: TOPIC, principalArn: ROLE, region: "us-east-1", guardrails: [onCall], context: { "aws:SourceIdentity": member } });
    expect(await ask("U0ONCALL")).toMatchObject({ allowed: true });
    expect(await ask("U0OTHER")).toMatchObject({ allowed: false, denial: "implicit" });
  });

  test("sts:GetCallerIdentity needs no permission, as in AWS", async () => {
    expect(await evaluate("sts:GetCallerIdentity", "*", [ALLOW_PUBLISH])).toMatchObject({ allowed: true });
  });

  test("a resource in another account is judged by the guardrails alone (AWS judges the rest)", async () => {
    expect(await evaluate("lambda:GetFunction", "arn:aws:lambda:us-east-1:999999999999:function:f", [READ_ONLY])).toMatchObject({ allowed: true });
  });

  test("no guardrails at all is a denial, never the role's full permissions", async () => {
    expect(await evaluate("sns:ListTopics", "*", [])).toMatchObject({ allowed: false, denial: "unevaluable" });
  });

  test("a broken guardrail document or a resource that does not fit the action cannot be evaluated: denied", async () => {
    const broken: GuardrailPolicy = { arn: PUBLISH_ARN, name: "Broken", document: { Statement: [{ Effect: "Maybe", Action: "sns:Publish", Resource: "*" }] } };
    expect(await evaluate("sns:Publish", TOPIC, [broken])).toMatchObject({ allowed: false, denial: "unevaluable", reason: expect.stringContaining("The guardrail Broken is not a valid IAM policy") });
    expect(await evaluate("sns:Publish", "arn:aws:sqs:us-east-1:123456789012:q", [READ_ONLY])).toMatchObject({
      allowed: false,
      reason: expect.stringContaining("is not a resource sns:Publish acts on"),
    });
  });

  test("when AWS denies what the guardrails allowed, the message says the role's own policies decide", () => {
    const message = explainAccessDeniedByAws({ iamAction: "sns:Publish", resource: TOPIC, roleArn: ROLE, guardrailNames: ["ReadOnlyAccess"] });
    expect(message).toContain(`AWS denied sns:Publish on ${TOPIC}.`);
    expect(message).toContain(`so the role ${ROLE} does not`);
    expect(message).toContain("Herald checks only the guardrails; AWS enforces the role's own policies.");
  });
});

describe("authorize", () => {
  test("a read the guardrails allow: allowed, not mutating", async () => {
    expect(await authorize(request({}), deps)).toEqual({ allowed: true, mutating: false });
  });

  test("a write the guardrails allow: allowed, mutating (needs a confirmation)", async () => {
    expect(await authorize(request({ iamAction: "sns:Publish", resource: TOPIC, guardrailPolicyArns: [READ_ONLY_ARN, PUBLISH_ARN] }), deps)).toEqual({ allowed: true, mutating: true });
  });

  test("the default read-only guardrail denies a write, with the reason", async () => {
    expect(await authorize(request({ iamAction: "sns:Publish", resource: TOPIC }), deps)).toEqual({
      allowed: false,
      mutating: true,
      reason: `The channel's guardrails (ReadOnlyAccess) do not allow sns:Publish on ${TOPIC}: implicitly denied.`,
    });
  });

  test("blocked rules come before guardrails: even a guardrail that allows everything does not open them", async () => {
    const admin = createStaticGuardrailPolicySource({ "arn:aws:iam::aws:policy/AdministratorAccess": { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } });
    const asAdmin = { ...deps, policies: admin };
    const adminRequest = (iamAction: string, resource: string) => request({ iamAction, resource, guardrailPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] });
    expect(await authorize(adminRequest("iam:CreateUser", "*"), asAdmin)).toMatchObject({ allowed: false, mutating: true, reason: expect.stringContaining("always blocked") });
    expect(await authorize(adminRequest("s3:GetObject", "arn:aws:s3:::b/k"), asAdmin)).toMatchObject({ allowed: false, mutating: false });
    expect(await authorize(adminRequest("sns:Publish", `arn:aws:sns:us-east-1:${ACCOUNT}:herald-alarms`), asAdmin)).toMatchObject({ allowed: false, reason: expect.stringContaining("Herald's own resources") });
    expect(await authorize(adminRequest("sns:Publish", TOPIC), asAdmin)).toEqual({ allowed: true, mutating: true });
  });

  test("a guardrail whose document cannot be read denies, naming the policy", async () => {
    const missing = "arn:aws:iam::123456789012:policy/Gone";
    expect(await authorize(request({ guardrailPolicyArns: [missing] }), deps)).toMatchObject({ allowed: false, reason: expect.stringContaining(missing) });
  });

  test("an action AWS does not define is denied and treated as mutating", async () => {
    expect(await authorize(request({ iamAction: "sns:Frobnicate" }), deps)).toEqual({
      allowed: false,
      mutating: true,
      reason: "Herald does not know the IAM action sns:Frobnicate, so it cannot check it against the guardrails.",
    });
  });
});

describe("Herald's own resources in every identifier form, by one naming rule", () => {
  // What a `lambda get-function-configuration --function-name <name>` input names.
  const ownFunction = (name: string) => findHeraldIdentifier({ FunctionName: name }, { service: "lambda", heraldResourcePatterns: HERALD_RESOURCES });
  test.each([
    ["a name", "herald-forwarder"],
    ["a name with $LATEST", "herald-forwarder:$LATEST"],
    ["a name with a version", "Herald-us-east-1-Worker1A2B-AbCd:1"],
    ["a partial ARN", `${ACCOUNT}:function:herald-forwarder`],
    ["a partial ARN with an alias", `${ACCOUNT}:function:Herald-us-east-1-Worker1A2B-AbCd:live`],
    ["a full ARN with a qualifier", `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:herald-privacy-erasure:$LATEST`],
  ])("a Herald function by %s", (_case, name) => {
    expect(ownFunction(name)).toBe(name);
  });

  test("every service's input, by any identifying member or ARN, nested or in lists", () => {
    const own = (service: string, input: unknown, patterns: readonly string[] = HERALD_RESOURCES) => findHeraldIdentifier(input, { service, heraldResourcePatterns: patterns });
    expect(own("cloudwatch", { AlarmNames: ["orders-5xx", "Herald-us-east-1-DeliveryBacklog-1A2B"] })).toBe("Herald-us-east-1-DeliveryBacklog-1A2B");
    expect(own("logs", { logGroupName: "/aws/lambda/herald-forwarder" })).toBe("/aws/lambda/herald-forwarder");
    expect(own("dynamodb", { TableName: "herald" })).toBe("herald");
    expect(own("ecs", { cluster: "prod", services: ["api"] })).toBeUndefined();
    expect(own("events", { Targets: [{ Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:Herald-Worker` }] })).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:Herald-Worker`);
    expect(own("sqs", { QueueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/herald-outbox` })).toBe(`https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/herald-outbox`);
  });

  test("Herald's alarms and its functions' log groups, by name", () => {
    expect(findBlock("cloudwatch:SetAlarmState", `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:Herald-us-east-1-PrivacyErasureOverdueAlarm6C2F-1A2B`, [])?.rule).toBe("herald-resource");
    expect(findBlock("logs:FilterLogEvents", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/herald-forwarder`, [])?.rule).toBe("herald-resource");
  });

  test("others' functions and alarms, and config-named resources that only resemble Herald's, are not", () => {
    expect(ownFunction(`${ACCOUNT}:function:orders-api:$LATEST`)).toBeUndefined();
    expect(ownFunction("heraldry-demo")).toBeUndefined();
    expect(findHeraldIdentifier({ TableName: "herald-archive" }, { service: "dynamodb", heraldResourcePatterns: [] })).toBeUndefined();
    expect(findBlock("cloudwatch:SetAlarmState", `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:orders-5xx`, [])).toBeUndefined();
    expect(findBlock("dynamodb:DescribeTable", `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/herald-archive`, [])).toBeUndefined();
  });
});
