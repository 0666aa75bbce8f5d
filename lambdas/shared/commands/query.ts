import * as jmespath from "jmespath";
import { HeraldError } from "../errors";

/**
 * `--query` (JMESPath), bounded. An expression is checked when the command is parsed, so a typo
 * or a query that could never finish is reported before AWS is called, and applied to the output
 * with a budget, so one member's query can never keep the worker busy until Lambda kills it (and
 * with it every other command the process is running).
 *
 * jmespath 0.16 evaluates without any hook to stop it. It shares references, so `[@,@]|[@,@]|…`
 * costs it nothing, but the 2^n result it describes is walked by everything after it (flatten,
 * functions, rendering). So the bound is on what an expression can multiply: the product of its
 * multi-selects' widths (every `[a,b]` and `{a:a,b:b}` can repeat all of its input), together with
 * its length and its number and depth of nodes; and the result is measured, node by node with
 * shared ones counted each time, before anything else touches it.
 */
export const QUERY_LIMITS = {
  maxLength: 1_000,
  maxNodes: 300,
  maxDepth: 40,
  /** How many times over an expression may repeat its input; real queries select 2–20 fields, nested once or twice. */
  maxFanOut: 256,
  /** Values in a query's result (array elements and object members, recursively): far more than a chat message can show. */
  maxResultValues: 100_000,
} as const;

/** `compile` is part of the jmespath package's API but missing from its type definitions. */
const { compile } = jmespath as typeof jmespath & { compile(expression: string): unknown };

/** The query would take more work than a command may: its message is for the member. */
export class QueryTooExpensiveError extends HeraldError {
  constructor(why: string) {
    super(`--query too expensive: ${why}. Select fewer fields, or fewer levels of them.`, { expose: true });
  }
}

export type QueryProblem = { readonly kind: "invalid" | "too-expensive"; readonly message: string };

/** Why `expression` cannot be used as `--query`, or undefined when it can. */
export function queryProblem(expression: string): QueryProblem | undefined {
  if (expression.trim() === "") return { kind: "invalid", message: "it is empty" };
  if (expression.length > QUERY_LIMITS.maxLength) return { kind: "too-expensive", message: `it is ${expression.length.toLocaleString("en-US")} characters long (at most ${QUERY_LIMITS.maxLength.toLocaleString("en-US")})` };
  let ast: unknown;
  try {
    ast = compile(expression);
  } catch (error) {
    return { kind: "invalid", message: error instanceof Error ? error.message : String(error) };
  }
  const cost = expressionCost(ast);
  if (cost.nodes > QUERY_LIMITS.maxNodes) return { kind: "too-expensive", message: `it has ${cost.nodes} parts (at most ${QUERY_LIMITS.maxNodes})` };
  if (cost.depth > QUERY_LIMITS.maxDepth) return { kind: "too-expensive", message: `it nests ${cost.depth} levels deep (at most ${QUERY_LIMITS.maxDepth})` };
  if (cost.fanOut > QUERY_LIMITS.maxFanOut) return { kind: "too-expensive", message: `its multi-selects repeat the output up to ${cost.fanOut > 1e9 ? "billions of" : cost.fanOut.toLocaleString("en-US")} times (at most ${QUERY_LIMITS.maxFanOut})` };
  return undefined;
}

/** The query applied to `data`; throws QueryTooExpensiveError past the limits, and jmespath's own errors as they are. */
export function applyQuery(data: unknown, expression: string): unknown {
  const problem = queryProblem(expression);
  if (problem?.kind === "too-expensive") throw new QueryTooExpensiveError(problem.message);
  const result: unknown = jmespath.search(data as Parameters<typeof jmespath.search>[0], expression);
  if (!withinValues(result, QUERY_LIMITS.maxResultValues)) throw new QueryTooExpensiveError(`its result has more than ${QUERY_LIMITS.maxResultValues.toLocaleString("en-US")} values`);
  return result;
}

interface ExpressionCost {
  readonly nodes: number;
  readonly depth: number;
  readonly fanOut: number;
}

interface AstNode {
  readonly type?: unknown;
  readonly children?: unknown;
  readonly value?: unknown;
}

/** Counts nodes and depth, and multiplies the widths of multi-selects (conservatively: nested or in sequence, alike). */
function expressionCost(root: unknown): ExpressionCost {
  let nodes = 0;
  let depth = 0;
  let fanOut = 1;
  const stack: Array<{ node: unknown; level: number }> = [{ node: root, level: 1 }];
  while (stack.length > 0) {
    const { node, level } = stack.pop() as { node: unknown; level: number };
    if (typeof node !== "object" || node === null) continue;
    const { type, children, value } = node as AstNode;
    nodes++;
    depth = Math.max(depth, level);
    const kids = Array.isArray(children) ? children : [];
    if (type === "MultiSelectList" || type === "MultiSelectHash") fanOut = Math.min(Number.MAX_SAFE_INTEGER, fanOut * Math.max(1, kids.length));
    for (const child of kids) stack.push({ node: child, level: level + 1 });
    // A hash's pairs hold their expression in `value` (a literal's `value` is data, not an expression).
    if (type === "KeyValuePair") stack.push({ node: value, level: level + 1 });
  }
  return { nodes, depth, fanOut };
}

/** True when `value` holds at most `budget` values, counting a shared one each time it appears (as a renderer would walk it). */
function withinValues(value: unknown, budget: number): boolean {
  let remaining = budget;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== "object" || current === null) continue;
    const members = Array.isArray(current) ? current : Object.values(current);
    remaining -= members.length;
    if (remaining < 0) return false;
    for (const member of members) stack.push(member);
  }
  return true;
}
