import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  type InvokeCommandInput,
  LambdaClient,
  ListFunctionsCommand,
} from "@aws-sdk/client-lambda";
import type { ParamSpec, ResourceScope, ServiceSpec } from "../../operation-model";
import { lambdaFunctionArn } from "../arns";
import { optionalString, type Params, requiredString } from "../param-values";
import { sdkOperation } from "../sdk-operation";

const functionName: ParamSpec = { name: "function-name", sdkName: "FunctionName", type: "string", required: true, description: "The function's name or ARN (name:alias for an alias)" };
const qualifier: ParamSpec = { name: "qualifier", sdkName: "Qualifier", type: "string", description: "A version or alias" };

const functionResource = (params: Params, scope: ResourceScope) => lambdaFunctionArn(params["function-name"], scope);

export const service: ServiceSpec = {
  name: "lambda",
  description: "AWS Lambda functions",
  operations: [
    sdkOperation({
      name: "list-functions",
      description: "List the functions in the Region",
      iamAction: "lambda:ListFunctions",
      params: [
        { name: "max-items", sdkName: "MaxItems", type: "integer", description: "At most this many functions (1–50)" },
        { name: "marker", sdkName: "Marker", type: "string", description: "Token from a previous call's NextMarker, for the next page" },
        { name: "function-version", sdkName: "FunctionVersion", type: "string", description: "ALL to list every published version too" },
      ],
      resource: () => "*",
      client: LambdaClient,
      command: ListFunctionsCommand,
    }),
    sdkOperation({
      name: "get-function-configuration",
      description: "Show a function's runtime, memory, timeout, role and state",
      iamAction: "lambda:GetFunctionConfiguration",
      params: [functionName, qualifier],
      resource: functionResource,
      client: LambdaClient,
      command: GetFunctionConfigurationCommand,
    }),
    sdkOperation({
      name: "invoke",
      description: "Invoke a function and show what it returned",
      iamAction: "lambda:InvokeFunction",
      params: [
        functionName,
        { name: "payload", sdkName: "Payload", type: "json", description: "The event, as JSON: {\"key\": \"value\"}" },
        { name: "invocation-type", sdkName: "InvocationType", type: "string", description: "RequestResponse (default, waits), Event (asynchronous) or DryRun" },
        { name: "log-type", sdkName: "LogType", type: "string", description: "Tail to include the last 4 KB of the function's log" },
        qualifier,
      ],
      resource: functionResource,
      client: LambdaClient,
      command: InvokeCommand,
      input: (params): InvokeCommandInput => ({
        FunctionName: requiredString(params, "function-name"),
        Payload: params.payload === undefined ? undefined : new TextEncoder().encode(JSON.stringify(params.payload)),
        InvocationType: optionalString(params, "invocation-type") as InvokeCommandInput["InvocationType"],
        LogType: optionalString(params, "log-type") as InvokeCommandInput["LogType"],
        Qualifier: optionalString(params, "qualifier"),
      }),
      output: decodeInvokeOutput,
    }),
  ],
};

/**
 * Invoke returns the function's response as bytes and its log tail as base64: shown as the JSON or
 * text they are. FunctionError ("Unhandled") comes first so a failed invocation reads as one.
 */
export function decodeInvokeOutput(output: Record<string, unknown>): Record<string, unknown> {
  const { FunctionError, StatusCode, ExecutedVersion, Payload, LogResult, ...rest } = output;
  const decoded: Record<string, unknown> = { FunctionError, StatusCode, ExecutedVersion };
  if (Payload instanceof Uint8Array && Payload.byteLength > 0) decoded.Payload = decodePayload(Payload);
  if (typeof LogResult === "string") decoded.LogResult = Buffer.from(LogResult, "base64").toString("utf8");
  return { ...decoded, ...rest };
}

function decodePayload(bytes: Uint8Array): unknown {
  const text = new TextDecoder("utf-8").decode(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
