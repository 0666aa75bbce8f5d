import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { createAwsClient } from "../../aws/aws-client";
import type { ExecutionContext, OperationSpec, ParamSpec, ResourceScope } from "../operation-model";
import type { Params } from "./param-values";
import { toPlainData } from "./plain-output";

/**
 * The one way an operation calls AWS: a client per call (each call has its own role's temporary
 * credentials), no endpoint of its own so the SDK's AWS_ENDPOINT_URL_* variables apply, the worker's
 * abort signal passed on, and the output returned as plain data without `$metadata`.
 */

export interface AwsClientConfig {
  readonly region: string;
  readonly credentials: AwsCredentialIdentity;
}

/** What every AWS SDK v3 client offers; `send` is declared as a method so any client's command type fits. */
export interface SdkClient {
  send(command: object, options: { abortSignal: AbortSignal }): Promise<object>;
  destroy(): void;
}

export type SdkClientClass = new (config: AwsClientConfig) => SdkClient;

export async function sendAwsCommand(
  Client: SdkClientClass,
  command: object,
  context: ExecutionContext,
  transformOutput: (output: Record<string, unknown>) => unknown = (output) => output,
): Promise<unknown> {
  const client = createAwsClient(Client, { region: context.region, credentials: context.credentials });
  try {
    const { $metadata: _metadata, ...output } = (await client.send(command, { abortSignal: context.signal })) as Record<string, unknown>;
    return toPlainData(transformOutput(output));
  } finally {
    client.destroy();
  }
}

export interface SdkOperationDefinition<Input extends object> {
  readonly name: string;
  readonly description: string;
  readonly iamAction: string;
  readonly params: readonly ParamSpec[];
  resource(params: Params, scope: ResourceScope): string;
  readonly client: SdkClientClass;
  readonly command: new (input: Input) => object;
  /** For inputs that are not a one-to-one copy of the params (bytes, timestamps, defaults). */
  readonly input?: (params: Params) => Input;
  /** For outputs that need decoding before display (Lambda's payload bytes). */
  readonly output?: (output: Record<string, unknown>) => unknown;
}

/** An OperationSpec whose `run` fills the SDK input from the params' `sdkName`s and sends the command. */
export function sdkOperation<Input extends object>(definition: SdkOperationDefinition<Input>): OperationSpec {
  const { client, command: Command, input, output, ...spec } = definition;
  const buildInput = input ?? ((params: Params) => inputFromParams(params, definition.params) as Input);
  return {
    ...spec,
    run: async (params, context) => sendAwsCommand(client, new Command(buildInput(params)), context, output),
  };
}

/**
 * Copies each given param to its SDK field. The values already have the param's type; the SDK and
 * the service validate the rest, which is why the result is only asserted to be the input type.
 */
export function inputFromParams(params: Params, specs: readonly ParamSpec[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const spec of specs) {
    if (Object.hasOwn(params, spec.name) && params[spec.name] !== undefined) input[spec.sdkName] = params[spec.name];
  }
  return input;
}
