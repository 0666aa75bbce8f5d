import { readFileSync } from "node:fs";
import { App, Stack, Validations } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { parseHeraldConfig } from "../../lambdas/shared/config/load";
import { heraldResourceNames } from "../../lambdas/shared/config/naming";
import { HeraldConfigError } from "../../lambdas/shared/errors";
import { DEFAULT_PUBLISHER_SERVICES, Herald } from "../../lib/herald";
import { writeVariantConfig } from "../security/variant-config";
import { buildApp, EXAMPLE_CONFIG, synthTemplates } from "./synth";
import { logicalId } from "./template-helpers";

/** The example config (config/herald.example.json): three Regions, topics "alarms" and "deployments". */
let templates: Map<string, Template>;
let home: Template;

beforeAll(() => {
  templates = synthTemplates();
  home = templates.get("us-east-1")!;
});

const keyArn = () => ({ "Fn::GetAtt": [logicalId(home, "AWS::KMS::Key"), "Arn"] });

describe("customer-managed key", () => {
  it("rotates and has an alias", () => {
    home.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
    home.hasResourceProperties("AWS::KMS::Alias", { AliasName: "alias/herald" });
  });

  it("lets every default publisher service use it to publish to the encrypted topics, from this account only", () => {
    home.hasResourceProperties("AWS::KMS::Key", {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: "PublisherServicesUseKeyForTopics",
          Effect: "Allow",
          Principal: { Service: [...DEFAULT_PUBLISHER_SERVICES].sort() }, // the CDK sorts principals
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
        }]),
      },
    });
  });

  it("lets CloudWatch Logs encrypt this account's log groups", () => {
    home.hasResourceProperties("AWS::KMS::Key", {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: { "Fn::Join": ["", ["logs.us-east-1.", { Ref: "AWS::URLSuffix" }]] } },
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": { "Fn::Join": ["", ["arn:aws:logs:us-east-1:", { Ref: "AWS::AccountId" }, ":log-group:*"]] } } },
        })]),
      },
    });
  });
});

