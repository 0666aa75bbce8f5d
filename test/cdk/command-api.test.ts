import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Validations } from "aws-cdk-lib";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { findBlock } from "../../lambdas/shared/commands/authorization/blocked";
import { HeraldConfigError } from "../../lambdas/shared/errors";
import { SLACK_URL_OUTPUTS } from "../../lib/command-api-contract";
import { buildApp, EXAMPLE_CONFIG, synthTemplates } from "./synth";
import { logicalId, render } from "./template-helpers";

/** The example config (home Region us-east-1, two more Regions), with and without account.commandApi. */
const scratch = mkdtempSync(path.join(tmpdir(), "herald-command-api-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0f5e7b2c-1a2b-4c3d-8e9f-0123456789ab";

function configWith(commandApi: unknown, name = `config-${Math.random().toString(36).slice(2)}.json`): string {
  const config = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8"));
  config.account.commandApi = commandApi;
  const file = path.join(scratch, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

let templates: Map<string, Template>;
let home: Template;

beforeAll(() => {
  templates = synthTemplates();
  home = templates.get("us-east-1")!;
});

const ids = () => ({
  api: logicalId(home, "AWS::ApiGateway::RestApi"),
  stage: logicalId(home, "AWS::ApiGateway::Stage"),
  command: logicalId(home, "AWS::Lambda::Function", "HeraldCommandsCommand"),
  worker: logicalId(home, "AWS::Lambda::Function", "HeraldCommandsWorker"),
  key: logicalId(home, "AWS::KMS::Key"),
  table: logicalId(home, "AWS::DynamoDB::Table"),
});

describe("where the command API lives", () => {
  it("is in the home Region's stack only", () => {
    expect(Object.keys(home.findResources("AWS::ApiGateway::RestApi"))).toHaveLength(1);
    for (const region of ["eu-west-1", "ap-southeast-2"]) {
      const template = templates.get(region)!;
      expect(template.findResources("AWS::ApiGateway::RestApi")).toEqual({});
      const functions = Object.keys(template.findResources("AWS::Lambda::Function"));
      expect(functions.some((id) => id.startsWith("HeraldCommands"))).toBe(false);
      expect(Object.keys(template.toJSON().Outputs)).not.toContain(SLACK_URL_OUTPUTS.commands);
    }
  });
});

describe("the REST API", () => {
  it("is regional, passes every body through as bytes and keeps the execute-api endpoint without a custom domain", () => {
    home.hasResourceProperties("AWS::ApiGateway::RestApi", {
      EndpointConfiguration: { Types: ["REGIONAL"] },
      BinaryMediaTypes: ["*/*"],
      DisableExecuteApiEndpoint: false,
    });
    // No account-level CloudWatch role taken over by this stack.
    expect(home.findResources("AWS::ApiGateway::Account")).toEqual({});
  });

  it.each(["commands", "events", "interactions"])("POST /slack/%s is a Lambda proxy integration of the command function, nothing else", (name) => {
    const { api, command } = ids();
    const slack = Object.entries(home.findResources("AWS::ApiGateway::Resource")).find(([, r]) => r.Properties.PathPart === "slack")![0];
    const resources = Object.entries(home.findResources("AWS::ApiGateway::Resource"))
      .filter(([, r]) => r.Properties.PathPart === name && r.Properties.ParentId.Ref === slack);
    expect(resources).toHaveLength(1);
    const [resourceId] = resources[0];

    const methods = Object.values(home.findResources("AWS::ApiGateway::Method")).filter((m) => m.Properties.ResourceId.Ref === resourceId);
    expect(methods.map((m) => m.Properties.HttpMethod)).toEqual(["POST"]);
    expect(methods[0].Properties).toMatchObject({
      RestApiId: { Ref: api },
      AuthorizationType: "NONE",
      Integration: { Type: "AWS_PROXY", IntegrationHttpMethod: "POST" },
    });
    expect(render(methods[0].Properties.Integration.Uri)).toContain(`${command}.Arn`);
  });

  it("has exactly the three Slack routes under /slack", () => {
    const paths = Object.values(home.findResources("AWS::ApiGateway::Resource")).map((r) => r.Properties.PathPart).sort();
    expect(paths).toEqual(["commands", "events", "interactions", "slack"]);
    expect(Object.keys(home.findResources("AWS::ApiGateway::Method"))).toHaveLength(3);
  });

  it("refuses requests without Slack's signature headers before the function runs", () => {
    const validatorId = logicalId(home, "AWS::ApiGateway::RequestValidator");
    home.hasResourceProperties("AWS::ApiGateway::RequestValidator", { RestApiId: { Ref: ids().api }, ValidateRequestParameters: true });
    for (const method of Object.values(home.findResources("AWS::ApiGateway::Method"))) {
      expect(method.Properties.RequestValidatorId).toEqual({ Ref: validatorId });
      expect(method.Properties.RequestParameters).toEqual({
        "method.request.header.X-Slack-Signature": true,
        "method.request.header.X-Slack-Request-Timestamp": true,
      });
    }
  });

  it("lets only this API's POST methods invoke the command function (no test-invoke permissions)", () => {
    const { api, command } = ids();
    const permissions = Object.values(home.findResources("AWS::Lambda::Permission"))
      .filter((p) => JSON.stringify(p.Properties.FunctionName).includes(command));
    expect(permissions).toHaveLength(3);
    for (const permission of permissions) {
      expect(permission.Properties.Principal).toBe("apigateway.amazonaws.com");
      expect(render(permission.Properties.SourceArn)).toMatch(new RegExp(`^arn:aws:execute-api:us-east-1:\\$\\{AWS::AccountId\\}:Ref\\(${api}\\)/Ref\\(${ids().stage}\\)/POST/slack/(commands|events|interactions)$`));
    }
  });
});

describe("the stage", () => {
  const stageProps = () => home.findResources("AWS::ApiGateway::Stage")[ids().stage].Properties;

  it("throttles every method at 25 requests per second with bursts of 50 by default, with metrics and error-only execution logs", () => {
    expect(stageProps().StageName).toBe("herald");
    expect(stageProps().MethodSettings).toEqual([{
      HttpMethod: "*",
      ResourcePath: "/*",
      ThrottlingRateLimit: 25,
      ThrottlingBurstLimit: 50,
      MetricsEnabled: true,
      LoggingLevel: "ERROR",
      DataTraceEnabled: false,
    }]);
  });

  it("writes one JSON access log line per request, without headers, query strings or bodies", () => {
    const { Format, DestinationArn } = stageProps().AccessLogSetting;
    const accessLogs = logicalId(home, "AWS::Logs::LogGroup", "HeraldCommandsAccessLogs");
    expect(render(DestinationArn)).toBe(`arn:aws:logs:us-east-1:\${AWS::AccountId}:log-group:Ref(${accessLogs})`);

    // Each $context variable stands for a value; the line must be JSON once they are filled in.
    const line = JSON.parse((Format as string).replace(/\$context\.error\.messageString/g, '"message"').replace(/\$context\.[A-Za-z.]+/g, "x"));
    expect(Object.keys(line)).toEqual([
      "requestId", "extendedRequestId", "requestTime", "ip", "userAgent", "domainName", "httpMethod", "resourcePath",
      "protocol", "status", "responseLength", "responseLatency", "integrationStatus", "integrationLatency", "errorResponseType", "error",
    ]);
    expect(Format).not.toMatch(/\$input|\$context\.requestOverride|\$context\.path|querystring|header/i);
  });

  it("keeps access and execution logs encrypted with the CMK for account.logRetentionDays", () => {
    const { api, key, stage } = ids();
    const accessLogs = logicalId(home, "AWS::Logs::LogGroup", "HeraldCommandsAccessLogs");
    const executionLogs = logicalId(home, "AWS::Logs::LogGroup", "HeraldCommandsExecutionLogs");
    const groups = home.findResources("AWS::Logs::LogGroup");
    for (const id of [accessLogs, executionLogs]) {
      expect(groups[id].Properties).toMatchObject({ RetentionInDays: 90, KmsKeyId: { "Fn::GetAtt": [key, "Arn"] } });
    }
    // The group API Gateway would otherwise create itself, unencrypted and never expiring.
    expect(render(groups[executionLogs].Properties.LogGroupName)).toBe(`API-Gateway-Execution-Logs_Ref(${api})/herald`);
    expect(home.toJSON().Resources[stage].DependsOn).toContain(executionLogs);
  });

  it("takes its throttling from account.commandApi", () => {
    const template = synthTemplates({ configPath: configWith({ throttleRatePerSecond: 5.5, throttleBurst: 10 }) }).get("us-east-1")!;

    template.hasResourceProperties("AWS::ApiGateway::Stage", {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 5.5, ThrottlingBurstLimit: 10 })],
    });
  });
});

describe("a custom domain (account.commandApi.domainName + certificateArn)", () => {
  let template: Template;
  beforeAll(() => {
    template = synthTemplates({ configPath: configWith({ domainName: "herald.example.com", certificateArn: CERTIFICATE_ARN }) }).get("us-east-1")!;
  });

  it("is regional with the TLS 1.2 security policy and the configured certificate", () => {
    template.hasResourceProperties("AWS::ApiGateway::DomainName", {
      DomainName: "herald.example.com",
      EndpointConfiguration: { Types: ["REGIONAL"] },
      RegionalCertificateArn: CERTIFICATE_ARN,
      SecurityPolicy: "TLS_1_2",
    });
  });

  it("maps the stage at the root and turns the execute-api endpoint off, so Slack can only come in over it", () => {
    const api = logicalId(template, "AWS::ApiGateway::RestApi");
    template.hasResourceProperties("AWS::ApiGateway::BasePathMapping", {
      RestApiId: { Ref: api },
      Stage: { Ref: logicalId(template, "AWS::ApiGateway::Stage") },
      DomainName: { Ref: logicalId(template, "AWS::ApiGateway::DomainName") },
    });
    expect(template.findResources("AWS::ApiGateway::BasePathMapping")[logicalId(template, "AWS::ApiGateway::BasePathMapping")].Properties.BasePath).toBeUndefined();
    template.hasResourceProperties("AWS::ApiGateway::RestApi", { DisableExecuteApiEndpoint: true });
  });

  it("gives the Slack URLs on the domain and the DNS target as outputs", () => {
    const outputs = template.toJSON().Outputs;
    expect(outputs.SlackCommandsUrl.Value).toBe("https://herald.example.com/slack/commands");
    expect(outputs.SlackEventsUrl.Value).toBe("https://herald.example.com/slack/events");
    expect(outputs.SlackInteractionsUrl.Value).toBe("https://herald.example.com/slack/interactions");
    const domain = logicalId(template, "AWS::ApiGateway::DomainName");
    expect(outputs.CommandApiDomainTarget.Value).toEqual({ "Fn::GetAtt": [domain, "RegionalDomainName"] });
    expect(outputs.CommandApiDomainZoneId.Value).toEqual({ "Fn::GetAtt": [domain, "RegionalHostedZoneId"] });
  });
});

describe("the functions", () => {
  it("command function: 10 s, 512 MB, and exactly its environment", () => {
    const { table, worker } = ids();
    home.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("^Herald command function"),
      Timeout: 10,
      MemorySize: 512,
      Handler: "index.handler",
      Environment: {
        Variables: Match.exact({
          TABLE_NAME: { Ref: table },
          SECRETS_REGION: "us-east-1",
          SLACK_SIGNING_SECRET_NAMES: "T0HERALD1:herald/T0HERALD1/signing-secret",
          COMMAND_WORKER_FUNCTION: { Ref: worker },
          HERALD_ACCOUNT_ID: { Ref: "AWS::AccountId" },
          POWERTOOLS_SERVICE_NAME: "herald-command",
          NODE_OPTIONS: "--enable-source-maps",
        }),
      },
    });
  });

  it("worker: 120 s, 1024 MB, and exactly its environment", () => {
    const variables = home.findResources("AWS::Lambda::Function")[ids().worker].Properties.Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual(["HERALD_ACCOUNT_ID", "HERALD_ADMINS", "HERALD_PROTECTED_ARNS", "HERALD_REGIONS", "HERALD_USER_DATA_RETENTION_DAYS", "NODE_OPTIONS", "POWERTOOLS_SERVICE_NAME", "SECRETS_REGION", "TABLE_NAME"]);
    expect(variables).toMatchObject({
      TABLE_NAME: { Ref: ids().table },
      SECRETS_REGION: "us-east-1",
      HERALD_ACCOUNT_ID: { Ref: "AWS::AccountId" },
      POWERTOOLS_SERVICE_NAME: "herald-command-worker",
    });
    home.hasResourceProperties("AWS::Lambda::Function", { Description: Match.stringLikeRegexp("^Herald command worker"), Timeout: 120, MemorySize: 1024 });
  });

  it("worker: knows every Herald resource in every Region, itself and the command function by the stack-name pattern", () => {
    const { api, key, table } = ids();
    const protectedArns = render(home.findResources("AWS::Lambda::Function")[ids().worker].Properties.Environment.Variables.HERALD_PROTECTED_ARNS).split(",");
    expect(protectedArns).toEqual([
      `${table}.Arn`,
      `${key}.Arn`,
      "arn:aws:sns:us-east-1:${AWS::AccountId}:herald-*",
      // Herald in the other configured Regions, by name (a command may pass --region).
      ...["eu-west-1", "ap-southeast-2"].flatMap((r) => [
        `arn:aws:sns:${r}:\${AWS::AccountId}:herald-*`,
        `arn:aws:dynamodb:${r}:\${AWS::AccountId}:table/herald`,
        `arn:aws:lambda:${r}:\${AWS::AccountId}:function:Herald-${r}-*`,
      ]),
      // Herald's EventBridge rules (eventRules[]), in any Region and on any bus.
      "arn:aws:events:*:${AWS::AccountId}:rule/*/herald-*",
      `${logicalId(home, "AWS::SQS::Queue", "HeraldForwarder")}.Arn`,
      `${logicalId(home, "AWS::Lambda::Function", "HeraldForwarder")}.Arn`,
      `${logicalId(home, "AWS::Lambda::Function", "HeraldChannelConfigs")}.Arn`,
      // The privacy erasure function has a fixed name (not the stack-name pattern), and its own queue.
      `${logicalId(home, "AWS::Lambda::Function", "HeraldPrivacyErasure")}.Arn`,
      `${logicalId(home, "AWS::SQS::Queue", "HeraldPrivacyErasure")}.Arn`,
      // CloudFormation names functions and log groups "<stack name>-<logical id>-<suffix>".
      "arn:aws:lambda:us-east-1:${AWS::AccountId}:function:Herald-us-east-1-*",
      "arn:aws:logs:us-east-1:${AWS::AccountId}:log-group:Herald-us-east-1-*",
      `arn:aws:logs:us-east-1:\${AWS::AccountId}:log-group:Ref(${logicalId(home, "AWS::Logs::LogGroup", "HeraldCommandsExecutionLogs")})`,
      `arn:aws:apigateway:us-east-1::/restapis/Ref(${api})`,
      `arn:aws:execute-api:us-east-1:\${AWS::AccountId}:Ref(${api})/*/*/*`,
      "arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:herald/T0HERALD1/bot-token-??????",
      "arn:aws:secretsmanager:us-east-1:${AWS::AccountId}:secret:herald/T0HERALD1/signing-secret-??????",
    ]);
  });

  it("worker: the patterns match the names CloudFormation and Herald give (checked with the worker's own matcher)", () => {
    const account = "123456789012";
    const patterns = render(home.findResources("AWS::Lambda::Function")[ids().worker].Properties.Environment.Variables.HERALD_PROTECTED_ARNS)
      .split(",")
      .filter((arn) => !/Ref\(|\.Arn/.test(arn))
      .map((arn) => arn.replace("${AWS::AccountId}", account));
    const blockedBy = (action: string, arn: string) => findBlock(action, arn, patterns)?.rule;

    expect(blockedBy("lambda:InvokeFunction", `arn:aws:lambda:us-east-1:${account}:function:Herald-us-east-1-HeraldCommandsWorkerFunction4153-AbCdEf012345`)).toBe("herald-resource");
    expect(blockedBy("logs:DeleteLogGroup", `arn:aws:logs:us-east-1:${account}:log-group:Herald-us-east-1-HeraldCommandsAccessLogsEECF797E-AbCdEf012345`)).toBe("herald-resource");
    expect(blockedBy("sns:Publish", `arn:aws:sns:us-east-1:${account}:herald-alarms`)).toBe("herald-resource");
    expect(blockedBy("sns:Publish", `arn:aws:sns:us-east-1:${account}:team-alarms`)).toBeUndefined();
    expect(blockedBy("lambda:InvokeFunction", `arn:aws:lambda:us-east-1:${account}:function:orders-api`)).toBeUndefined();
  });

  it("worker: never retried, and a job older than 15 minutes is dropped (a command must not run twice)", () => {
    home.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: ids().worker },
      Qualifier: "$LATEST",
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 900,
    });
  });
});

