import type { Word } from "./arguments";
import { ArgumentError } from "./errors";
import { looksLikeShorthand, parseShorthand } from "./shorthand";

/**
 * The AWS CLI's own commands on top of the API, as teams type them from the CLI reference (the CLI
 * keeps them in its `customizations` package, not in any model): each rewrites the words typed into
 * the API operation that does the same, so the rewritten command is parsed, authorized, confirmed
 * and sent like any other. Waiters (`<service> wait <waiter>`) come from the SDK's own `waitFor…`
 * exports (waiters.ts). Commands the CLI adds that Herald does not run are answered with a hint.
 */

export interface Rewritten {
  /** The API operation (CLI name) that does what was typed. */
  readonly operation: string;
  readonly words: readonly Word[];
  /** The CLI command as typed (`s3 ls`): how its output is shown. */
  readonly customization: string;
}

interface Customization {
  /** Undefined when the words are the operation's own (put-metric-data with --metric-data). */
  readonly rewrite: (words: readonly Word[]) => Rewritten | undefined;
}

/** `service command` (the service's CLI name) → its rewrite. */
const CUSTOMIZATIONS: Readonly<Record<string, Customization>> = {
  "s3api ls": { rewrite: s3Ls },
  "cloudwatch put-metric-data": { rewrite: putMetricData },
};

/** The API operation for a CLI customization, or undefined when `command` is the service's own operation. */
export function rewriteCustomization(service: string, command: string, words: readonly Word[]): Rewritten | undefined {
  return CUSTOMIZATIONS[`${service} ${command.toLowerCase()}`]?.rewrite(words);
}

/**
 * CLI commands Herald does not run, with what to do instead: they move files, or make
 * credentials or local configuration.
 */
const HINTS: Readonly<Record<string, string>> = {
  "s3api cp": "The CLI's high-level `s3` file commands (cp, mv, rm, sync) move files, which Herald does not do from chat.",
  "s3api mv": "The CLI's high-level `s3` file commands (cp, mv, rm, sync) move files, which Herald does not do from chat.",
  "s3api rm": "The CLI's high-level `s3` file commands (cp, mv, rm, sync) move files, which Herald does not do from chat; `s3api delete-object` deletes one object.",
  "s3api sync": "The CLI's high-level `s3` file commands (cp, mv, rm, sync) move files, which Herald does not do from chat.",
  "s3api mb": "The CLI's `s3 mb` is `s3api create-bucket --bucket <name>`.",
  "s3api rb": "The CLI's `s3 rb` is `s3api delete-bucket --bucket <name>`.",
  "s3api presign": "Presigned URLs carry credentials: Herald does not make them in chat.",
  "logs tail": "The CLI's `logs tail` is not an API operation: `logs filter-log-events --log-group-name <group> --start-time -15m` shows the latest events.",
  "ecr get-login-password": "A registry password is a credential: Herald does not show one in chat.",
  "eks update-kubeconfig": "`eks update-kubeconfig` writes the kubeconfig file on your machine; `eks describe-cluster --name <cluster>` shows the endpoint and certificate.",
  "rds generate-db-auth-token": "A database authentication token is a credential: Herald does not make one in chat.",
  "cloudformation deploy": "`cloudformation deploy` uploads a local template: use `cloudformation create-change-set` and `execute-change-set`, or deploy from your pipeline.",
  "cloudformation package": "`cloudformation package` uploads local files, which Herald does not have.",
};

export function customizationHint(service: string, command: string): string | undefined {
  return HINTS[`${service} ${command.toLowerCase()}`];
}

// Not arguments.ts's wordText: model.ts reads the hints, and arguments.ts imports what imports model.ts.
function wordText(word: Word): string {
  return typeof word === "string" ? word : word.text;
}

const OPTION = /^(?:--?|[—–]-?)([A-Za-z][A-Za-z0-9-]*)(?:=([\s\S]*))?$/;

interface OptionGroup {
  readonly name: string;
  readonly typed: Word;
  readonly values: Word[];
}

/** Words into options with their values (`--name=value` split), and the values before any option. */
function groupWords(words: readonly Word[], flags: ReadonlySet<string> = new Set()): { leading: Word[]; options: OptionGroup[]; positionals: Word[] } {
  const leading: Word[] = [];
  const positionals: Word[] = [];
  const options: OptionGroup[] = [];
  for (const word of words) {
    const match = typeof word !== "string" && !word.bare ? null : OPTION.exec(wordText(word));
    if (match) {
      const name = match[1].toLowerCase();
      options.push({ name, typed: match[2] === undefined ? word : `--${name}`, values: match[2] === undefined ? [] : [match[2]] });
      continue;
    }
    const current = options.at(-1);
    if (current === undefined) leading.push(word);
    else if (flags.has(current.name)) positionals.push(word);
    else current.values.push(word);
  }
  return { leading, options, positionals };
}

function ungroup(options: readonly OptionGroup[]): Word[] {
  return options.flatMap((option) => [option.typed, ...option.values]);
}

/** Flags of `s3 ls` that take no value. */
const S3_LS_FLAGS: ReadonlySet<string> = new Set(["recursive", "human-readable", "summarize"]);

/**
 * `s3 ls` lists the buckets; `s3 ls s3://bucket/prefix` lists one level under the prefix (its
 * "folders" as PRE lines), and with `--recursive` every object under it: ListBuckets or
 * ListObjectsV2, as the CLI's high-level command calls them.
 */
