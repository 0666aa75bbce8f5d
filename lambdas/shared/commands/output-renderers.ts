import type { ResolvedCommand } from "./catalogue/resolve-command";

/**
 * Outputs that read better decoded before they are shown, keyed by `service Operation`: the few
 * specialisations the catalogue keeps on top of the model. Everything else is shown as the SDK
 * returned it.
 */
type Renderer = (output: Record<string, unknown>) => Record<string, unknown>;

const RENDERERS: Readonly<Record<string, Renderer>> = {
  "lambda Invoke": decodeInvokeOutput,
};

export function renderOutput(command: Pick<ResolvedCommand, "service" | "operation">, output: Record<string, unknown>): Record<string, unknown> {
  const renderer = RENDERERS[`${command.service.cli} ${command.operation.name}`];
  return renderer === undefined ? output : renderer(output);
}

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
