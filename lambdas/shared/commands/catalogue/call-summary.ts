import type { ResolvedCommand } from "./resolve-command";

/**
 * The exact call Herald would make, as plain JSON-safe data: what the local runtime shows for a
 * service with no stand-in ("needs AWS"), and what an audit line or a confirmation prompt can quote.
 * Dates become ISO 8601 text and bytes their text (or base64 when they are not UTF-8).
 */
export interface CallSummary {
  readonly service: string;
  readonly operation: string;
  readonly sdkCommand: string;
  readonly region: string;
  readonly input: unknown;
  readonly iamAction?: string;
  readonly accessLevels: readonly string[];
  readonly needsConfirmation: boolean;
}

export function summarizeCall(command: ResolvedCommand, defaultRegion: string): CallSummary {
  return {
    service: command.service.cli,
    operation: command.operation.cliName,
    sdkCommand: `${command.operation.name}Command (${command.service.packageName})`,
    region: command.globals.region ?? defaultRegion,
    input: toPlain(command.input),
    ...(command.access ? { iamAction: command.access.iamAction } : {}),
    accessLevels: command.access?.accessLevels ?? [],
    needsConfirmation: command.needsConfirmation,
  };
}

function toPlain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) {
    const text = Buffer.from(value).toString("utf8");
    return Buffer.from(text, "utf8").equals(Buffer.from(value)) ? text : { base64: Buffer.from(value).toString("base64") };
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlain(item)]));
  return value;
}
