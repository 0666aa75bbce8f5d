import { join } from "node:path";
import { commandVariables } from "../../lambdas/command/environment";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import type { Endpoints } from "./endpoints";
import { functionEnvironment } from "./lambda/function-environment";
import { LocalFunction } from "./lambda/local-function";
import { FUNCTION_NAMES, TABLE_NAME } from "./names";
import { REPO_ROOT } from "./settings";

const handlerModule = (folder: string) => join(REPO_ROOT, "lambdas", folder, "index.ts");

export interface FunctionWiring {
  readonly config: HeraldConfig;
  readonly accountId: string;
  readonly dynamoDbEndpoint: string;
  /** The runtime's own endpoints (Secrets Manager, SNS, Lambda, STS, IAM, the unavailable-service answer). */
  readonly endpoints: Endpoints;
  readonly slackApiUrl: string;
  readonly onLog: (functionName: string, region: string, line: string) => void;
}

interface FunctionSpec {
  readonly name: string;
  readonly region: string;
  readonly folder: string;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  /** AWS_ENDPOINT_URL_<SERVICE> values beyond DynamoDB and Secrets Manager, which every function gets. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** The function's own variables, as its CDK construct sets them. */
  readonly variables: Readonly<Record<string, string>>;
}

/** The forwarder of one Region, with the variables lib/constructs/forwarder.ts gives it. */
export function startForwarder(region: string, wiring: FunctionWiring): Promise<LocalFunction> {
  return startFunction(wiring, {
    name: FUNCTION_NAMES.forwarder,
    region,
    folder: "forwarder",
    timeoutMs: 120_000,
    memoryMb: 256,
    variables: { SLACK_API_URL: wiring.slackApiUrl, HERALD_ACCOUNT_ID: wiring.accountId, HERALD_USER_DATA_RETENTION_DAYS: String(wiring.config.account.userDataRetentionDays) },
  });
}

/** The command function (home Region), with the variables lib/constructs/command-api.ts gives it. */
export function startCommandFunction(wiring: FunctionWiring): Promise<LocalFunction> {
  return startFunction(wiring, {
    name: FUNCTION_NAMES.command,
    region: wiring.config.account.homeRegion,
    folder: "command",
    timeoutMs: 10_000,
    memoryMb: 512,
    endpoints: { LAMBDA: wiring.endpoints.lambda },
    variables: commandVariables({ config: wiring.config, tableName: TABLE_NAME, accountId: wiring.accountId, workerFunctionName: FUNCTION_NAMES.worker }),
  });
}

/**
 * The command worker (home Region), with the variables lib/constructs/command-api.ts gives it.
 * STS and IAM are the runtime's stand-ins, SNS its Publish endpoint; services that do not run
 * here answer that they do not (see aws/unavailable-service.ts).
 */
export function startCommandWorker(wiring: FunctionWiring, protectedArns: readonly string[]): Promise<LocalFunction> {
  const unavailable = (service: string) => `${wiring.endpoints.unavailableService}${service}`;
  return startFunction(wiring, {
    name: FUNCTION_NAMES.worker,
    region: wiring.config.account.homeRegion,
    folder: "command-worker",
    timeoutMs: 120_000,
    memoryMb: 1024,
    endpoints: {
      STS: wiring.endpoints.sts,
      IAM: wiring.endpoints.iam,
      SNS: wiring.endpoints.sns,
      CLOUDWATCH: unavailable("cloudwatch"),
      CLOUDWATCH_LOGS: unavailable("logs"),
      LAMBDA: unavailable("lambda"),
    },
    variables: {
      HERALD_PROTECTED_ARNS: protectedArns.join(","),
      HERALD_ACCOUNT_ID: wiring.accountId,
      HERALD_ADMINS: wiring.config.account.admins.join(","),
      HERALD_USER_DATA_RETENTION_DAYS: String(wiring.config.account.userDataRetentionDays),
      // Its origin is the one besides hooks.slack.com that response URLs may point to: the runtime's.
      SLACK_API_URL: wiring.slackApiUrl,
    },
  });
}

function startFunction(wiring: FunctionWiring, spec: FunctionSpec): Promise<LocalFunction> {
  const { name, region } = spec;
  return LocalFunction.start({
    name,
    region,
    modulePath: handlerModule(spec.folder),
    timeoutMs: spec.timeoutMs,
    onLog: (line) => wiring.onLog(name, region, line),
    environment: functionEnvironment({
      functionName: name,
      region,
      memoryMb: spec.memoryMb,
      // Any service without its own endpoint gets the "not available locally" answer: no call leaves the machine.
      defaultEndpoint: `${wiring.endpoints.unavailableService}aws`,
      endpoints: { DYNAMODB: wiring.dynamoDbEndpoint, SECRETS_MANAGER: wiring.endpoints.secretsManager, ...spec.endpoints },
      variables: {
        TABLE_NAME,
        // The Slack secrets live in the home Region only.
        SECRETS_REGION: wiring.config.account.homeRegion,
        POWERTOOLS_SERVICE_NAME: name,
        POWERTOOLS_METRICS_NAMESPACE: "Herald",
        ...spec.variables,
      },
    }),
  });
}
