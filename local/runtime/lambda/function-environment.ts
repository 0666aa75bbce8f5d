import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_CREDENTIALS } from "../../dynamodb-local";

export interface FunctionEnvironmentOptions {
  readonly functionName: string;
  readonly region: string;
  readonly memoryMb: number;
  /** The function's own variables, as the CDK construct sets them. */
  readonly variables: Readonly<Record<string, string>>;
  /** AWS_ENDPOINT_URL_<SERVICE> values pointing the SDK at local stand-ins. */
  readonly endpoints: Readonly<Record<string, string>>;
  /** AWS_ENDPOINT_URL: where every other service goes. */
  readonly defaultEndpoint?: string;
}

/**
 * The environment a function sees in Lambda, pointed at local services. Built from scratch rather
 * than inherited, so the user's real AWS profile, credentials or NODE_OPTIONS never reach a handler.
 */
export function functionEnvironment(options: FunctionEnvironmentOptions): Record<string, string> {
  const { functionName, region } = options;
  // A path that does not exist: the SDK then reads no shared config or credentials file.
  const noAwsFiles = join(tmpdir(), "herald-local-no-aws-config");
  const inherited = Object.fromEntries(
    ["PATH", "TMPDIR", "LANG"].flatMap((name) => (process.env[name] ? [[name, process.env[name] as string]] : [])),
  );
  const endpoints = Object.fromEntries(Object.entries(options.endpoints).map(([service, url]) => [`AWS_ENDPOINT_URL_${service}`, url]));
  return {
    ...inherited,
    TZ: "UTC",
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_CONFIG_FILE: noAwsFiles,
    AWS_SHARED_CREDENTIALS_FILE: noAwsFiles,
    AWS_EC2_METADATA_DISABLED: "true",
    // Lambda runs the Node version the CDK app chooses; the local Node's age is not the function's concern.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    // Metrics would be EMF lines in CloudWatch Logs; locally they would only bury the logs.
    POWERTOOLS_METRICS_DISABLED: "true",
    ...(options.defaultEndpoint ? { AWS_ENDPOINT_URL: options.defaultEndpoint } : {}),
    ...endpoints,
    ...options.variables,
  };
}
