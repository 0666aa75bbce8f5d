import { join } from "node:path";
import { commandVariables } from "../../lambdas/command/environment";
import { commandWorkerVariables } from "../../lambdas/command-worker/environment";
import { AskSchema } from "../../lambdas/shared/config/ask";
import { forwarderVariables } from "../../lambdas/forwarder/environment";
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

/** The `ask` section the local runtime uses when the config has none (its Bedrock is the stand-in). */
const LOCAL_ASK = AskSchema.parse({ modelId: "herald.local-stand-in" });

interface FunctionSpec {
  readonly name: string;
  readonly region: string;
  readonly folder: string;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  /** AWS_ENDPOINT_URL_<SERVICE> values beyond DynamoDB and Secrets Manager, which every function gets. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** The function's own variables, built by its lambdas/<fn>/environment.ts exactly as for CDK. */
  readonly variables: Readonly<Record<string, string>>;
}

/** What every builder takes from this runtime: the table, the account and the Slack Web API to post to. */
function deployment(wiring: FunctionWiring) {
  // The worker's response URLs may point to SLACK_API_URL's origin besides hooks.slack.com: the runtime's own.
  return { config: wiring.config, tableName: TABLE_NAME, accountId: wiring.accountId, slackApiUrl: wiring.slackApiUrl };
}

/** The forwarder of one Region. */
export function startForwarder(region: string, wiring: FunctionWiring): Promise<LocalFunction> {
  return startFunction(wiring, {
    name: FUNCTION_NAMES.forwarder,
    region,
    folder: "forwarder",
    timeoutMs: 120_000,
    memoryMb: 256,
    variables: forwarderVariables(deployment(wiring)),
  });
}

/** The command function (home Region); its Lambda Invoke of the worker reaches the runtime's Lambda stand-in. */
export function startCommandFunction(wiring: FunctionWiring): Promise<LocalFunction> {
  return startFunction(wiring, {
    name: FUNCTION_NAMES.command,
    region: wiring.config.account.homeRegion,
    folder: "command",
    timeoutMs: 10_000,
    memoryMb: 512,
    endpoints: { LAMBDA: wiring.endpoints.lambda },
    variables: commandVariables({ ...deployment(wiring), workerFunctionName: FUNCTION_NAMES.worker }),
  });
}

/**
 * The command worker (home Region). STS and IAM are the runtime's stand-ins, SNS its Publish
 * endpoint; services that do not run here answer that they do not (see aws/unavailable-service.ts).
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
      BEDROCK_RUNTIME: wiring.endpoints.bedrockRuntime,
    },
    // Asking works here without an `ask` section: the model is the runtime's stand-in either way.
    variables: commandWorkerVariables({ ...deployment(wiring), config: { ...wiring.config, ask: wiring.config.ask ?? LOCAL_ASK }, protectedArns }),
  });
}

function startFunction(wiring: FunctionWiring, spec: FunctionSpec): Promise<LocalFunction> {
  const { name, region } = spec;
  return LocalFunction.start({
    name,
    region,
    accountId: wiring.accountId,
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
      variables: spec.variables,
    }),
  });
}
