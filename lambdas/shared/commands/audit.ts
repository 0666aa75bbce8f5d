import { Logger } from "@aws-lambda-powertools/logger";
import { findCredential } from "../security/credential-screen";
import type { CommandCaller } from "./operation-model";
import { createHash } from "node:crypto";
import { tokenize } from "./grammar/tokenize";

/**
 * The command audit log: one structured JSON line per command — who, where, what, how it ended —
 * written whatever the channel configuration's logging level (the managed service's audit log is
 * always on too). "What" is the command's shape, never its text: the service, the operation (`serviceName`,
 * `operationName`; Powertools reserves `service` for the log's own), the
 * parameter names, and a digest of each value (and of the whole command), so an auditor can tell
 * which call was made and match a value they already know, while the log (kept 90 days, outside
 * the privacy erasure's reach) holds nothing a member typed. The same values are replaced by their
 * digests wherever Herald's own words (the resource, the denial reason) quote them. A command that
 * carries a credential is logged as refused, without even a digest.
 */

export type CommandOutcome =
  | "succeeded"
  | "failed"
  | "denied"
  | "invalid"
  | "needs-confirmation"
  | "cancelled"
  | "confirmation-refused"
  | "refused-credential"
  | "answered"
  | "timed-out";

export interface CommandAuditEntry {
  /** Who ran it, where. The display name is not logged: the user id identifies them. */
  readonly caller: Pick<CommandCaller, "teamId" | "channelId" | "userId">;
  /** The command as typed (or one of Herald's markers, e.g. REFUSED_CREDENTIAL_TEXT): logged by its shape and digests only. */
  readonly command: string;
  readonly outcome: CommandOutcome;
  readonly durationMs: number;
  /** The Lambda request id (or the local runtime's), to find the rest of the invocation's logs. */
  readonly requestId: string;
  /** The channel configuration the command ran under. */
  readonly configuration?: string;
  readonly iamAction?: string;
  /** The resource acted on; the command's values in it are logged as their digests. */
  readonly resource?: string;
  readonly region?: string;
  readonly mutating?: boolean;
  /** Why it was denied or failed, in Herald's words (e.g. the denial reason, an AWS error code). */
  readonly detail?: string;
}

/** Powertools' Logger fits; so does a test's collector. */
export interface AuditLogger {
  info(message: string, attributes: Record<string, unknown>): void;
}

export const REFUSED_CREDENTIAL_TEXT = "[refused: contains a credential]";
/** Herald's own markers stand for a command (`[confirmation]`, REFUSED_CREDENTIAL_TEXT): logged as they are. */
const MARKER = /^\[[a-z :-]+\]$/;
/** A name (service, operation, parameter) is logged as typed only if it looks like one; anything else is a value. */
const NAME = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
/** Values shorter than this are not searched for in Herald's own words (a "1" would hit "us-east-1"). */
const MIN_REPLACED_VALUE = 4;
/** Herald's words (denial reasons, error codes) are cut at this length. */
const MAX_LOGGED_TEXT = 1_000;

/** One parameter of the command as audited: its name and a digest of its value (absent for a flag without one). */
export interface AuditedParameter {
  readonly name: string;
  readonly digest?: string;
}

/** SHA-256 of the value, truncated to 64 bits: the same value always gives the same digest; the value is not in the log. */
export function auditDigest(value: string): string {
  return `sha256:${createHash("sha256").update(value, "utf8").digest("hex").slice(0, 16)}`;
}

let defaultLogger: Logger | undefined;
/** Its own logger at INFO, so neither a channel's NONE/ERROR level nor the function's level mutes the audit. */
function auditLogger(): Logger {
  defaultLogger ??= new Logger({ serviceName: "herald-audit", logLevel: "INFO" });
  return defaultLogger;
}

/** Writes the audit line and returns what was written. */
export function auditCommand(entry: CommandAuditEntry, logger: AuditLogger = auditLogger()): Record<string, unknown> {
  const shape = commandShape(entry.command);
  const record: Record<string, unknown> = {
    audit: "command",
    teamId: entry.caller.teamId,
    channelId: entry.caller.channelId,
    userId: entry.caller.userId,
    ...shape.fields,
    outcome: entry.outcome,
    durationMs: Math.round(entry.durationMs),
    requestId: entry.requestId,
    configuration: entry.configuration,
    iamAction: entry.iamAction,
    resource: entry.resource === undefined ? undefined : withoutValues(entry.resource, shape.values),
    region: entry.region,
    mutating: entry.mutating,
    detail: entry.detail === undefined ? undefined : withoutValues(entry.detail, shape.values),
  };
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  logger.info("Command audit", record);
  return record;
}

/** The command as the audit logs it (service, operation, parameters with digests), and the values it holds. */
function commandShape(command: string): { fields: Record<string, unknown>; values: readonly string[] } {
  if (MARKER.test(command)) return { fields: { command }, values: [] };
  if (findCredential(command)) return { fields: { command: REFUSED_CREDENTIAL_TEXT }, values: [] };
  const tokens = tokenize(command);
  // Text that does not even split into words (an open quote) is only its digest.
  if (!tokens.ok) return { fields: { commandDigest: auditDigest(command) }, values: [command] };
  const words = tokens.tokens.map((token) => ({ text: token.text, option: token.bare && token.text.startsWith("--") && token.text.length > 2 }));
  const names: string[] = [];
  while (names.length < 2 && words.length > 0 && !words[0].option && NAME.test(words[0].text)) names.push((words.shift() ?? { text: "" }).text);
  const parameters: AuditedParameter[] = [];
  const args: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.option) {
      args.push(auditDigest(word.text));
      values.push(word.text);
      continue;
    }
    const value: string[] = [];
    while (i + 1 < words.length && !words[i + 1].option) value.push(words[++i].text);
    const name = word.text.slice(2);
    values.push(...value);
    parameters.push({ name: NAME.test(name) ? name : auditDigest(name), ...(value.length > 0 ? { digest: auditDigest(value.join(" ")) } : {}) });
  }
  return {
    fields: {
      ...(names[0] === undefined ? {} : { serviceName: names[0].toLowerCase() }),
      ...(names[1] === undefined ? {} : { operationName: names[1].toLowerCase() }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(args.length > 0 ? { arguments: args } : {}),
      commandDigest: auditDigest(command.trim()),
    },
    values,
  };
}

/** Herald's own words with every value of the command in them replaced by its digest (and screened again, and cut). */
function withoutValues(text: string, values: readonly string[]): string {
  if (findCredential(text)) return REFUSED_CREDENTIAL_TEXT;
  let out = text;
  for (const value of [...new Set(values)].filter((v) => v.length >= MIN_REPLACED_VALUE).sort((a, b) => b.length - a.length)) out = out.split(value).join(auditDigest(value));
  return out.length > MAX_LOGGED_TEXT ? `${out.slice(0, MAX_LOGGED_TEXT)}… [${out.length - MAX_LOGGED_TEXT} more characters]` : out;
}