describe("SNS topics", () => {
  it.each(["alarms", "deployments"])("herald-%s is encrypted with the CMK", (name) => {
    home.hasResourceProperties("AWS::SNS::Topic", { TopicName: `herald-${name}`, KmsMasterKeyId: keyArn() });
  });

  it("each topic policy denies publishing without TLS and allows each publisher service from this account, by aws:SourceArn where the service sets it", () => {
    const policies = home.findResources("AWS::SNS::TopicPolicy");
    expect(Object.keys(policies)).toHaveLength(2);
    const sourceAccount = { "aws:SourceAccount": { Ref: "AWS::AccountId" } };
    for (const id of Object.keys(policies)) {
      const topic = { Ref: policies[id].Properties.Topics[0].Ref };
      const statements = policies[id].Properties.PolicyDocument.Statement as Record<string, unknown>[];
      expect(statements).toEqual(expect.arrayContaining([
        expect.objectContaining({ Effect: "Deny", Principal: "*", Action: "sns:Publish", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        { Sid: "PublisherService0", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: topic,
          Condition: { StringEquals: sourceAccount, ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:*:alarm:*" } } },
        { Sid: "PublisherService1", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: topic,
          Condition: { StringEquals: sourceAccount, ArnLike: { "aws:SourceArn": "arn:aws:events:us-east-1:*:rule/*" } } },
        { Sid: "PublisherService6", Effect: "Allow", Principal: { Service: "events.rds.amazonaws.com" }, Action: "sns:Publish", Resource: topic,
          Condition: { StringEquals: sourceAccount, ArnLike: { "aws:SourceArn": "arn:aws:rds:us-east-1:*:*" } } },
      ]));
      const services = statements.filter((statement) => statement.Effect === "Allow").map((statement) => (statement.Principal as { Service: string }).Service);
      expect(services).toEqual([...DEFAULT_PUBLISHER_SERVICES]);
      // Services without a documented aws:SourceArn are limited by aws:SourceAccount alone.
      expect(statements.find((statement) => (statement.Principal as { Service?: string }).Service === "budgets.amazonaws.com")?.Condition)
        .toEqual({ StringEquals: sourceAccount, ArnLike: { "aws:SourceArn": "arn:aws:budgets::*:*" } });
      expect(statements.find((statement) => (statement.Principal as { Service?: string }).Service === "backup.amazonaws.com")?.Condition).toEqual({ StringEquals: sourceAccount });
    }
  });

  it("the config's publisherServices, publisherAccounts and publisherOrganizations shape the topic and key policies (and synth stays cdk-nag clean)", () => {
    const configPath = writeVariantConfig({
      publisherServices: ["cloudwatch.amazonaws.com", "guardduty.amazonaws.com"],
      publisherAccounts: ["444455556666"],
      publisherOrganizations: ["o-a1b2c3d4e5"],
    });
    const template = synthTemplates({ configPath }).get("eu-west-1")!;
    const accounts = [{ Ref: "AWS::AccountId" }, "444455556666"];
    const [policy] = Object.values(template.findResources("AWS::SNS::TopicPolicy"));
    const statements = policy.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    expect(statements.map((statement) => statement.Sid).filter(Boolean)).toEqual([
      "AllowPublishThroughSSLOnly", "PublisherService0", "PublisherService0FromOrganization", "PublisherService1", "PublisherService1FromOrganization", "PublisherAccounts", "PublisherOrganizations",
    ]);
    expect(statements.find((statement) => statement.Sid === "PublisherService0")?.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": accounts },
      ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:*:alarm:*" },
    });
    expect(statements.find((statement) => statement.Sid === "PublisherService1FromOrganization")).toMatchObject({
      Principal: { Service: "guardduty.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceOrgID": ["o-a1b2c3d4e5"] } },
    });
    expect(statements.find((statement) => statement.Sid === "PublisherAccounts")).toMatchObject({
      Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "sns:Publish",
    });
    expect(statements.find((statement) => statement.Sid === "PublisherOrganizations")).toMatchObject({
      Principal: { AWS: "*" }, Action: "sns:Publish", Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] } },
    });
    template.hasResourceProperties("AWS::KMS::Key", {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: "PublisherServicesUseKeyForTopics", Principal: { Service: ["cloudwatch.amazonaws.com", "guardduty.amazonaws.com"] }, Condition: { StringEquals: { "aws:SourceAccount": accounts } } }),
          Match.objectLike({ Sid: "PublisherServicesOfOrganizationsUseKeyForTopics", Condition: { StringEquals: { "aws:SourceOrgID": ["o-a1b2c3d4e5"] } } }),
          Match.objectLike({ Sid: "PublisherAccountsUseKeyThroughSns", Condition: { StringEquals: { "kms:ViaService": { "Fn::Join": ["", ["sns.eu-west-1.", { Ref: "AWS::URLSuffix" }]] } } } }),
          Match.objectLike({ Sid: "PublisherOrganizationsUseKeyThroughSns", Principal: { AWS: "*" }, Condition: { StringEquals: { "kms:ViaService": Match.anyValue(), "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] } } }),
        ]),
      },
    });
  });
});