function s3Ls(words: readonly Word[]): Rewritten {
  const { leading, options, positionals } = groupWords(words, S3_LS_FLAGS);
  const paths = [...leading, ...positionals].map(wordText);
  if (paths.length > 1) throw new ArgumentError("s3 ls", "at most one path (s3://bucket/prefix)");
  const recursive = options.some((option) => option.name === "recursive");
  const rest = options.filter((option) => !S3_LS_FLAGS.has(option.name));
  const path = paths[0]?.replace(/^s3:\/\//i, "") ?? "";
  if (path === "") return { operation: "list-buckets", words: ungroup(rest), customization: "s3 ls" };
  const slash = path.indexOf("/");
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const prefix = slash < 0 ? "" : path.slice(slash + 1);
  const listed: Word[] = ["--bucket", { text: bucket, bare: false }];
  if (prefix !== "") listed.push("--prefix", { text: prefix, bare: false });
  if (!recursive) listed.push("--delimiter", { text: "/", bare: false });
  return { operation: "list-objects-v2", words: [...listed, ...ungroup(rest)], customization: "s3 ls" };
}

/** The options `cloudwatch put-metric-data` adds for one metric datum (the CLI's putmetricdata customization). */
const METRIC_OPTIONS: ReadonlySet<string> = new Set(["metric-name", "value", "unit", "dimensions", "timestamp", "statistic-values", "storage-resolution"]);

/**
 * `put-metric-data --metric-name X --value 1 --unit Count --dimensions Name=a,Value=b` (or
 * `a=b,c=d`) is one item of `--metric-data`; the namespace and every other option stay as typed.
 */
function putMetricData(words: readonly Word[]): Rewritten | undefined {
  const { leading, options } = groupWords(words);
  const own = options.filter((option) => METRIC_OPTIONS.has(option.name));
  if (own.length === 0) return undefined;
  if (leading.length > 0) throw new ArgumentError(wordText(leading[0]), "an option (--name value) before any value");
  if (options.some((option) => option.name === "metric-data")) throw new ArgumentError("--metric-name", "either --metric-data or --metric-name with --value, not both");
  const byName = new Map<string, OptionGroup>();
  for (const option of own) {
    if (byName.has(option.name)) throw new ArgumentError(`--${option.name}`, "to be given once");
    byName.set(option.name, option);
  }
  const one = (name: string): string | undefined => {
    const option = byName.get(name);
    if (option === undefined) return undefined;
    if (option.values.length !== 1) throw new ArgumentError(`--${name}`, "one value");
    return wordText(option.values[0]);
  };
  const metricName = one("metric-name");
  if (metricName === undefined) throw new ArgumentError("--metric-name", "the metric's name, with --value or --statistic-values");
  const datum: Record<string, unknown> = { MetricName: metricName };
  const value = one("value");
  if (value !== undefined) datum.Value = finiteNumber("--value", value);
  const unit = one("unit");
  if (unit !== undefined) datum.Unit = unit;
  const timestamp = one("timestamp");
  if (timestamp !== undefined) datum.Timestamp = timestamp;
  const resolution = one("storage-resolution");
  if (resolution !== undefined) datum.StorageResolution = finiteNumber("--storage-resolution", resolution);
  const statistics = one("statistic-values");
  if (statistics !== undefined) datum.StatisticValues = shorthandObject("--statistic-values", statistics);
  const dimensions = byName.get("dimensions");
  if (dimensions !== undefined) datum.Dimensions = dimensions.values.flatMap((word) => dimensionsOf(wordText(word)));
  if (value === undefined && statistics === undefined) throw new ArgumentError("--value", "the metric's value (or --statistic-values Sum=…,Minimum=…,Maximum=…,SampleCount=…)");
  const rest = options.filter((option) => !METRIC_OPTIONS.has(option.name));
  return { operation: "put-metric-data", words: [...ungroup(rest), "--metric-data", { text: JSON.stringify([datum]), bare: false }], customization: "cloudwatch put-metric-data" };
}

/** `Name=a,Value=b` (one dimension) or `a=b,c=d` (the CLI's short form: one dimension per pair). */
function dimensionsOf(text: string): Array<{ Name: string; Value: string }> {
  const parsed = shorthandObject("--dimensions", text);
  const keys = Object.keys(parsed);
  if (keys.length === 2 && keys.includes("Name") && keys.includes("Value")) return [{ Name: String(parsed.Name), Value: String(parsed.Value) }];
  return Object.entries(parsed).map(([name, value]) => {
    if (typeof value !== "string") throw new ArgumentError("--dimensions", `Name=value pairs, not a list or structure for ${name}`);
    return { Name: name, Value: value };
  });
}

function shorthandObject(option: string, text: string): Record<string, unknown> {
  if (text.trim().startsWith("{")) {
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch (error) {
      throw new ArgumentError(option, `valid JSON (${(error as Error).message})`, { cause: error });
    }
  }
  if (!looksLikeShorthand(text)) throw new ArgumentError(option, `Key=value pairs, not "${text}"`);
  const value = parseShorthand(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ArgumentError(option, "Key=value pairs");
  return value as Record<string, unknown>;
}

function finiteNumber(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new ArgumentError(option, `a number, not "${text}"`);
  return value;
}
