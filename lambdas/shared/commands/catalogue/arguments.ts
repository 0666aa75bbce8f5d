import { ArgumentError } from "./errors";
import type { MemberModel, OperationModel } from "./model";
import { looksLikeShorthand, parseShorthand } from "./shorthand";
import { closestNames } from "./suggest";
import { convertValue, findMemberName, type ConvertOptions, type RawValue } from "./values";

/**
 * Reads an operation's options the way the AWS CLI does, from its model: `--param value` (or
 * `-param value`), lists as space-separated values, `--flag`/`--no-flag`, structures and maps in
 * shorthand or JSON, `--cli-input-json`, and the CLI's global options, which are returned apart.
 */

/**
 * A word of the command: plain text, or a token that says whether it was quoted (`bare: false`),
 * as the command grammar's tokenizer gives them. A quoted word is always a value, so
 * `--filter-pattern "-ERROR"` works.
 */
export type Word = string | { readonly text: string; readonly bare: boolean };

export function wordText(word: Word): string {
  return typeof word === "string" ? word : word.text;
}

export type OutputFormat = "json" | "table" | "text" | "yaml";

export interface GlobalOptions {
  readonly query?: string;
  readonly output?: OutputFormat;
  readonly maxItems?: number;
  readonly startingToken?: string;
  readonly pageSize?: number;
  readonly noPaginate?: boolean;
  readonly region?: string;
  readonly binaryFormat?: ConvertOptions["binaryFormat"];
}

export interface ParsedArguments {
  /** The SDK command's input, ready for `new XCommand(input)`. */
  readonly input: Record<string, unknown>;
  readonly globals: GlobalOptions;
  /** `--help` was among the words. */
  readonly help: boolean;
  /** Required members neither typed nor in --cli-input-json (idempotency tokens excluded: the SDK fills them). */
  readonly missing: readonly MemberModel[];
}

const OUTPUT_FORMATS: ReadonlySet<string> = new Set(["json", "table", "text", "yaml"]);
/** Options that would let a user choose the credentials or the endpoint: Herald decides those. */
const REFUSED_GLOBALS: Readonly<Record<string, string>> = {
  profile: "the channel's role decides the credentials",
  "endpoint-url": "Herald decides where AWS calls go",
  "no-sign-request": "every call is signed with the channel's role",
  "ca-bundle": "Herald decides where AWS calls go",
  "no-verify-ssl": "TLS is always verified",
};
const PAGINATION_GLOBALS: ReadonlySet<string> = new Set(["max-items", "starting-token", "page-size"]);
const IGNORED_GLOBAL_FLAGS: ReadonlySet<string> = new Set(["debug", "no-cli-pager", "no-cli-auto-prompt", "color"]);
const VALUED_GLOBALS: ReadonlySet<string> = new Set(["query", "output", "max-items", "starting-token", "page-size", "region", "cli-input-json", "cli-binary-format", "color"]);

interface OptionWords {
  readonly name: string;
  readonly typed: string;
  readonly values: string[];
}

/**
 * Operations whose CLI form ends with a positional `outfile` for the response's payload (`aws lambda
 * invoke --function-name f out.json`). In Slack the payload is shown in the answer, so a trailing
 * file name is accepted and left out, as people paste the command from the CLI reference.
 */
const OUTFILE_OPERATIONS: ReadonlySet<string> = new Set(["lambda Invoke", "s3api GetObject", "s3api GetObjectTorrent"]);

export function parseArguments(operation: OperationModel, words: readonly Word[]): ParsedArguments {
  if (OUTFILE_OPERATIONS.has(`${operation.service.cli} ${operation.name}`) && words.length > 0) {
    try {
      return parseOptions(operation, words);
    } catch (error) {
      const last = words[words.length - 1];
      const lastText = wordText(last);
      // Only a trailing value that left its option with one word too many is taken as the outfile.
      if (!(error instanceof ArgumentError) || lastText.startsWith("-")) throw error;
      return parseOptions(operation, words.slice(0, -1));
    }
  }
  return parseOptions(operation, words);
}

