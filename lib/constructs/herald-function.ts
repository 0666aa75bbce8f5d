import * as path from "node:path";
import { AssetHashType, Duration, type IAspect } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct, type IConstruct } from "constructs";
import { ESBUILD_TARGET, LocalFunctionBundling } from "../bundling/function-bundle";
import { acknowledge, HERALD_FUNCTION_ACKNOWLEDGEMENTS, noDeadLetterQueue } from "../nag-acknowledgements";

/** Repository root: handler entries are resolved from here. */
const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/**
 * The newest Node.js runtime aws-cdk-lib offers (cdk-nag AwsSolutions-L1 checks this), and the
 * matching esbuild target (lib/bundling). Raise both when aws-cdk-lib adds a newer one; test/cdk asserts it.
 */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;
export { ESBUILD_TARGET };

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
}

/**
 * A Herald Lambda function: Node.js on arm64, bundled locally by esbuild with the AWS SDK
 * inside (no Docker, no npm, no dependence on the runtime's SDK version; lib/bundling says how:
 * ES modules split into chunks, so a cold start loads only what it uses), its own encrypted log group
 * with the configured retention, and a role that can only write to that log group until the
 * owner grants more (no AWSLambdaBasicExecutionRole: it allows writing to any log group).
 */
export class HeraldFunction extends Construct {
  readonly function: lambda.Function;
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

    this.function = new lambda.Function(this, "Function", {
      code: lambda.Code.fromAsset(PROJECT_ROOT, {
        // The hash of what was built, so an unchanged bundle is an unchanged asset.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never used: bundling is local (esbuild is a dependency); CDK requires an image to fall back on.
          image: NODE_RUNTIME.bundlingImage,
          local: new LocalFunctionBundling(props.entry),
        },
      }),
      handler: "index.handler",
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      // Node's own option (not Herald's contract), for the source maps bundled with the code.
      environment: { NODE_OPTIONS: "--enable-source-maps", ...props.environment },
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
