/**
 * EventBridge event patterns, checked the way EventBridge reads them, so a bad pattern fails when
 * the config is read (naming the field) rather than at deploy time or, worse, by never matching.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */

/** The fields of an EventBridge event's envelope; anything else sits under `detail`. */
export const EVENT_ENVELOPE_FIELDS = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail", "replay-name"] as const;

/** PutRule's limit on a pattern's JSON text. */
export const MAX_EVENT_PATTERN_LENGTH = 4096;

const COMPARISONS = ["<", "<=", "=", ">", ">="];
const LOWER_BOUNDS = [">", ">="];
const UPPER_BOUNDS = ["<", "<="];
/** Content filters a matcher object may use (exactly one per object). */
const MATCHERS = ["prefix", "suffix", "anything-but", "numeric", "exists", "cidr", "equals-ignore-case", "wildcard"] as const;
const CIDR = /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/;

export interface PatternIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every problem of a pattern, each with the path of the field inside the pattern. */
export function eventPatternIssues(pattern: unknown): PatternIssue[] {
  if (!isObject(pattern)) return [{ path: [], message: "must be a JSON object such as {\"source\": [\"aws.guardduty\"]}" }];
  const issues: PatternIssue[] = [];
  const text = JSON.stringify(pattern);
  if (text.length > MAX_EVENT_PATTERN_LENGTH) issues.push({ path: [], message: `is ${text.length} characters as JSON; EventBridge allows at most ${MAX_EVENT_PATTERN_LENGTH}` });
  checkObject(pattern, [], true, issues);
  return issues;
}

function checkObject(pattern: Json, path: (string | number)[], envelope: boolean, issues: PatternIssue[]): void {
  const keys = Object.keys(pattern);
  if (keys.length === 0) issues.push({ path, message: "is empty: an empty pattern matches nothing; name at least one field" });
  for (const key of keys) {
    const value = pattern[key];
    const at = [...path, key];
    if (key === "$or") {
      checkOr(value, at, envelope, issues);
    } else if (envelope && !(EVENT_ENVELOPE_FIELDS as readonly string[]).includes(key)) {
      issues.push({ path: at, message: `is not a field of an EventBridge event (${EVENT_ENVELOPE_FIELDS.join(", ")}); a service's own fields go under detail` });
    } else if (envelope && key === "detail") {
      if (isObject(value)) checkObject(value, at, false, issues);
      else issues.push({ path: at, message: "must be an object of detail fields, such as {\"severity\": [{\"numeric\": [\">=\", 7]}]}" });
    } else if (isObject(value) && !envelope) {
      checkObject(value, at, false, issues);
    } else if (Array.isArray(value)) {
      checkValues(value, at, issues);
    } else {
      issues.push({ path: at, message: `must be a list of values to match, such as [${JSON.stringify(value ?? "value")}]${envelope ? "" : ", or an object of nested fields"}` });
    }
  }
}

function checkOr(value: unknown, path: (string | number)[], envelope: boolean, issues: PatternIssue[]): void {
  if (!Array.isArray(value) || value.length < 2) {
    issues.push({ path, message: "must be a list of at least two alternative patterns (objects)" });
    return;
  }
  value.forEach((alternative, index) => {
    if (isObject(alternative)) checkObject(alternative, [...path, index], envelope, issues);
    else issues.push({ path: [...path, index], message: "must be an object (an alternative pattern)" });
  });
}

function checkValues(values: unknown[], path: (string | number)[], issues: PatternIssue[]): void {
  if (values.length === 0) issues.push({ path, message: "is an empty list, which matches nothing; list at least one value" });
  values.forEach((value, index) => {
    const at = [...path, index];
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
      if (typeof value === "number" && !Number.isFinite(value)) issues.push({ path: at, message: "must be a finite number" });
      return;
    }
    if (!isObject(value)) {
      issues.push({ path: at, message: "must be a string, number, boolean, null or a matcher object such as {\"prefix\": \"prod-\"}" });
      return;
    }
    const keys = Object.keys(value);
    if (keys.length !== 1 || !(MATCHERS as readonly string[]).includes(keys[0])) {
      issues.push({ path: at, message: `must be a matcher object with exactly one of ${MATCHERS.join(", ")}; got ${keys.length === 0 ? "{}" : keys.join(", ")}` });
      return;
    }
    const matcher = keys[0];
    const problem = matcherProblem(matcher, value[matcher]);
    if (problem !== undefined) issues.push({ path: [...at, matcher], message: problem });
  });
}

function matcherProblem(matcher: string, operand: unknown): string | undefined {
  switch (matcher) {
    case "numeric":
      return numericProblem(operand);
    case "exists":
      return typeof operand === "boolean" ? undefined : "must be true or false";
    case "prefix":
    case "suffix":
      if (typeof operand === "string") return undefined;
      return isObject(operand) && Object.keys(operand).length === 1 && typeof operand["equals-ignore-case"] === "string"
        ? undefined
        : "must be a string, or {\"equals-ignore-case\": string}";
    case "equals-ignore-case":
    case "wildcard":
      return typeof operand === "string" ? undefined : "must be a string";
    case "cidr":
      return typeof operand === "string" && CIDR.test(operand) ? undefined : "must be an IPv4 or IPv6 CIDR block such as 10.0.0.0/24";
    case "anything-but":
      return anythingButProblem(operand);
    default:
      return `${matcher} is not a matcher`;
  }
}

/** `[op, n]` or a range `[">"|">=", n, "<"|"<=", m]` with n < m. */
function numericProblem(operand: unknown): string | undefined {
  const shape = "must be [comparison, number] or a range such as [\">=\", 7, \"<\", 9], comparisons being <, <=, =, >, >=";
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) return shape;
  for (let i = 0; i < operand.length; i += 2) {
    if (typeof operand[i] !== "string" || !COMPARISONS.includes(operand[i])) return `${shape}; ${JSON.stringify(operand[i])} is not a comparison`;
    if (typeof operand[i + 1] !== "number" || !Number.isFinite(operand[i + 1])) return `${shape}; ${JSON.stringify(operand[i + 1])} is not a number`;
  }
  if (operand.length === 4) {
    if (!LOWER_BOUNDS.includes(operand[0]) || !UPPER_BOUNDS.includes(operand[2])) return `${shape}; a range is a lower bound (>, >=) then an upper bound (<, <=)`;
    if (operand[1] >= operand[3]) return `is an empty range: ${operand[1]} is not below ${operand[3]}`;
  }
  return undefined;
}

function anythingButProblem(operand: unknown): string | undefined {
  if (typeof operand === "string" || (typeof operand === "number" && Number.isFinite(operand))) return undefined;
  if (Array.isArray(operand)) {
    if (operand.length === 0) return "must not be an empty list";
    const allStrings = operand.every((v) => typeof v === "string");
    const allNumbers = operand.every((v) => typeof v === "number" && Number.isFinite(v));
    return allStrings || allNumbers ? undefined : "must be a list of strings or a list of numbers";
  }
  if (isObject(operand) && Object.keys(operand).length === 1) {
    const [key] = Object.keys(operand);
    const value = operand[key];
    const textOrTexts = typeof value === "string" || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string"));
    if (["prefix", "suffix", "equals-ignore-case", "wildcard"].includes(key) && textOrTexts) return undefined;
  }
  return "must be a value, a list of values, or one of {\"prefix\"|\"suffix\"|\"equals-ignore-case\"|\"wildcard\": string}";
}
