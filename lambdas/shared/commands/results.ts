/**
 * What a command's answer looks like, as a platform-neutral Notification: results (after `--query`),
 * errors explained, and help. Every value from AWS is untrusted text; it reaches the chat adapter as
 * Notification strings, which the adapter escapes.
 *
 * Output is shown in a code block, and a code block must stay within one Slack section (3,000
 * characters) or the adapter would split it and break its fences. So this module cuts long output
 * itself, at a row or line, and says what it left out.
 */
import { cutText as cut, oneLine } from "../notifications/cut-text";
import type { Field, Notification, Severity } from "../notifications/model";
import { formatInvocation } from "./grammar/format-invocation";
import type { AwsInvocation } from "./operation-model";
import { applyQuery, QueryTooExpensiveError } from "./query";
import { toPlainData } from "./registry/plain-output";

/** Escaped characters a code block may take, leaving room in its section for fences and the note. */
export const CODE_BLOCK_BUDGET = 2_800;
export const MAX_TABLE_COLUMNS = 6;
/** Room for a table row across; a cell gets its share, but never less than MIN_CELL_LENGTH (ARNs are long). */
const ROW_WIDTH = 160;
const MIN_CELL_LENGTH = 40;
/** The last column needs no alignment after it: a message or description there may run on. */
const LAST_CELL_LENGTH = 200;
/** Average value lengths that make a column "short" (sizes, states, times) or "long" (ARNs, text). */
const SHORT_VALUE = 24;
const LONG_VALUE = 40;
/** Enough rows to choose columns from; later rows rarely add keys worth a column. */
const COLUMN_SAMPLE_ROWS = 100;
const MAX_FIELDS = 10;
const MAX_FIELD_VALUE_LENGTH = 300;
const MAX_CONTEXT_LENGTH = 280;

/** The answer to a command that AWS ran. */
export function renderCommandResult(invocation: AwsInvocation, output: unknown): Notification {
  const command = `${invocation.service} ${invocation.operation}`;
  let data = toPlainData(output);
  const functionError = isRecord(data) && typeof data.FunctionError === "string" ? data.FunctionError : undefined;
  if (invocation.query !== undefined) {
    try {
      data = applyQuery(data, invocation.query);
    } catch (error) {
      const expensive = error instanceof QueryTooExpensiveError;
      return commandNotification(invocation, {
        title: `${command}: --query ${expensive ? "too expensive" : "failed"}`,
        severity: "medium",
        summary: `${command} ran, but its --query ${expensive ? "was too expensive" : "failed"}`,
        body: `The command ran, but \`--query\` could not be applied: ${errorMessage(error)}`,
        fields: [],
      });
    }
  }
  const shown = presentData(data);
  return commandNotification(invocation, {
    title: functionError === undefined ? command : `${command}: function error (${functionError})`,
    severity: functionError === undefined ? "info" : "high",
    summary: `${command}: ${functionError === undefined ? shown.summary : `the function failed (${functionError})`}`,
    body: shown.body,
    fields: shown.fields,
  });
}

/** What to tell the caller about where a denied call was headed, when it is known. */
export interface CommandTarget {
  readonly iamAction: string;
  readonly resource: string;
}

/** The answer to a command that failed: what AWS (or Herald) said, and what it means. */
export function renderCommandError(invocation: AwsInvocation, error: unknown, target?: CommandTarget): Notification {
  const command = `${invocation.service} ${invocation.operation}`;
  const details = errorDetails(error);
  const explained = explainError(command, details, target);
  const fields: Field[] = [{ label: "Error", value: details.name, code: true }];
  if (details.shownMessage !== undefined) fields.push({ label: explained.denied ? "AWS said" : "Message", value: cut(details.shownMessage, 1_500) });
  const notification = commandNotification(invocation, {
    title: explained.title,
    severity: explained.denied ? "medium" : "high",
    summary: `${command} failed: ${details.name}`,
    body: explained.text,
    fields,
  });
  return details.requestId === undefined ? notification : { ...notification, context: [...notification.context, `Request ID ${details.requestId}`] };
}

/** Help text (written by Herald, in Slack-style markdown) as a message. */
export function renderHelp(text: string, title = "Herald help"): Notification {
  return {
    kind: "help",
    recognized: true,
    title,
    severity: "info",
    summary: title,
    body: { text, markdown: true },
    fields: [],
    lists: [],
    links: [],
    context: [],
  };
}

// ── Building the notification ───────────────────────────────────────────────────────────────────

interface CommandMessage {
  readonly title: string;
  readonly severity: Severity;
  readonly summary: string;
  /** Markdown written here, with untrusted output only inside code blocks or code spans. */
  readonly body?: string;
  readonly fields: readonly Field[];
}