function parseOptions(operation: OperationModel, words: readonly Word[]): ParsedArguments {
  const options = groupOptions(words);
  const globals: { -readonly [K in keyof GlobalOptions]: GlobalOptions[K] } = {};
  let help = false;
  let cliInputJson: string | undefined;
  let runInstancesCount: { MinCount: number; MaxCount: number } | undefined;
  const typed: Array<{ member: MemberModel; option: OptionWords; negated: boolean }> = [];
  // On a paginated operation the CLI's own --max-items, --starting-token and --page-size win over a
  // member of the same name (Lambda's MaxItems is its page size, set through --page-size).
  const byCliName = new Map(operation.members.filter((member) => operation.pagination === undefined || !PAGINATION_GLOBALS.has(member.cliName)).map((member) => [member.cliName, member]));
  // The SDK's own member name works too (`--TableName`), as people copy it from the API reference.
  for (const member of operation.members) if (!byCliName.has(member.name.toLowerCase())) byCliName.set(member.name.toLowerCase(), member);

  for (const option of options) {
    if (option.name === "count" && `${operation.service.cli} ${operation.name}` === "ec2 RunInstances" && !byCliName.has("count")) {
      // The CLI's own `ec2 run-instances --count N` (or `MIN:MAX`) stands for --min-count and --max-count.
      const [min, max = min] = single(option, "a number of instances, or MIN:MAX").split(":").map((part) => positiveInteger(option, part));
      runInstancesCount = { MinCount: min, MaxCount: max };
      continue;
    }
    const member = byCliName.get(option.name);
    const negatedMember = option.name.startsWith("no-") ? byCliName.get(option.name.slice(3)) : undefined;
    if (member !== undefined) {
      typed.push({ member, option, negated: false });
      continue;
    }
    if (negatedMember !== undefined && negatedMember.kind === "boolean") {
      typed.push({ member: negatedMember, option, negated: true });
      continue;
    }
    if (option.name === "help") {
      help = true;
      continue;
    }
    if (REFUSED_GLOBALS[option.name] !== undefined) throw new ArgumentError(option.typed, `nothing: ${option.typed} cannot be used in Herald (${REFUSED_GLOBALS[option.name]})`);
    if (IGNORED_GLOBAL_FLAGS.has(option.name)) continue;
    if (option.name === "no-paginate") {
      expectNoValue(option);
      globals.noPaginate = true;
      continue;
    }
    if (!VALUED_GLOBALS.has(option.name)) {
      const command = `${operation.service.cli} ${operation.cliName}`;
      const close = closestNames(option.name, [...operation.members.map((member) => member.cliName), ...VALUED_GLOBALS]).map((name) => `--${name}`);
      throw new ArgumentError(option.typed, `one of the options of ${command}${close.length > 0 ? ` (did you mean ${close.join(", ")}?)` : ""} (see \`${command} --help\`)`);
    }
    const value = single(option, "one value");
    switch (option.name) {
      case "query":
        globals.query = value;
        break;
      case "output":
        if (!OUTPUT_FORMATS.has(value)) throw new ArgumentError(option.typed, "json, table, text or yaml");
        globals.output = value as OutputFormat;
        break;
      case "max-items":
        globals.maxItems = positiveInteger(option, value);
        break;
      case "page-size":
        globals.pageSize = positiveInteger(option, value);
        break;
      case "starting-token":
        globals.startingToken = value;
        break;
      case "region":
        if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(value)) throw new ArgumentError(option.typed, "a Region name such as eu-west-1");
        globals.region = value;
        break;
      case "cli-binary-format":
        if (value !== "base64" && value !== "raw-in-base64-out") throw new ArgumentError(option.typed, "base64 or raw-in-base64-out");
        globals.binaryFormat = value === "base64" ? "base64" : "raw";
        break;
      case "cli-input-json":
        cliInputJson = value;
        break;
    }
  }

  const convert: ConvertOptions = { binaryFormat: globals.binaryFormat ?? "raw" };
  const input: Record<string, unknown> = cliInputJson === undefined ? {} : fromCliInputJson(operation, cliInputJson, convert);
  const seen = new Set<string>();
  for (const { member, option, negated } of typed) {
    if (seen.has(member.name)) throw new ArgumentError(option.typed, "to be given once");
    seen.add(member.name);
    input[member.name] = memberValue(member, option, negated, convert);
  }
  if (runInstancesCount !== undefined) Object.assign(input, runInstancesCount);
  const missing = operation.members.filter((member) => member.required && !member.idempotencyToken && input[member.name] === undefined);
  return { input, globals, help, missing };
}

/**
 * Splits words into options and their values: `--name`, `-name` (and `—name`, `–name`: phones turn
 * `--` into a dash) starts an option, `--name=value` is an option with its value; `-5` is a value.
 */
const OPTION_WORD = /^(?:--?|[—–]-?)([A-Za-z][A-Za-z0-9-]*)(?:=([\s\S]*))?$/;

