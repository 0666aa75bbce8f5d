import { ArnFormat, Duration, Stack } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { commandVariables } from "../../lambdas/command/environment";
import { COMMAND_TABLE_ACTIONS } from "../../lambdas/command/table-access";
import { commandWorkerVariables } from "../../lambdas/command-worker/environment";
import { COMMAND_WORKER_REMOTE_TABLE_ACTIONS, COMMAND_WORKER_TABLE_ACTIONS } from "../../lambdas/command-worker/table-access";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { partitionFromRegion } from "../../lambdas/shared/notifications/console-links";
import { COMMAND_API_BINARY_MEDIA_TYPES, COMMAND_API_STAGE, SLACK_ROUTES, type SlackEndpoint } from "../command-api-contract";
import { askGrants } from "../ask-permissions";
import { acknowledge, COMMAND_API_ACKNOWLEDGEMENTS, inferenceProfileModelAcknowledgement, NO_DEAD_LETTER_QUEUE, remoteTableKeyAcknowledgement } from "../nag-acknowledgements";
import { grantSlackSecretsRead, type SlackSecretsLocation, slackSecretArns } from "../secret-arns";
import { HeraldFunction } from "./herald-function";
import { type HeraldTable, TABLE_KEY_ACTIONS } from "./table";

/** Stage-wide throttling unless `account.commandApi` says otherwise. Slack caps events at 30,000 an hour per workspace. */
export const DEFAULT_COMMAND_API_THROTTLE = { ratePerSecond: 25, burst: 50 } as const;

/** Headers Slack signs every request with; API Gateway refuses requests without them (400) before Lambda runs. */
export const REQUIRED_SLACK_HEADERS = ["X-Slack-Signature", "X-Slack-Request-Timestamp"] as const;

/** What the worker's channel-role sessions need: tags and source identity name the Slack user in CloudTrail. */
export const CHANNEL_ROLE_ACTIONS = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"];

/** The worker reads guardrail policy documents to explain a denial in Slack. */
export const GUARDRAIL_READ_ACTIONS = ["iam:GetPolicy", "iam:GetPolicyVersion"];

export interface CommandApiProps {
  /**
   * The validated config. The command API needs nearly all of it: the workspaces (secrets, user
   * roles), the channels (roles, guardrails), the admins, `account.commandApi`, and what its two
   * functions' environment contracts take (`commandVariables`, `commandWorkerVariables`).
   */
  readonly config: HeraldConfig;
  readonly key: kms.IKey;
  readonly table: HeraldTable;
  readonly logRetention: logs.RetentionDays;
  /**
   * ARNs of Herald's other resources in this Region (table, key, topics, queues…), exact or as
   * patterns (`*` any characters, `?` one); commands that target one, or one of its sub-resources,
   * are refused. The API, the functions, the log groups and the Slack secrets are added here.
   */
  readonly protectedArns: readonly string[];
  /** Where the Slack secrets live (the home Region, this one). */
  readonly slackSecrets: SlackSecretsLocation;
  /**
   * The other Regions' tables (fixed name) and their keys' alias: the worker keeps an alarm's
   * on-call state (acknowledge, snooze) in the table of the Region that forwarded it.
   */
  readonly remoteTables?: { readonly regions: readonly string[]; readonly tableName: string; readonly keyAlias: string };
}

/**
 * Slack's way in (home Region only): a regional REST API with POST /slack/{commands,events,
 * interactions} → the command function, which verifies each request and answers within Slack's
 * 3 seconds, handing anything that calls AWS to the command worker (asynchronous invocation). The
 * worker runs the call with the channel's role and answers through Slack's response_url.
 */
export class CommandApi extends Construct {
  readonly commandFunction: HeraldFunction;
  readonly worker: HeraldFunction;
  readonly api: apigateway.RestApi;
  readonly accessLogs: logs.LogGroup;
  readonly executionLogs: logs.LogGroup;
  /** Set when `account.commandApi.domainName` is configured. */
  readonly domain?: apigateway.DomainName;
  /** The Request URLs to enter in the Slack app (`npm run slack-manifest` does it). */
  readonly urls: Readonly<Record<SlackEndpoint, string>>;

