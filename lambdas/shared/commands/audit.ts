import { Logger } from "@aws-lambda-powertools/logger";
import { findCredential } from "../security/credential-screen";
import type { CommandCaller } from "./operation-model";

/**
 * The command audit log: one structured JSON line per command — who, where, what, how it ended —
 * written whatever the channel configuration's logging level (the managed service's audit log is
 * always on too). The command text is screened again here, so a credential never reaches the log
 * even if a caller forgot to screen; bot tokens and secret values have no field to travel in.
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
  /** The command as typed. Replaced by a marker if it looks like it carries a credential. */
  readonly command: string;
  readonly outcome: CommandOutcome;
  readonly durationMs: number;
  /** The Lambda request id (or the local runtime's), to find the rest of the invocation's logs. */
  readonly requestId: string;
  /** The channel configuration the command ran under. */
  readonly configuration?: string;
  readonly iamAction?: string;
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
/** A command longer than an alias may be is cut in the log; the audit needs what it was, not all of it. */
const MAX_LOGGED_TEXT = 5_000;

let defaultLogger: Logger | undefined;
/** Its own logger at INFO, so neither a channel's NONE/ERROR level nor the function's level mutes the audit. */
function auditLogger(): Logger {
  defaultLogger ??= new Logger({ serviceName: "herald-audit", logLevel: "INFO" });
  return defaultLogger;
}

/** Writes the audit line and returns what was written. */
export function auditCommand(entry: CommandAuditEntry, logger: AuditLogger = auditLogger()): Record<string, unknown> {
  const record: Record<string, unknown> = {
    audit: "command",
    teamId: entry.caller.teamId,
    channelId: entry.caller.channelId,
    userId: entry.caller.userId,
    command: screened(entry.command),
    outcome: entry.outcome,
    durationMs: Math.round(entry.durationMs),
    requestId: entry.requestId,
    configuration: entry.configuration,
    iamAction: entry.iamAction,
    resource: entry.resource === undefined ? undefined : screened(entry.resource),
    region: entry.region,
    mutating: entry.mutating,
    detail: entry.detail === undefined ? undefined : screened(entry.detail),
  };
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  logger.info("Command audit", record);
  return record;
}

function screened(text: string): string {
  if (findCredential(text)) return REFUSED_CREDENTIAL_TEXT;
  return text.length > MAX_LOGGED_TEXT ? `${text.slice(0, MAX_LOGGED_TEXT)}… [${text.length - MAX_LOGGED_TEXT} more characters]` : text;
}
