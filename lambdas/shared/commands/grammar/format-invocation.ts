import type { AwsInvocation } from "../operation-model";
import { quoteArg } from "./quote";

/**
 * An invocation in CLI form, for confirmations and the audit log: `sns publish --topic-arn arn:… --message "hi there"`.
 * Parsing the result (parseDecodedCommand) gives back the same invocation: values are quoted as
 * needed, lists are written as JSON lists (which string-list params accept), and booleans as
 * `--x true`/`--x false`: without the param's type, a bare `--x` could not be told from a JSON `true`.
 */
export function formatInvocation(invocation: AwsInvocation): string {
  const words = [invocation.service, invocation.operation];
  for (const [name, value] of Object.entries(invocation.params)) {
    if (value === undefined) continue;
    words.push(`--${name}`, quoteArg(typeof value === "string" ? value : JSON.stringify(value) ?? String(value)));
  }
  if (invocation.region !== undefined) words.push("--region", quoteArg(invocation.region));
  if (invocation.query !== undefined) words.push("--query", quoteArg(invocation.query));
  return words.join(" ");
}