function commandNotification(invocation: AwsInvocation, message: CommandMessage): Notification {
  // The command as run (with its --region, if any); the caller may add who ran it and where.
  const context = [cut(formatInvocation(invocation), MAX_CONTEXT_LENGTH)];
  return {
    kind: "command-result",
    recognized: true,
    title: message.title,
    severity: message.severity,
    summary: message.summary,
    body: message.body === undefined ? undefined : { text: message.body, markdown: true },
    fields: message.fields,
    lists: [],
    links: [],
    context,
  };
}

// ── Output ──────────────────────────────────────────────────────────────────────────────────────

interface Presentation {
  readonly summary: string;
  readonly body?: string;
  readonly fields: readonly Field[];
}

type Row = Readonly<Record<string, unknown>>;

/**
 * Lists of objects as a table (as `--output table` would), a response that wraps one list as that
 * list's table with its other values (NextToken…) as fields, small flat objects as fields, anything
 * else as pretty JSON.
 */
function presentData(data: unknown): Presentation {
  if (data === null || data === undefined || (isRecord(data) && Object.keys(data).length === 0)) {
    return { summary: "done", body: "Done. AWS returned no output.", fields: [] };
  }
  if (Array.isArray(data)) return presentList(data, []);
  if (isRecord(data)) {
    const wrapped = wrappedList(data);
    if (wrapped !== undefined) return presentList(wrapped.list, scalarFields(wrapped.rest), wrapped.key);
    if (isFlatRecord(data)) return { summary: `${Object.keys(data).length} values`, fields: scalarFields(data) };
  }
  if (data === "") return { summary: "an empty string", body: "AWS returned an empty string.", fields: [] };
  if (typeof data === "string") return { summary: cut(oneLine(data), 100), body: codeBlock(data.split("\n"), "lines"), fields: [] };
  return { summary: "result", body: codeBlock(JSON.stringify(data, null, 2).split("\n"), "lines"), fields: [] };
}

