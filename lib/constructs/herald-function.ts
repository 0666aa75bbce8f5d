import * as path from "node:path";
import { Duration, type IAspect } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct, type IConstruct } from "constructs";
import { acknowledge, HERALD_FUNCTION_ACKNOWLEDGEMENTS, noDeadLetterQueue } from "../nag-acknowledgements";

/** Repository root: handler entries and the lock file are resolved from here. */
const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/**
 * The newest Node.js runtime aws-cdk-lib offers (cdk-nag AwsSolutions-L1 checks this), and the
 * matching esbuild target. Raise both when aws-cdk-lib adds a newer one; test/cdk asserts it.
 */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const ESBUILD_TARGET = "node24";

export interface HeraldFunctionProps {
  /** Handler module relative to the repository root, e.g. `lambdas/forwarder/index.ts`; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Built by the function's own contract (`lambdas/<fn>/environment.ts`), never spelled here. */
  readonly environment: Record<string, string>;
  /** Encrypts the function's log group. */
  readonly key: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default 30 seconds */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /**
   * Packages installed into the asset's node_modules (`npm ci` with the project's lock file)
   * instead of bundled: for packages that read their own files at run time, which esbuild cannot inline.
   * @default - everything is bundled
   */
  readonly nodeModules?: string[];
}

/**
 * A Herald Lambda function: Node.js on arm64, bundled locally by esbuild with the AWS SDK
 * inside (no Docker, no dependence on the runtime's SDK version), its own encrypted log group
 * with the configured retention, and a role that can only write to that log group until the
 * owner grants more (no AWSLambdaBasicExecutionRole: it allows writing to any log group).
 */
export class HeraldFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HeraldFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention,
      encryptionKey: props.key,
    });
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: props.description,
    });
    this.logGroup.grants.write(this.role);

    this.function = new nodejs.NodejsFunction(this, "Function", {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, "package-lock.json"),
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      // Node's own option (not Herald's contract), for the source maps bundled below.
      environment: { NODE_OPTIONS: "--enable-source-maps", ...props.environment },
      bundling: {
        minify: true,
        sourceMap: true,
        target: ESBUILD_TARGET,
        format: nodejs.OutputFormat.CJS,
        // Bundle everything, the AWS SDK included: pinned versions, smaller cold starts.
        externalModules: [],
        ...(props.nodeModules?.length ? { nodeModules: props.nodeModules } : {}),
      },
    });
    acknowledge(this, ...HERALD_FUNCTION_ACKNOWLEDGEMENTS);
  }

  /** cdk-nag's NIST.800.53.R5-LambdaDLQ: why this function needs no dead-letter queue (NO_DEAD_LETTER_QUEUE has each function's reason). */
  acknowledgeNoDeadLetterQueue(reason: string): void {
    acknowledge(this.function, noDeadLetterQueue(reason));
  }
}

/**
 * `account.useFipsEndpoints`, in one place: every Lambda function in the scope it is applied to
 * gets AWS_USE_FIPS_ENDPOINT=true, which every AWS SDK client reads (all of Herald's are built by
 * lambdas/shared/aws/aws-client.ts and set no endpoint of their own). An aspect, so a function added
 * later cannot be forgotten.
 */
export class FipsEndpoints implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof lambda.Function) node.addEnvironment("AWS_USE_FIPS_ENDPOINT", "true");
  }
}
