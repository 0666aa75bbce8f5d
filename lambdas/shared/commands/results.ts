/**
 * What a command's answer says, platform-neutral: results (after `--query`), errors explained, and
 * help. A result is a Notification (title, severity, fields, prose) plus, for output that reads as
 * code, the whole of it as rows or lines (`output`); how much of that a chat message can show, and
 * how to fence and escape it, is the chat adapter's business (Slack: slack/command-replies.ts).
 * Every value from AWS is untrusted text; the adapter escapes it.
 */
import { cutText as cut, oneLine } from "../notifications/cut-text";
import type { Field, Notification, Severity } from "../notifications/model";
import { formatInvocation } from "./grammar/format-invocation";
import type { AwsInvocation } from "./operation-model";
import { applyQuery, QueryTooExpensiveError } from "./query";
import type { HelpText } from "./catalogue/help";
import { toPlainData } from "./plain-output";

/** Output shown as code (a table, text, JSON), whole: the adapter shows what fits and says how many rows or lines it left out. */
export interface CommandOutput {
  /** Lines that head every cut (a table's column names and rule). */
  readonly header: readonly string[];
  readonly lines: readonly string[];
  /** What a line is, for "… 12 more rows not shown". */
  readonly unit: "rows" | "lines";
  /** Said under the output whatever is shown (e.g. columns left out). */
  readonly notes: readonly string[];
}

/** A command's answer: a notification, with the output as code when there is some. */
export interface CommandAnswer extends Notification {
  readonly output?: CommandOutput;
}

/** About what a chat message shows of an output: column widths are taken from the rows within it. */
const SHOWN_OUTPUT_CHARACTERS = 2_800;
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
export function renderCommandResult(invocation: AwsInvocation, output: unknown): CommandAnswer {
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
  const shown = presentAs(data, invocation.output);
  const answer = commandNotification(invocation, {
    title: functionError === undefined ? command : `${command}: function error (${functionError})`,
    severity: functionError === undefined ? "info" : "high",
    summary: `${command}: ${functionError === undefined ? shown.summary : `the function failed (${functionError})`}`,
    body: shown.body,
    fields: shown.fields,
  });
  return shown.output === undefined ? answer : { ...answer, output: shown.output };
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

/** The catalogue's help (plain sections from the model) as a message: headings bold, lines as code. */
export function renderCatalogueHelp(help: HelpText): Notification {
  const text = help.sections
    .map((section) => [...(section.heading === "" ? [] : [`*${section.heading}*`]), ...section.lines.map((line) => (section.heading === "" ? line : `\`${codeSafe(line)}\``))].join("\n"))
    .join("\n\n");
  return renderHelp(text, help.pages > 1 ? `${help.title} (page ${help.page} of ${help.pages})` : help.title);
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
  const context = [cut(invocation.text ?? formatInvocation(invocation), MAX_CONTEXT_LENGTH)];
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
  /** Prose (markdown written here), when the output is not code. */
  readonly body?: string;
  readonly output?: CommandOutput;
  readonly fields: readonly Field[];
}

type Row = Readonly<Record<string, unknown>>;

/** `--output json` shows the JSON as it is, `--output text` the CLI's tab-separated values; `table` (or none) Herald's table and fields. */
function presentAs(data: unknown, format: AwsInvocation["output"]): Presentation {
  if (format === "json" || format === "yaml") {
    const note = format === "yaml" ? ["--output yaml is shown as JSON."] : [];
    return { summary: "JSON", output: { ...code(JSON.stringify(data ?? null, null, 2).split("\n"), "lines"), notes: note }, fields: [] };
  }
  if (format === "text") return { summary: "text", output: code(textLines(data), "lines"), fields: [] };
  return presentData(data);
}

/** As `--output text`: one line per list item, its scalar values tab-separated; nested values on lines of their own. */
function textLines(data: unknown, lines: string[] = []): string[] {
  if (isScalar(data)) lines.push(scalarText(data));
  else if (Array.isArray(data)) {
    if (data.every(isScalar)) lines.push(data.map(scalarText).join("\t"));
    else for (const item of data) textLines(item, lines);
  } else if (isRecord(data)) {
    const scalars = Object.entries(data).filter(([, value]) => isScalar(value));
    if (scalars.length > 0) lines.push(scalars.map(([, value]) => scalarText(value)).join("\t"));
    for (const [, value] of Object.entries(data)) if (!isScalar(value) && value !== null && value !== undefined) textLines(value, lines);
  }
  return lines;
}

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
  if (typeof data === "string") return { summary: cut(oneLine(data), 100), output: code(data.split("\n"), "lines"), fields: [] };
  return { summary: "result", output: code(JSON.stringify(data, null, 2).split("\n"), "lines"), fields: [] };
}

function presentList(list: readonly unknown[], fields: readonly Field[], key?: string): Presentation {
  const what = key === undefined ? "" : ` in ${key}`;
  if (list.length === 0) return { summary: "no results", body: `No results${key === undefined ? "" : `: \`${codeSafe(key)}\` is empty`}.`, fields };
  const summary = `${list.length.toLocaleString("en-US")} ${list.length === 1 ? "item" : "items"}${what}`;
  if (list.every(isRecord)) return { summary, output: table(list), fields };
  if (list.every(isScalar)) return { summary, output: code(list.map(scalarText), "rows"), fields };
  return { summary, output: code(JSON.stringify(list, null, 2).split("\n"), "lines"), fields };
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

function table(rows: readonly Row[]): CommandOutput {
  const eligible = tableColumns(rows);
  const columns = eligible.slice(0, MAX_TABLE_COLUMNS);
  if (columns.length === 0) return code(JSON.stringify(rows, null, 2).split("\n"), "lines");
  const cellLength = Math.max(MIN_CELL_LENGTH, Math.floor(ROW_WIDTH / columns.length));
  const cells = (row: Row) => columns.map((column, index) => cellText(row[column], index === columns.length - 1 ? Math.max(cellLength, LAST_CELL_LENGTH) : cellLength));
  // Widths from the rows that can be shown at all: a long value far down must not widen every row.
  const sample = rows.slice(0, Math.ceil(SHOWN_OUTPUT_CHARACTERS / (columns.length * 2))).map(cells);
  const widths = columns.map((column, index) => Math.max(column.length, ...sample.map((row) => row[index].length)));
  const line = (values: readonly string[]) => values.map((value, index) => value.padEnd(widths[index])).join("  ").trimEnd();
  const header = [line(columns), line(widths.map((width) => "-".repeat(width)))];
  const hiddenColumns = eligible.length - columns.length;
  const columnNote = hiddenColumns > 0 ? `${hiddenColumns} more ${hiddenColumns === 1 ? "column" : "columns"} not shown; pick columns with --query.` : undefined;
  return code(rows.map((row) => line(cells(row))), "rows", header, columnNote);
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
  return cut(oneLine(isScalar(value) ? scalarText(value) : JSON.stringify(value)), maxLength);
}

// ── Output as code ──────────────────────────────────────────────────────────────────────────────

function code(lines: readonly string[], unit: CommandOutput["unit"], header: readonly string[] = [], note?: string): CommandOutput {
  return { header, lines, unit, notes: note === undefined ? [] : [note] };
}

/** A backtick run would end a code span or block early; a look-alike keeps it inside. */
export function codeSafe(text: string): string {
  return text.replace(/`/g, "ˋ");
}

/** The output as plain text, at most `maxLength` characters (kept with the answer as user data). */
export function outputText(output: CommandOutput, maxLength: number): string {
  return cut([...output.header, ...output.lines, ...output.notes].join("\n"), maxLength);
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