function groupOptions(words: readonly Word[]): OptionWords[] {
  const options: OptionWords[] = [];
  for (const typed of words) {
    const word = wordText(typed);
    const match = typeof typed !== "string" && !typed.bare ? null : OPTION_WORD.exec(word);
    if (match) {
      const name = match[1].toLowerCase();
      if (match[2] !== undefined) refuseFileArgument(`--${name}`, match[2]);
      options.push({ name, typed: match[2] === undefined ? word : `--${name}`, values: match[2] === undefined ? [] : [match[2]] });
      continue;
    }
    const current = options.at(-1);
    if (current === undefined) throw new ArgumentError(word, "an option (--name value) before any value");
    refuseFileArgument(current.typed, word);
    current.values.push(word);
  }
  return options;
}

/** The CLI reads `file://` and `fileb://` values from the caller's disk; in chat there is no such disk, and the path itself must not be sent as the value. */
function refuseFileArgument(option: string, value: string): void {
  if (/^fileb?:\/\//i.test(value.trim())) {
    throw new ArgumentError(option, `the value itself: ${value.trim().split("://")[0]}:// reads a file on the machine running the AWS CLI, and Herald has none (paste the content, or for a blob give it with --cli-binary-format base64)`);
  }
}

function memberValue(member: MemberModel, option: OptionWords, negated: boolean, convert: ConvertOptions): unknown {
  const path = option.typed;
  if (member.kind === "boolean") {
    if (option.values.length === 0) return !negated;
    if (negated) throw new ArgumentError(path, "no value");
    return convertValue(member.schema, single(option, "true or false"), path, convert);
  }
  if (option.values.length === 0) throw new ArgumentError(path, `a value (${member.typeLabel})`);
  if (member.kind === "list") {
    const first = option.values[0].trim();
    if (option.values.length === 1 && first.startsWith("[")) return convertValue(member.schema, parseJson(path, first), path, convert);
    const itemKind = member.schema.getValueSchema();
    const structured = itemKind.isStructSchema() || itemKind.isMapSchema() || itemKind.isUnionSchema();
    const items = option.values.map((word) => (structured ? structuredValue(path, word) : (word as RawValue)));
    return convertValue(member.schema, items, path, convert);
  }
  const word = single(option, `one value (${member.typeLabel})`);
  if (member.kind === "structure" && isValueWrapper(member) && !word.includes("=") && !word.trim().startsWith("{")) {
    // As in the CLI: a structure holding only a string `Value` may be given as the bare value
    // (`ec2 modify-instance-attribute --instance-type t3.micro`).
    return { Value: word };
  }
  if (member.kind === "structure" || member.kind === "map" || member.kind === "union") {
    return convertValue(member.schema, structuredValue(path, word), path, convert);
  }
  if (member.kind === "document") return word.trim().startsWith("{") || word.trim().startsWith("[") ? parseJson(path, word) : word;
  return convertValue(member.schema, word, path, convert);
}

function isValueWrapper(member: MemberModel): boolean {
  const members = member.schema.getMemberSchemas();
  const names = Object.keys(members);
  return names.length === 1 && names[0] === "Value" && members.Value.isStringSchema();
}

/** A structure or map typed as JSON (`{…}`) or as shorthand (`Key=k,Value=v`). */
function structuredValue(path: string, word: string): RawValue {
  const text = word.trim();
  if (text.startsWith("{")) return parseJson(path, text);
  if (!looksLikeShorthand(text)) throw new ArgumentError(path, `shorthand (Key=value,Other=value) or JSON, not "${word}"`);
  try {
    return parseShorthand(text);
  } catch (error) {
    throw new ArgumentError(path, `shorthand: ${(error as Error).message}`, { cause: error });
  }
}

function fromCliInputJson(operation: OperationModel, text: string, convert: ConvertOptions): Record<string, unknown> {
  const raw = parseJson("--cli-input-json", text);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new ArgumentError("--cli-input-json", "a JSON object of the operation's input");
  const names = operation.members.map((member) => member.name);
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, RawValue>)) {
    const name = findMemberName(names, key);
    if (name === undefined) throw new ArgumentError(`--cli-input-json ${key}`, `one of the keys ${names.join(", ")}`);
    const member = operation.members.find((candidate) => candidate.name === name) as MemberModel;
    input[name] = convertValue(member.schema, value, `--cli-input-json ${name}`, convert);
  }
  return input;
}

function parseJson(path: string, text: string): RawValue {
  try {
    return JSON.parse(text) as RawValue;
  } catch (error) {
    throw new ArgumentError(path, `valid JSON (${(error as Error).message})`, { cause: error });
  }
}

function single(option: OptionWords, expected: string): string {
  if (option.values.length !== 1) throw new ArgumentError(option.typed, expected);
  return option.values[0];
}

function expectNoValue(option: OptionWords): void {
  if (option.values.length > 0) throw new ArgumentError(option.typed, "no value");
}

function positiveInteger(option: OptionWords, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new ArgumentError(option.typed, "a whole number of 1 or more");
  return Number(value);
}
