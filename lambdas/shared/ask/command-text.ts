import { quoteArg } from "../commands/grammar/quote";
import type { ParameterValue } from "./tools";

/**
 * A read the model asked for, written as the command a member would type (`cloudwatch
 * describe-alarms --state-value ALARM --region eu-west-1`). That text is what runs, through the
 * same grammar, catalogue and checks as a typed command, and what the answer lists with "Run again".
 */
export interface OperationCall {
  readonly service: string;
  readonly operation: string;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly region?: string;
}

export function commandText(call: OperationCall): string {
  const words = [call.service, call.operation];
  for (const [name, value] of Object.entries(call.parameters)) {
    if (value === null || value === undefined) continue;
    if (value === true) words.push(`--${name}`);
    else if (value === false) words.push(`--no-${name}`);
    else if (Array.isArray(value) && value.every((item) => typeof item === "string" || typeof item === "number")) {
      if (value.length > 0) words.push(`--${name}`, ...value.map((item) => quoteArg(String(item))));
    } else if (typeof value === "object") words.push(`--${name}`, quoteArg(JSON.stringify(value)));
    else words.push(`--${name}`, quoteArg(String(value)));
  }
  if (call.region !== undefined) words.push("--region", quoteArg(call.region));
  return words.join(" ");
}
