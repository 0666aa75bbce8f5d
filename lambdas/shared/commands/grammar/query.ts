import * as jmespath from "jmespath";

/**
 * `--query` is JMESPath, checked when the command is parsed so a typo is reported before AWS is
 * called. `compile` is part of the jmespath package's API but missing from its type definitions.
 */
const { compile } = jmespath as typeof jmespath & { compile(expression: string): unknown };

/** Why `expression` is not valid JMESPath, or undefined when it is. */
export function jmesPathProblem(expression: string): string | undefined {
  if (expression.trim() === "") return "it is empty";
  try {
    compile(expression);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
