import type { ResolvedCommand } from "./catalogue/resolve-command";

/**
 * Outputs that read better decoded before they are shown, keyed by `service Operation`: the few
 * specialisations the catalogue keeps on top of the model. Everything else is shown as the SDK
 * returned it.
 */
type Renderer = (output: Record<string, unknown>) => Record<string, unknown>;

/** Decoding that `--query` and `--output` need too (bytes are not JSON). */
const DECODERS: Readonly<Record<string, Renderer>> = {
  "lambda Invoke": decodeInvokeOutput,
};

/** Shapes for reading in chat, only when the user chose neither `--query` nor `--output` (those see the SDK's shape, as in the CLI). */
const READABLE: Readonly<Record<string, Renderer>> = {
  "ec2 DescribeInstances": instancesTable,
  // The CLI's own `s3 ls` (catalogue/customizations.ts), keyed by the command typed.
  "s3 ls": s3Listing,
};

export function renderOutput(command: Pick<ResolvedCommand, "service" | "operation" | "globals" | "customization">, output: Record<string, unknown>): Record<string, unknown> {
  const key = `${command.service.cli} ${command.operation.name}`;
  const decoded = DECODERS[key]?.(output) ?? output;
  const readableKey = command.customization !== undefined && READABLE[command.customization] !== undefined ? command.customization : key;
  const readable = command.globals.query === undefined && command.globals.output === undefined ? READABLE[readableKey] : undefined;
  return readable === undefined ? decoded : readable(decoded);
}

/** Reservations hold the instances: one row per instance, with its Name tag and state, as the console lists them. */
function instancesTable(output: Record<string, unknown>): Record<string, unknown> {
  const { Reservations, ...rest } = output;
  const instances = (Array.isArray(Reservations) ? Reservations : []).flatMap((reservation: { Instances?: Array<Record<string, unknown>> }) => reservation.Instances ?? []);
  return {
    Instances: instances.map((instance) => {
      const tags = Array.isArray(instance.Tags) ? (instance.Tags as Array<{ Key?: string; Value?: string }>) : [];
      return {
        InstanceId: instance.InstanceId,
        Name: tags.find((tag) => tag.Key === "Name")?.Value,
        State: (instance.State as { Name?: string } | undefined)?.Name,
        InstanceType: instance.InstanceType,
        PrivateIpAddress: instance.PrivateIpAddress,
        AvailabilityZone: (instance.Placement as { AvailabilityZone?: string } | undefined)?.AvailabilityZone,
        LaunchTime: instance.LaunchTime,
      };
    }),
    ...rest,
  };
}

/** As `aws s3 ls` prints them: buckets with their creation dates; a prefix's "folders" (PRE) and its objects' time, size and key. */
function s3Listing(output: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(output.Buckets)) {
    return { Buckets: (output.Buckets as Array<Record<string, unknown>>).map((bucket) => ({ CreationDate: bucket.CreationDate, Name: bucket.Name })) };
  }
  const prefixes = Array.isArray(output.CommonPrefixes) ? (output.CommonPrefixes as Array<{ Prefix?: string }>) : [];
  const objects = Array.isArray(output.Contents) ? (output.Contents as Array<Record<string, unknown>>) : [];
  return {
    ...(prefixes.length > 0 ? { Prefixes: prefixes.map((prefix) => `PRE ${prefix.Prefix ?? ""}`) } : {}),
    Objects: objects.map((object) => ({ LastModified: object.LastModified, Size: object.Size, Key: object.Key })),
  };
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