describe("table", () => {
  it("has the pk/sk key design, on-demand billing, TTL on expiresAt and a stream of old and new images", () => {
    home.hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: "herald",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
  });

  it("is encrypted with the CMK, recoverable to a point in time, and protected and retained on delete", () => {
    home.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        SSESpecification: { SSEEnabled: true, SSEType: "KMS", KMSMasterKeyId: keyArn() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it("keeps erased items restorable for 7 days by default (not DynamoDB's 35), in every Region", () => {
    for (const [region, template] of templates) {
      const [table] = Object.values(template.findResources("AWS::DynamoDB::Table"));
      expect({ region, pitr: table.Properties.PointInTimeRecoverySpecification }).toEqual({ region, pitr: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 } });
    }
  });

  it("takes its recovery window from account.recoveryWindowDays, in every Region, and says so to cdk-nag", () => {
    const configPath = writeVariantConfig({ recoveryWindowDays: 14 });
    const configured = synthTemplates({ configPath });
    expect([...configured.keys()].sort()).toEqual(["ap-southeast-2", "eu-west-1", "us-east-1"]);
    for (const [region, template] of configured) {
      const [table] = Object.values(template.findResources("AWS::DynamoDB::Table"));
      expect({ region, pitr: table.Properties.PointInTimeRecoverySpecification }).toEqual({ region, pitr: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 14 } });
    }
    // The NIST backup-plan acknowledgement states the configured window, not a fixed one.
    const { stacks } = buildApp({ configPath });
    const reasons = stacks[0].herald.table.table.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .filter(([rule]) => rule.endsWith("NIST.800.53.R5-DynamoDBInBackupPlan"))
      .map(([, reason]) => reason);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain("account.recoveryWindowDays: 14 days");
    expect(reasons[0]).not.toContain("35 days");
  });

  it.each([
    [36, "account.recoveryWindowDays: must be at most 35"],
    [0, "account.recoveryWindowDays: must be at least 1"],
  ])("refuses a recovery window of %i days, naming the field", (recoveryWindowDays, message) => {
    const configPath = writeVariantConfig({ recoveryWindowDays });
    expect(() => buildApp({ configPath })).toThrow(HeraldConfigError);
    expect(() => buildApp({ configPath })).toThrow(message);
  });
});

describe("forwarder", () => {
  const forwarderProps = { Description: Match.stringLikeRegexp("^Herald forwarder") };

  it("runs on the newest Node.js runtime aws-cdk-lib offers, on arm64, with 256 MB and 120 s (one drainer covers a storm)", () => {
    const newestNode = lambda.Runtime.ALL
      .filter((runtime) => runtime.family === lambda.RuntimeFamily.NODEJS)
      .map((runtime) => runtime.name)
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
      .pop();
    home.hasResourceProperties("AWS::Lambda::Function", {
      ...forwarderProps, Runtime: newestNode, Architectures: ["arm64"], MemorySize: 256, Timeout: 120, Handler: "index.handler",
    });
  });

  it("gets exactly the environment it needs", () => {
    home.hasResourceProperties("AWS::Lambda::Function", {
      ...forwarderProps,
      Environment: {
        Variables: Match.exact({
          TABLE_NAME: { Ref: logicalId(home, "AWS::DynamoDB::Table") },
          HERALD_ACCOUNT_ID: { Ref: "AWS::AccountId" },
          HERALD_USER_DATA_RETENTION_DAYS: "90",
          SECRETS_REGION: "us-east-1",
          POWERTOOLS_SERVICE_NAME: "herald-forwarder",
          POWERTOOLS_METRICS_NAMESPACE: "Herald",
          NODE_OPTIONS: "--enable-source-maps",
        }),
      },
    });
  });

  it("reads the Slack secrets from the home Region in every Region", () => {
    templates.get("eu-west-1")!.hasResourceProperties("AWS::Lambda::Function", {
      ...forwarderProps,
      Environment: { Variables: Match.objectLike({ SECRETS_REGION: "us-east-1" }) },
    });
  });

  it("logs to its own encrypted log group kept for account.logRetentionDays", () => {
    const logGroupId = logicalId(home, "AWS::Logs::LogGroup", "HeraldForwarder");
    expect(home.findResources("AWS::Logs::LogGroup")[logGroupId].Properties).toMatchObject({ RetentionInDays: 90, KmsKeyId: keyArn() });
    home.hasResourceProperties("AWS::Lambda::Function", { ...forwarderProps, LoggingConfig: { LogGroup: { Ref: logGroupId } } });
  });

  it("is subscribed to every topic", () => {
    const functionId = logicalId(home, "AWS::Lambda::Function", "HeraldForwarder");
    for (const topicId of Object.keys(home.findResources("AWS::SNS::Topic"))) {
      home.hasResourceProperties("AWS::SNS::Subscription", {
        Protocol: "lambda",
        TopicArn: { Ref: topicId },
        Endpoint: { "Fn::GetAtt": [functionId, "Arn"] },
      });
    }
  });

  it("is invoked every minute by a schedule that sweeps the channels' backlogs, in every Region", () => {
    for (const template of [home, templates.get("eu-west-1")!]) {
      const functionId = logicalId(template, "AWS::Lambda::Function", "HeraldForwarder");
      template.hasResourceProperties("AWS::Events::Rule", {
        ScheduleExpression: "rate(1 minute)",
        State: "ENABLED",
        // No Input: the function receives the schedule's own event (source aws.events, detail-type Scheduled Event).
        Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [functionId, "Arn"] }, Input: Match.absent(), RetryPolicy: { MaximumRetryAttempts: 0 } })],
      });
      template.hasResourceProperties("AWS::Lambda::Permission", { FunctionName: { "Fn::GetAtt": [functionId, "Arn"] }, Principal: "events.amazonaws.com" });
    }
  });

  it("alarms when a channel's backlog is older than 15 minutes", () => {
    home.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "Herald",
      MetricName: "OldestBacklogAgeSeconds",
      Dimensions: [{ Name: "service", Value: "herald-forwarder" }],
      Statistic: "Maximum",
      Threshold: 900,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
    });
  });

  it("retries twice, then sends the event to the failed-events queue", () => {
    home.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: logicalId(home, "AWS::Lambda::Function", "HeraldForwarder") },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [logicalId(home, "AWS::SQS::Queue", "HeraldForwarder"), "Arn"] } } },
    });
  });

  it("keeps failed events 14 days in a queue encrypted with the CMK that only accepts TLS", () => {
    const queueId = logicalId(home, "AWS::SQS::Queue", "HeraldForwarder");
    home.hasResourceProperties("AWS::SQS::Queue", { KmsMasterKeyId: keyArn(), MessageRetentionPeriod: 14 * 86_400 });
    home.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [{ Ref: queueId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
  });
});

