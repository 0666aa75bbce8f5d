import { randomBytes } from "node:crypto";
import { isAbsolute, join, resolve } from "node:path";

/** Everything `npm start` takes from its environment, read once and validated here. */
export interface RuntimeSettings {
  readonly configPath: string;
  readonly port: number;
  /** The local Slack signing secret: requests to /slack/* must be signed with it. */
  readonly signingSecret: string;
  /** Where the forwarders post: the user's SLACK_API_URL, or undefined for the local sink. */
  readonly slackApiUrl?: string;
  /** The bot token the Secrets Manager stand-in hands out (a fake one unless the user gives a real one). */
  readonly botToken: string;
  /** HERALD_GUARDRAILS: a JSON file of guardrail policy documents by ARN (see guardrails.ts). */
  readonly guardrailsPath?: string;
  /** HERALD_DATA_DIR: where the tables are kept between runs (default `.herald-local/` of the checkout, gitignored). */
  readonly dataDir: string;
  /** `npm start -- --fresh` or HERALD_FRESH=1: forget the kept tables and start empty. */
  readonly fresh: boolean;
}

export const REPO_ROOT = join(__dirname, "..", "..");
export const DEFAULT_CONFIG_PATH = join(REPO_ROOT, "config", "herald.example.json");
export const DEFAULT_PORT = 3000;
export const DEFAULT_DATA_DIR = join(REPO_ROOT, ".herald-local");
const FRESH_FLAG = "--fresh";
const LOCAL_BOT_TOKEN = "xoxb-local-0000-herald-bot-token";

export class InvalidSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidSettingError";
  }
}

export function readSettings(env: NodeJS.ProcessEnv = process.env, args: readonly string[] = process.argv.slice(2)): RuntimeSettings {
  const unknown = args.find((arg) => arg !== FRESH_FLAG);
  if (unknown !== undefined) throw new InvalidSettingError(`Unknown option "${unknown}"; the one option is ${FRESH_FLAG} (start with empty tables)`);
  const configPath = env.HERALD_CONFIG?.trim() ? absolute(env.HERALD_CONFIG.trim()) : DEFAULT_CONFIG_PATH;
  const signingSecret = env.HERALD_SIGNING_SECRET?.trim() || randomBytes(16).toString("hex");
  return {
    configPath,
    port: readPort(env.HERALD_PORT),
    signingSecret,
    slackApiUrl: env.SLACK_API_URL?.trim() || undefined,
    botToken: env.HERALD_SLACK_BOT_TOKEN?.trim() || LOCAL_BOT_TOKEN,
    guardrailsPath: env.HERALD_GUARDRAILS?.trim() ? absolute(env.HERALD_GUARDRAILS.trim()) : undefined,
    dataDir: env.HERALD_DATA_DIR?.trim() ? absolute(env.HERALD_DATA_DIR.trim()) : DEFAULT_DATA_DIR,
    fresh: args.includes(FRESH_FLAG) || ["1", "true"].includes(env.HERALD_FRESH?.trim().toLowerCase() ?? ""),
  };
}

export function readPort(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new InvalidSettingError(`HERALD_PORT must be a port number (1-65535), got "${value}"`);
  }
  return port;
}

// Relative to where the user ran `npm start` (npm keeps INIT_CWD), not to the repo.
function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
