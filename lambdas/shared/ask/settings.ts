import { AskSchema, type AskConfig } from "../config/ask";
import type { AskBounds } from "./model";

/** The `ask` section as the worker reads it (HERALD_ASK): validated again, so a hand-edited variable fails at init, by name. */
export function parseAskVariable(raw: string | undefined): (AskConfig & { readonly region: string }) | undefined {
  if (raw === undefined) return undefined;
  const parsed = AskSchema.safeParse(JSON.parse(raw));
  if (!parsed.success || parsed.data.region === undefined) throw new Error(`HERALD_ASK is not a valid ask configuration: ${parsed.success ? "region is missing" : parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
  return { ...parsed.data, region: parsed.data.region };
}

export function askBounds(config: AskConfig): AskBounds {
  return { maxToolCalls: config.maxToolCalls, tokenBudget: config.tokenBudget, timeLimitMs: config.timeLimitSeconds * 1000, maxAnswerTokens: config.maxAnswerTokens };
}