describe("outputs", () => {
  it("give the Slack app's three Request URLs on the stage, the API id and the worker role to trust", () => {
    const { api, stage } = ids();
    const outputs = home.toJSON().Outputs;
    for (const [name, route] of [["SlackCommandsUrl", "/slack/commands"], ["SlackEventsUrl", "/slack/events"], ["SlackInteractionsUrl", "/slack/interactions"]]) {
      expect(render(outputs[name].Value)).toBe(`https://Ref(${api}).execute-api.us-east-1.\${AWS::URLSuffix}/Ref(${stage})${route}`);
    }
    expect(outputs.CommandApiId.Value).toEqual({ Ref: api });
    expect(outputs.CommandWorkerRoleArn.Value).toEqual({ "Fn::GetAtt": [logicalId(home, "AWS::IAM::Role", "HeraldCommandsWorker"), "Arn"] });
  });
});

describe("cdk-nag acknowledgements on the API", () => {
  it("are exactly APIG2 (body validation), APIG3 and NIST's WAF rule, APIG4 and COG4 (Slack signs requests; no authorizer can check that), NIST's cache and backend-certificate rules, each with a reason", () => {
    const { stacks } = buildApp();
    const api = stacks[0].herald.commandApi!.api;

    const acknowledged = api.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));

    expect(acknowledged.map(([id]) => id.replace(/^annotation::/i, "")).sort()).toEqual([
      "AwsSolutions-APIG2", "AwsSolutions-APIG3", "AwsSolutions-APIG4", "AwsSolutions-COG4",
      "NIST.800.53.R5-APIGWAssociatedWithWAF", "NIST.800.53.R5-APIGWCacheEnabledAndEncrypted", "NIST.800.53.R5-APIGWSSLEnabled",
    ]);
    for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(80);
  });
});

