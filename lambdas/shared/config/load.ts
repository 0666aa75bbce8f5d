import { readFileSync } from "node:fs";
import { HeraldConfigError } from "../errors";
import { type HeraldConfig, HeraldConfigSchema } from "./schema";

/** Validates an already-parsed config object; throws HeraldConfigError naming every bad field. */
export function parseHeraldConfig(input: unknown, source = "Herald config"): HeraldConfig {
  const result = HeraldConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new HeraldConfigError(`${source} is invalid:\n${issues.map((i) => `  - ${i}`).join("\n")}`, issues);
}

/** Reads and validates the Herald config file (JSON). */
export function loadHeraldConfig(path: string): HeraldConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new HeraldConfigError(`Cannot read Herald config ${path}: ${(cause as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new HeraldConfigError(`Herald config ${path} is not valid JSON: ${(cause as Error).message}`);
  }
  return parseHeraldConfig(json, `Herald config ${path}`);
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}