  constructor(scope: Construct, id: string, props: CommandApiProps) {
    super(scope, id);
    const { config, key, table, logRetention, slackSecrets } = props;
    const stack = Stack.of(this);
    const settings = config.account.commandApi ?? {};

    this.accessLogs = new logs.LogGroup(this, "AccessLogs", { retention: logRetention, encryptionKey: key });
    this.api = new apigateway.RestApi(this, "Api", {
      restApiName: `${stack.stackName}-slack`,
      description: "Herald: Slack slash commands, events and interactivity",
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      binaryMediaTypes: [...COMMAND_API_BINARY_MEDIA_TYPES],
      // Slack must reach Herald through the custom domain when there is one (its TLS policy applies).
      disableExecuteApiEndpoint: settings.domainName !== undefined,
      // The account-level API Gateway logging role is the operator's (README, "Deploying to AWS").
      cloudWatchRole: false,
      deployOptions: {
        stageName: COMMAND_API_STAGE,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
        throttlingRateLimit: settings.throttleRatePerSecond ?? DEFAULT_COMMAND_API_THROTTLE.ratePerSecond,
        throttlingBurstLimit: settings.throttleBurst ?? DEFAULT_COMMAND_API_THROTTLE.burst,
        metricsEnabled: true,
        // Errors only, never request or response data: bodies carry users' commands.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
      },
    });
    // RestApi always outputs its stage URL; the stack outputs the Slack Request URLs instead
    // (which, with a custom domain, are the only ones that work).
    this.api.node.tryRemoveChild("Endpoint");
    // API Gateway writes execution logs to this fixed name and would create the group itself,
    // unencrypted and kept forever: create it first, with the CMK and the configured retention.
    this.executionLogs = new logs.LogGroup(this, "ExecutionLogs", {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${COMMAND_API_STAGE}`,
      retention: logRetention,
      encryptionKey: key,
    });
    this.api.deploymentStage.node.addDependency(this.executionLogs);

    if (settings.domainName && settings.certificateArn) {
      this.domain = new apigateway.DomainName(this, "Domain", {
        domainName: settings.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, "Certificate", settings.certificateArn),
        endpointType: apigateway.EndpointType.REGIONAL,
        securityPolicy: apigateway.SecurityPolicy.TLS_1_2,
      });
      this.domain.addBasePathMapping(this.api, { stage: this.api.deploymentStage });
    }

    this.worker = new HeraldFunction(this, "Worker", {
      entry: "lambdas/command-worker/index.ts",
      description: "Herald command worker: runs Slack commands with the channel's role and answers via response_url",
      key,
      logRetention,
      timeout: Duration.seconds(120),
      memorySize: 1024,
      environment: commandWorkerVariables({
        config,
        tableName: table.table.tableName,
        accountId: stack.account,
        protectedArns: [...props.protectedArns, ...this.ownArns(config, slackSecrets)],
      }),
    });
    // A command must not run twice: no retries. A job older than 15 minutes is dropped (the user
    // has moved on; Slack's response_url lasts 30 minutes).
    this.worker.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(15) });

    this.commandFunction = new HeraldFunction(this, "Command", {
      entry: "lambdas/command/index.ts",
      description: "Herald command function: verifies Slack requests and answers within 3 seconds",
      key,
      logRetention,
      timeout: Duration.seconds(10),
      memorySize: 512,
      environment: commandVariables({ config, tableName: table.table.tableName, accountId: stack.account, workerFunctionName: this.worker.function.functionName }),
    });

    this.commandFunction.acknowledgeNoDeadLetterQueue(NO_DEAD_LETTER_QUEUE.command);
    this.worker.acknowledgeNoDeadLetterQueue(NO_DEAD_LETTER_QUEUE.worker);
    this.grantCommandFunction(config, table, slackSecrets);
    this.grantWorker(config, table, slackSecrets);
    if (props.remoteTables !== undefined) this.grantWorkerRemoteTables(props.remoteTables);
    this.addRoutes();
    acknowledge(this.api, ...COMMAND_API_ACKNOWLEDGEMENTS);

    const base = this.domain ? `https://${settings.domainName}` : undefined;
    const url = (endpoint: SlackEndpoint) => (base ? `${base}${SLACK_ROUTES[endpoint]}` : this.api.urlForPath(SLACK_ROUTES[endpoint]));
    this.urls = { commands: url("commands"), events: url("events"), interactions: url("interactions") };
  }

  /**
   * The command API's own resources for HERALD_PROTECTED_ARNS. The command function and the worker
   * cannot be named exactly: the command function's environment names the worker, so the worker
   * naming either function's ARN would be a circular dependency. CloudFormation names functions and
   * log groups `<stack name>-<logical id>-<suffix>`, so a pattern on the stack's name covers both
   * (and the log groups, and any Herald function added later).
   */
  private ownArns(config: HeraldConfig, slackSecrets: SlackSecretsLocation): string[] {
    const stack = Stack.of(this);
    return [
      stack.formatArn({ service: "lambda", resource: "function", resourceName: `${stack.stackName}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      stack.formatArn({ service: "logs", resource: "log-group", resourceName: `${stack.stackName}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      stack.formatArn({ service: "logs", resource: "log-group", resourceName: this.executionLogs.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      stack.formatArn({ service: "apigateway", account: "", resource: "/restapis", resourceName: this.api.restApiId }),
      this.api.arnForExecuteApi("*", "/*", "*"),
      ...slackSecretArns(this, slackSecrets, config.workspaces.flatMap((workspace) => [workspace.botTokenSecretName, workspace.signingSecretName])),
    ];
  }

  private grantCommandFunction(config: HeraldConfig, table: HeraldTable, slackSecrets: SlackSecretsLocation): void {
    const fn = this.commandFunction.function;
    grantSlackSecretsRead(this.commandFunction, slackSecrets, config.workspaces.map((workspace) => workspace.signingSecretName));
    // The unqualified function only (grantInvoke would add every version and alias, "…:*").
    iam.Grant.addToPrincipal({ grantee: fn, actions: ["lambda:InvokeFunction"], resourceArns: [this.worker.function.functionArn] });
    table.grant(fn, COMMAND_TABLE_ACTIONS);
  }

  private grantWorker(config: HeraldConfig, table: HeraldTable, slackSecrets: SlackSecretsLocation): void {
    const fn = this.worker.function;
    iam.Grant.addToPrincipal({ grantee: fn, actions: CHANNEL_ROLE_ACTIONS, resourceArns: unique([
      ...config.channels.map((channel) => channel.iamRoleArn),
      // Members' own roles, for configurations that require user roles.
      ...config.workspaces.flatMap((workspace) => Object.values(workspace.userRoles)),
    ]) });
    iam.Grant.addToPrincipal({ grantee: fn, actions: GUARDRAIL_READ_ACTIONS, resourceArns: unique(config.channels.flatMap((channel) => channel.guardrailPolicyArns)) });
    grantSlackSecretsRead(this.worker, slackSecrets, config.workspaces.map((workspace) => workspace.botTokenSecretName));
    table.grant(fn, COMMAND_WORKER_TABLE_ACTIONS);
    // Asking (issue 18): the configured Bedrock model (and guardrail), nothing else; no grant when `ask` is absent.
    const stack = Stack.of(this);
    for (const grant of config.ask ? askGrants(config.ask, { partition: partitionFromRegion(config.account.homeRegion), account: stack.account, homeRegion: config.account.homeRegion }) : []) {
      iam.Grant.addToPrincipal({ grantee: fn, actions: [...grant.actions], resourceArns: [...grant.resources] });
      for (const arn of grant.resources.filter((resource) => resource.includes(":bedrock:*:"))) acknowledge(this.worker, inferenceProfileModelAcknowledgement(arn));
    }
  }

  /** On-call state in the other Regions' tables, as the erasure function reaches them (privacy-erasure.ts says why `key/*` with conditions). */
  private grantWorkerRemoteTables(remote: NonNullable<CommandApiProps["remoteTables"]>): void {
    if (remote.regions.length === 0) return;
    const fn = this.worker.function;
    const stack = Stack.of(this);
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: [...COMMAND_WORKER_REMOTE_TABLE_ACTIONS],
      resourceArns: remote.regions.map((region) => stack.formatArn({ service: "dynamodb", region, resource: "table", resourceName: remote.tableName })),
    });
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: TABLE_KEY_ACTIONS,
      resources: remote.regions.map((region) => stack.formatArn({ service: "kms", region, resource: "key", resourceName: "*" })),
      conditions: {
        "StringEquals": { "kms:ViaService": remote.regions.map((region) => `dynamodb.${region}.${stack.urlSuffix}`) },
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": remote.keyAlias },
      },
    }));
    acknowledge(this.worker.role, ...remote.regions.map((region) => remoteTableKeyAcknowledgement(fn, region, remote.keyAlias)));
  }

  /** POST only, Lambda proxy integration, Slack's signature headers required. */
  private addRoutes(): void {
    // The function refuses bodies over 64 KiB (MAX_BODY_BYTES) itself: API Gateway's own limit is 10 MB.
    const integration = new apigateway.LambdaIntegration(this.commandFunction.function, { proxy: true, allowTestInvoke: false });
    const requestValidator = this.api.addRequestValidator("SlackHeaders", {
      requestValidatorName: "slack-signature-headers",
      validateRequestParameters: true,
      validateRequestBody: false,
    });
    const requestParameters = Object.fromEntries(REQUIRED_SLACK_HEADERS.map((header) => [`method.request.header.${header}`, true]));
    const slack = this.api.root.addResource("slack");
    for (const route of Object.values(SLACK_ROUTES)) {
      const name = route.slice("/slack/".length);
      slack.addResource(name).addMethod("POST", integration, {
        authorizationType: apigateway.AuthorizationType.NONE,
        requestValidator,
        requestParameters,
      });
    }
  }
}

/**
 * The API access log: one JSON line per request with who called what and how it ended; no
 * headers, query strings or bodies. `$context.error.messageString` is already a quoted JSON string.
 */
const ACCESS_LOG_FORMAT = apigateway.AccessLogFormat.custom(`{${[
  ["requestId", apigateway.AccessLogField.contextRequestId()],
  ["extendedRequestId", apigateway.AccessLogField.contextExtendedRequestId()],
  ["requestTime", apigateway.AccessLogField.contextRequestTime()],
  ["ip", apigateway.AccessLogField.contextIdentitySourceIp()],
  ["userAgent", apigateway.AccessLogField.contextIdentityUserAgent()],
  ["domainName", apigateway.AccessLogField.contextDomainName()],
  ["httpMethod", apigateway.AccessLogField.contextHttpMethod()],
  ["resourcePath", apigateway.AccessLogField.contextResourcePath()],
  ["protocol", apigateway.AccessLogField.contextProtocol()],
  ["status", apigateway.AccessLogField.contextStatus()],
  ["responseLength", apigateway.AccessLogField.contextResponseLength()],
  ["responseLatency", apigateway.AccessLogField.contextResponseLatency()],
  ["integrationStatus", apigateway.AccessLogField.contextIntegrationStatus()],
  ["integrationLatency", apigateway.AccessLogField.contextIntegrationLatency()],
  ["errorResponseType", apigateway.AccessLogField.contextErrorResponseType()],
].map(([name, value]) => `"${name}":"${value}"`).join(",")},"error":${apigateway.AccessLogField.contextErrorMessageString()}}`);

/** Each value once, sorted (stable templates). */
function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