describe("account.commandApi is validated", () => {
  it.each([
    ["a domain without a certificate", { domainName: "herald.example.com" }, "account.commandApi.certificateArn: is required with domainName"],
    ["a certificate without a domain", { certificateArn: CERTIFICATE_ARN }, "account.commandApi.domainName: is required with certificateArn"],
    ["a wildcard domain", { domainName: "*.example.com", certificateArn: CERTIFICATE_ARN }, "account.commandApi.domainName: must be a lower-case DNS name"],
    ["a certificate in another Region", { domainName: "herald.example.com", certificateArn: CERTIFICATE_ARN.replace("us-east-1", "eu-west-1") }, "account.commandApi.certificateArn: must be a certificate in the home Region us-east-1"],
    ["not a certificate ARN", { domainName: "herald.example.com", certificateArn: "arn:aws:iam::123456789012:role/x" }, "account.commandApi.certificateArn: must be an ACM certificate ARN"],
    ["a zero rate", { throttleRatePerSecond: 0 }, "account.commandApi.throttleRatePerSecond: must be greater than 0"],
    ["a fractional burst", { throttleBurst: 2.5 }, "account.commandApi.throttleBurst: must be a whole number"],
    ["an unknown key", { throttle: 10 }, "account.commandApi: Unrecognized key"],
  ])("rejects %s", (_case, commandApi, message) => {
    const configPath = configWith(commandApi);

    expect(() => buildApp({ configPath })).toThrow(HeraldConfigError);
    expect(() => buildApp({ configPath })).toThrow(message);
  });
});