describe("channel-config sync", () => {
  it("is a custom resource served by the function itself (no provider framework)", () => {
    const functionId = logicalId(home, "AWS::Lambda::Function", "HeraldChannelConfigs");
    home.hasResourceProperties("Custom::HeraldChannelConfigs", {
      ServiceToken: { "Fn::GetAtt": [functionId, "Arn"] },
      ConfigHash: Match.stringLikeRegexp("^[0-9a-f]{64}$"),
    });
    // Herald's own functions are the only ones (forwarder and sync everywhere, the privacy erasure,
    // the command function and worker in the home Region): nothing on an older runtime.
    expect(Object.keys(home.findResources("AWS::Lambda::Function"))).toHaveLength(5);
    expect(Object.keys(templates.get("eu-west-1")!.findResources("AWS::Lambda::Function"))).toHaveLength(2);
  });

  it("passes this Region's channel configs with the topics' ARNs as one JSON document", () => {
    const [resource] = Object.values(home.findResources("Custom::HeraldChannelConfigs"));
    const [, parts] = resource.Properties.Records["Fn::Join"] as [string, unknown[]];
    const alarmsId = logicalId(home, "AWS::SNS::Topic", "HeraldTopicsalarms");
    const json = parts.map((part) => (typeof part === "string" ? part : (part as { Ref: string }).Ref === alarmsId ? "ALARMS_ARN" : "DEPLOYMENTS_ARN")).join("");
    const records = JSON.parse(json);
    expect(records.map((r: { name: string; topicArns: string[] }) => [r.name, r.topicArns])).toEqual([
      ["ops-alarms", ["ALARMS_ARN"]],
      ["ops-deployments", ["DEPLOYMENTS_ARN"]],
      ["dev-everything", ["ALARMS_ARN", "DEPLOYMENTS_ARN"]],
    ]);
    expect(records[0]).toMatchObject({ userRoleRequired: false, botTokenSecretName: "herald/T0HERALD1/bot-token", tags: { team: "platform" } });
  });
});

