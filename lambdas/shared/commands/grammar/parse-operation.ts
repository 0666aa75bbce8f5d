import { RegionSchema } from "../../config/schema";
import type { AwsInvocation, CommandRequest, OperationSpec, ParamSpec } from "../operation-model";
import { convertParamValue, isBooleanWord } from "./convert-value";
import { GLOBAL_OPTIONS } from "./limits";
import { isHelpOption, isOption, readOption, withOptionRenamed } from "./options";
import { queryProblem } from "../query";
import { closestMatch } from "./suggest";
import type { Token } from "./tokenize";
import { usageLine } from "./usage";
import { codeWord } from "./words";

/** The words after `<service> <operation>`: options, their values, `--region`, `--query`, `--help`. */
export function parseOperation(text: string, serviceName: string, operation: OperationSpec, args: readonly Token[]): CommandRequest {
  if (args.some(isHelpOption) || (args[0]?.bare && args[0].text.toLowerCase() === "help")) {
    return { kind: "help", service: serviceName, operation: operation.name };
  }
  const command = `${serviceName} ${operation.name}`;
  const usage = usageLine(serviceName, operation);
  const invalid = (message: string, suggestion?: string): CommandRequest => ({ kind: "invalid", message, suggestion });

  const given = new Map<ParamSpec | (typeof GLOBAL_OPTIONS)[number], string[]>();
  for (let index = 0; index < args.length; index++) {
    const token = args[index];
    const option = readOption(token);
    if (option === undefined) {
      return invalid(`Unexpected ${codeWord(token.text)}: values follow the parameter they are for, as in \`--name value\`.\nUsage: \`${usage}\``, usage);
    }
    const target = findTarget(operation, option.name);
    if (target === undefined) {
      const candidates = [...operation.params.map((param) => param.name), ...GLOBAL_OPTIONS];
      const match = closestMatch(option.name, candidates);
      const known = candidates.map((name) => `\`--${name}\``).join(", ");
      return match === undefined
        ? invalid(`${codeWord(`--${option.name}`)} is not a parameter of \`${command}\`. Its parameters: ${known}.`, usage)
        : invalid(`${codeWord(`--${option.name}`)} is not a parameter of \`${command}\`. Did you mean \`--${match}\`?`, withOptionRenamed(text, token, match));
    }
    const key = target.kind === "global" ? target.name : target.param;
    const previous = given.get(key);
    const displayName = target.kind === "global" ? target.name : target.param.name;
    if (previous !== undefined && !(target.kind === "param" && target.param.type === "string-list")) {
      return invalid(`\`--${displayName}\` is given twice.`, usage);
    }

    const words: string[] = [];
    if (target.kind === "param" && target.negated) {
      if (option.inlineValue !== undefined) return invalid(`\`--no-${displayName}\` takes no value.`, usage);
      words.push("false");
    } else if (option.inlineValue !== undefined) {
      words.push(option.inlineValue);
    } else if (target.kind === "param" && target.param.type === "boolean") {
      const next = args[index + 1];
      // A boolean is a flag; "--dry-run false" is accepted too.
      if (next !== undefined && !isOption(next) && isBooleanWord(next.text)) words.push(args[++index].text);
      else words.push("true");
    } else {
      const next = args[index + 1];
      if (next === undefined || isOption(next)) {
        const hint = next === undefined ? "" : ` (for a value that starts with a dash, write ${codeWord(`--${displayName}=${next.text}`)})`;
        return invalid(`\`--${displayName}\` needs a value${hint}.\nUsage: \`${usage}\``, usage);
      }
      words.push(args[++index].text);
    }
    // A list takes every word up to the next option: `--alarm-names a b c`.
    if (target.kind === "param" && target.param.type === "string-list") {
      while (index + 1 < args.length && !isOption(args[index + 1])) words.push(args[++index].text);
    }
    given.set(key, [...(previous ?? []), ...words]);
  }

  const params: Record<string, unknown> = {};
  for (const param of operation.params) {
    const words = given.get(param);
    if (words === undefined) continue;
    const converted = convertParamValue(param, words);
    if (!converted.ok) return invalid(converted.message, usage);
    params[param.name] = converted.value;
  }

  const missing = operation.params.filter((param) => param.required && !Object.hasOwn(params, param.name));
  if (missing.length > 0) {
    const names = missing.map((param) => `\`--${param.name}\``);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
    return invalid(`\`${command}\` needs ${missing.length === 1 ? "the parameter" : "the parameters"} ${list}.\nUsage: \`${usage}\``, usage);
  }

  const region = given.get("region")?.[0];
  if (region !== undefined && !RegionSchema.safeParse(region).success) {
    return invalid(`\`--region\` must be an AWS Region code such as us-east-1, got ${codeWord(region)}.`, usage);
  }
  const query = given.get("query")?.[0];
  const problem = query === undefined ? undefined : queryProblem(query);
  if (problem?.kind === "invalid") return invalid(`\`--query\` is not a valid JMESPath expression: ${problem.message}.`, usage);
  if (problem?.kind === "too-expensive") return invalid(`\`--query\` is too expensive: ${problem.message}. Select fewer fields, or fewer levels of them.`, usage);

  const invocation: AwsInvocation = {
    service: serviceName,
    operation: operation.name,
    params,
    ...(region !== undefined && { region }),
    ...(query !== undefined && { query }),
  };
  return { kind: "aws", invocation };
}

type Target =
  | { readonly kind: "global"; readonly name: (typeof GLOBAL_OPTIONS)[number] }
  | { readonly kind: "param"; readonly param: ParamSpec; readonly negated: boolean };

/** A param by its CLI name or its SDK name ("topic-arn" or "TopicArn"), a global option, or `--no-<flag>`. */
function findTarget(operation: OperationSpec, name: string): Target | undefined {
  const param = operation.params.find((spec) => spec.name === name || spec.sdkName.toLowerCase() === name);
  if (param !== undefined) return { kind: "param", param, negated: false };
  const global = GLOBAL_OPTIONS.find((option) => option === name);
  if (global !== undefined) return { kind: "global", name: global };
  if (name.startsWith("no-")) {
    const flag = operation.params.find((spec) => spec.type === "boolean" && spec.name === name.slice(3));
    if (flag !== undefined) return { kind: "param", param: flag, negated: true };
  }
  return undefined;
}
