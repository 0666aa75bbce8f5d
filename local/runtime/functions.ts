import { existsSync } from "node:fs";
import { join } from "node:path";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { functionEnvironment } from "./lambda/function-environment";
import { LocalFunction } from "./lambda/local-function";
import { REPO_ROOT } from "./settings";

/** The table's name, as the CDK stack names it by default. */
export const TABLE_NAME = "herald";
const FORWARDER_MODULE = join(REPO_ROOT, "lambdas", "forwarder", "index.ts");
export const COMMAND_MODULE = join(REPO_ROOT, "lambdas", "command", "index.ts");

export interface FunctionWiring {
  readonly config: HeraldConfig;
  readonly accountId: string;
  readonly dynamoDbEndpoint: string;
  readonly secretsManagerEndpoint: string;
  readonly slackApiUrl: string;
  readonly onLog: (functionName: string, region: string, line: string) => void;
}

/** The forwarder of one Region, with the variables lib/constructs/forwarder.ts gives it. */
export function startForwarder(region: string, wiring: FunctionWiring): Promise<LocalFunction> {
  return startFunction("herald-forwarder", region, FORWARDER_MODULE, 30_000, wiring);
}

/** The command function (home Region only), when this build has one. */
export function commandFunctionExists(): boolean {
  return existsSync(COMMAND_MODULE);
}

export function startCommandFunction(wiring: FunctionWiring): Promise<LocalFunction> {
  return startFunction("herald-command", wiring.config.account.homeRegion, COMMAND_MODULE, 29_000, wiring);
}

function startFunction(name: string, region: string, modulePath: string, timeoutMs: number, wiring: FunctionWiring): Promise<LocalFunction> {
  const homeRegion = wiring.config.account.homeRegion;
  return LocalFunction.start({
    name,
    region,
    modulePath,
    timeoutMs,
    onLog: (line) => wiring.onLog(name, region, line),
    environment: functionEnvironment({
      functionName: name,
      region,
      memoryMb: 256,
      endpoints: { DYNAMODB: wiring.dynamoDbEndpoint, SECRETS_MANAGER: wiring.secretsManagerEndpoint },
      variables: {
        TABLE_NAME,
        // The Slack secrets live in the home Region only.
        SECRETS_REGION: homeRegion,
        POWERTOOLS_SERVICE_NAME: name,
        POWERTOOLS_METRICS_NAMESPACE: "Herald",
        SLACK_API_URL: wiring.slackApiUrl,
        HERALD_ACCOUNT_ID: wiring.accountId,
      },
    }),
  });
}