describe("names, tags and outputs", () => {
  it("tags every taggable resource herald:managed=true and never with the channels' own tags", () => {
    const resources = Object.values(home.toJSON().Resources) as Array<{ Type: string; Properties?: { Tags?: Array<{ Key: string; Value: string }> } }>;
    const tagged = resources.filter((resource) => resource.Properties?.Tags);
    expect(tagged.length).toBeGreaterThanOrEqual(10);
    for (const resource of tagged) {
      expect(resource.Properties!.Tags).toEqual([{ Key: "herald:managed", Value: "true" }]);
    }
  });

  it("outputs the topic ARNs, table name, key ARN and failed-events queue URL (and, in the home Region, the command API's)", () => {
    const outputs = home.toJSON().Outputs;
    const regional = ["FailedEventsQueueUrl", "KeyArn", "TableName", "TopicArnAlarms", "TopicArnDeployments"];
    expect(Object.keys(templates.get("eu-west-1")!.toJSON().Outputs).sort()).toEqual(regional);
    expect(Object.keys(outputs).sort()).toEqual(
      [...regional, "CommandApiId", "CommandWorkerRoleArn", "SlackCommandsUrl", "SlackEventsUrl", "SlackInteractionsUrl"].sort(),
    );
    expect(outputs.TopicArnAlarms.Value).toEqual({ Ref: logicalId(home, "AWS::SNS::Topic", "HeraldTopicsalarms") });
    expect(outputs.FailedEventsQueueUrl.Value).toEqual({ Ref: logicalId(home, "AWS::SQS::Queue", "HeraldForwarder") });
  });
});

describe("the Herald construct, reused by another app", () => {
  it("names its resources and the other Regions' stacks as the app says, hard-coding neither", () => {
    const config = parseHeraldConfig(JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8")));
    const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
    const stack = new Stack(app, "Chatbot-us-east-1", { env: { region: "us-east-1" } });
    new Herald(stack, "Herald", { config, region: "us-east-1", names: heraldResourceNames("chatbot"), stackNameOf: (region) => `Chatbot-${region}` });
    const template = Template.fromStack(stack);

    template.hasResourceProperties("AWS::DynamoDB::Table", { TableName: "chatbot" });
    template.hasResourceProperties("AWS::KMS::Alias", { AliasName: "alias/chatbot" });
    const functions = template.findResources("AWS::Lambda::Function");
    const erasure = functions[logicalId(template, "AWS::Lambda::Function", "HeraldPrivacyErasure")].Properties;
    expect(erasure.FunctionName).toBe("chatbot-privacy-erasure");
    expect(erasure.Environment.Variables.TABLE_NAME).toBe("chatbot");
    const protectedArns = JSON.stringify(functions[logicalId(template, "AWS::Lambda::Function", "HeraldCommandsWorker")].Properties.Environment.Variables.HERALD_PROTECTED_ARNS);
    for (const region of ["eu-west-1", "ap-southeast-2"]) {
      expect(protectedArns).toContain(`function:Chatbot-${region}-*`);
      expect(protectedArns).toContain(`:dynamodb:${region}:`);
    }
    expect(protectedArns).not.toContain("Herald-");
    // The Slack secrets' key is found by the alias the app chose.
    const aliases = Object.values(template.findResources("AWS::IAM::Policy"))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .map((statement) => statement.Condition?.["ForAnyValue:StringEquals"]?.["kms:ResourceAliases"])
      .filter((alias) => alias !== undefined);
    expect(aliases.length).toBeGreaterThan(0);
    expect(new Set(aliases)).toEqual(new Set(["alias/chatbot"]));
  });
});