function presentList(list: readonly unknown[], fields: readonly Field[], key?: string): Presentation {
  const what = key === undefined ? "" : ` in ${key}`;
  if (list.length === 0) return { summary: "no results", body: `No results${key === undefined ? "" : `: \`${codeSafe(key)}\` is empty`}.`, fields };
  const summary = `${list.length.toLocaleString("en-US")} ${list.length === 1 ? "item" : "items"}${what}`;
  if (list.every(isRecord)) return { summary, body: tableBlock(list), fields };
  if (list.every(isScalar)) return { summary, body: codeBlock(list.map(scalarText), "rows"), fields };
  return { summary, body: codeBlock(JSON.stringify(list, null, 2).split("\n"), "lines"), fields };
}

/** `{ Topics: [...], NextToken: "…" }`: the one non-empty list of a response whose other values are scalars. */
function wrappedList(data: Row): { key: string; list: readonly unknown[]; rest: Row } | undefined {
  const lists = Object.entries(data).filter(([, value]) => Array.isArray(value));
  const others = Object.entries(data).filter(([, value]) => !Array.isArray(value));
  if (lists.length === 0 || !others.every(([, value]) => isScalar(value))) return undefined;
  const nonEmpty = lists.filter(([, value]) => (value as unknown[]).length > 0);
  if (nonEmpty.length > 1) return undefined;
  const [key, list] = nonEmpty[0] ?? lists[0];
  return { key, list: list as unknown[], rest: Object.fromEntries(others) };
}

function isFlatRecord(data: Row): boolean {
  const values = Object.values(data);
  return values.length <= MAX_FIELDS && values.every((value) => isScalar(value) && scalarText(value).length <= MAX_FIELD_VALUE_LENGTH);
}

function scalarFields(data: Row): Field[] {
  const entries = Object.entries(data).filter(([, value]) => value !== null && value !== undefined);
  return entries.slice(0, MAX_FIELDS).map(([label, value]) => ({ label, value: cut(scalarText(value), MAX_FIELD_VALUE_LENGTH), code: true }));
}

// ── Tables ──────────────────────────────────────────────────────────────────────────────────────

function tableBlock(rows: readonly Row[]): string {
  const eligible = tableColumns(rows);
  const columns = eligible.slice(0, MAX_TABLE_COLUMNS);
  if (columns.length === 0) return codeBlock(JSON.stringify(rows, null, 2).split("\n"), "lines");
  const cellLength = Math.max(MIN_CELL_LENGTH, Math.floor(ROW_WIDTH / columns.length));
  const cells = (row: Row) => columns.map((column, index) => cellText(row[column], index === columns.length - 1 ? Math.max(cellLength, LAST_CELL_LENGTH) : cellLength));
  // Widths from the rows that can be shown at all: a long value far down must not widen every row.
  const sample = rows.slice(0, Math.ceil(CODE_BLOCK_BUDGET / (columns.length * 2))).map(cells);
  const widths = columns.map((column, index) => Math.max(column.length, ...sample.map((row) => row[index].length)));
  const line = (values: readonly string[]) => values.map((value, index) => value.padEnd(widths[index])).join("  ").trimEnd();
  const header = [line(columns), line(widths.map((width) => "-".repeat(width)))];
  const hiddenColumns = eligible.length - columns.length;
  const columnNote = hiddenColumns > 0 ? `${hiddenColumns} more ${hiddenColumns === 1 ? "column" : "columns"} not shown; pick columns with --query.` : undefined;
  return codeBlock(rows.map((row) => line(cells(row))), "rows", header, columnNote);
}

/**
 * The columns worth showing: keys whose values are scalars; short names and IDs first, then states,
 * then other short values (each in the order the keys first appear), then long values, shortest
 * first, so the longest (a message, a description) comes last, where it can run on.
 */
function tableColumns(rows: readonly Row[]): string[] {
  const stats = new Map<string, { scalar: boolean; totalLength: number; count: number }>();
  for (const row of rows.slice(0, COLUMN_SAMPLE_ROWS)) {
    for (const [key, value] of Object.entries(row)) {
      const entry = stats.get(key) ?? { scalar: true, totalLength: 0, count: 0 };
      if (value !== null && value !== undefined) {
        entry.scalar &&= isScalar(value);
        entry.totalLength += isScalar(value) ? scalarText(value).length : 0;
        entry.count++;
      }
      stats.set(key, entry);
    }
  }
  const columns = [...stats.entries()]
    .filter(([, entry]) => entry.scalar && entry.count > 0)
    .map(([key, entry], order) => ({ key, order, averageLength: entry.totalLength / entry.count }));
  const rank = ({ key, averageLength }: (typeof columns)[number]) => {
    if (averageLength > LONG_VALUE) return 3;
    if (/(^|[a-z])(Name|Id|ID)$|^(name|id)$/.test(key)) return 0;
    if (/State|Status/i.test(key) && !/Reason/i.test(key)) return 1;
    return averageLength <= SHORT_VALUE ? 2 : 3;
  };
  const tieBreak = (a: (typeof columns)[number], b: (typeof columns)[number]) => (rank(a) === 3 ? a.averageLength - b.averageLength : 0) || a.order - b.order;
  return columns
    .sort((a, b) => rank(a) - rank(b) || tieBreak(a, b))
    .map((column) => column.key);
}

function cellText(value: unknown, maxLength: number): string {
  if (value === null || value === undefined) return "";
  return cut(oneLine(codeSafe(isScalar(value) ? scalarText(value) : JSON.stringify(value))), maxLength);
}

// ── Code blocks cut to fit ──────────────────────────────────────────────────────────────────────

/**
 * ```-fenced lines, as many as fit CODE_BLOCK_BUDGET (measured escaped, as Slack counts), and a note
 * saying how many rows or lines were left out.
 */
function codeBlock(lines: readonly string[], unit: "rows" | "lines", header: readonly string[] = [], extraNote?: string): string {
  const shown: string[] = [];
  let used = 0;
  for (const raw of [...header, ...lines]) {
    const line = codeSafe(raw);
    const cost = escapedLength(line) + 1;
    if (used + cost > CODE_BLOCK_BUDGET) {
      // A single line longer than the whole budget is shown cut rather than not at all.
      if (shown.length === header.length) shown.push(cutEscaped(line, CODE_BLOCK_BUDGET - used - 1));
      break;
    }
    shown.push(line);
    used += cost;
  }
  const hidden = header.length + lines.length - shown.length;
  const notes: string[] = [];
  if (hidden > 0) notes.push(`… ${hidden.toLocaleString("en-US")} more ${hidden === 1 ? unit.slice(0, -1) : unit} not shown; narrow the output with --query.`);
  if (extraNote !== undefined) notes.push(extraNote);
  const block = `\`\`\`\n${shown.join("\n")}\n\`\`\``;
  return notes.length === 0 ? block : `${block}\n_${notes.join(" ")}_`;
}

/** A backtick run would end the code block early; a look-alike keeps it inside. */
function codeSafe(text: string): string {
  return text.replace(/`/g, "ˋ");
}

function escapedLength(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    length += unit === 0x26 ? 5 : unit === 0x3c || unit === 0x3e ? 4 : 1;
  }
  return length;
}

function cutEscaped(text: string, budget: number): string {
  let length = 0;
  let end = 0;
  while (end < text.length && length + escapedLength(text[end]) <= budget - 1) length += escapedLength(text[end++]);
  return end < text.length ? `${text.slice(0, end)}…` : text;
}

// ── Errors ──────────────────────────────────────────────────────────────────────────────────────

interface ErrorDetails {
  /** AWS's error code ("AccessDeniedException") or the error's class name. */
  readonly name: string;
  /** The message when it is safe to show: AWS's own, or a Herald error meant for the user. */
  readonly shownMessage?: string;
  readonly requestId?: string;
}

const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "AuthorizationError", "AuthorizationErrorException", "UnauthorizedOperation", "UnauthorizedException", "Forbidden"]);
const THROTTLED = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException", "Throttled"]);
const NOT_FOUND = new Set(["NotFound", "NotFoundException", "ResourceNotFoundException", "ResourceNotFound"]);
const INVALID_INPUT = new Set(["ValidationException", "ValidationError", "InvalidParameter", "InvalidParameterValue", "InvalidParameterException", "InvalidParameterValueException", "InvalidParameterCombination", "InvalidRequestContentException", "SerializationException", "InvalidFormat", "ParameterValueError"]);
const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired"]);
const TIMED_OUT = new Set(["AbortError", "TimeoutError", "RequestTimeout", "RequestTimeoutException"]);

function errorDetails(error: unknown): ErrorDetails {
  if (!isRecord(error)) return { name: "Error" };
  const name = typeof error.name === "string" && error.name !== "" ? error.name : "Error";
  const message = typeof error.message === "string" ? error.message : undefined;
  const metadata = isRecord(error.$metadata) ? error.$metadata : undefined;
  const requestId = typeof metadata?.requestId === "string" ? metadata.requestId : undefined;
  // AWS's messages are for the caller; Herald's own only when marked so; anything else may be internal.
  const fromAws = metadata !== undefined || typeof error.$fault === "string";
  const safe = fromAws || error.expose === true || TIMED_OUT.has(name);
  const code = typeof error.code === "string" ? error.code : undefined;
  return { name: code !== undefined && !fromAws && /^E[A-Z]+$/.test(code) ? code : name, shownMessage: safe ? message : undefined, requestId };
}

function explainError(command: string, details: ErrorDetails, target: CommandTarget | undefined): { title: string; text: string; denied: boolean } {
  const { name } = details;
  if (ACCESS_DENIED.has(name) || /not authorized to perform/i.test(details.shownMessage ?? "")) {
    const attempted = target ?? deniedTargetFrom(details.shownMessage);
    const what = attempted === undefined ? "this call" : `\`${codeSafe(attempted.iamAction)}\` on \`${codeSafe(attempted.resource)}\``;
    return { title: `Access denied: ${command}`, text: `The channel role or its guardrails do not allow ${what}.`, denied: true };
  }
  const failed = `${command} failed`;
  if (THROTTLED.has(name)) return { title: failed, text: "AWS is throttling these calls. Try again in a moment.", denied: false };
  if (NOT_FOUND.has(name)) return { title: failed, text: "AWS could not find what the command names. Check the name or ARN, and the Region (`--region`).", denied: false };
  if (INVALID_INPUT.has(name)) return { title: failed, text: `A parameter was not accepted. \`${command} --help\` lists the parameters.`, denied: false };
  if (EXPIRED.has(name)) return { title: failed, text: "The channel role's temporary credentials expired before the call. Run the command again.", denied: false };
  if (TIMED_OUT.has(name)) return { title: `${command} timed out`, text: "The command did not finish in time and was stopped. For long work, invoke asynchronously (for Lambda: `--invocation-type Event`).", denied: false };
  if (/^E[A-Z]+$/.test(name)) return { title: failed, text: `Herald could not reach the AWS endpoint (${name}).`, denied: false };
  return { title: failed, text: details.shownMessage === undefined ? "Herald could not run the command." : "AWS returned an error.", denied: false };
}

/** IAM's denial messages name the action and resource: "… is not authorized to perform: sns:Publish on resource: arn:…". */
function deniedTargetFrom(message: string | undefined): CommandTarget | undefined {
  const match = /not authorized to perform:?\s*([A-Za-z0-9-]+:[A-Za-z0-9*]+)(?:\s+on resource:?\s*(\S+))?/i.exec(message ?? "");
  if (match === null) return undefined;
  return { iamAction: match[1], resource: (match[2] ?? "*").replace(/[.,;]+$/, "") };
}

function errorMessage(error: unknown): string {
  return cut(isRecord(error) && typeof error.message === "string" ? error.message : String(error), 300);
}

// ── Small helpers ───────────────────────────────────────────────────────────────────────────────

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function scalarText(value: unknown): string {
  return typeof value === "string" ? value : String(value);
}

