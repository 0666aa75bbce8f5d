import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { HeraldError } from "../lambdas/shared/errors";
import { SLACK_ROUTES, SLACK_URL_OUTPUTS, type SlackEndpoint } from "../lib/command-api-contract";

/**
 * `npm run slack-manifest -- --outputs cdk-outputs.json` (or `--base-url https://…`) prints the
 * Slack app manifest for the deployed Herald, ready for api.slack.com → Create New App → From a
 * manifest: the /aws slash command, the bot scopes, the event subscription and interactivity,
 * each pointing at the command API's Request URLs.
 */

export type SlackRequestUrls = Readonly<Record<SlackEndpoint, string>>;

/** The subset of Slack's app manifest (schema version 1) that Herald fills in. */
export interface SlackAppManifest {
  readonly _metadata: { readonly major_version: 1; readonly minor_version: 1 };
  readonly display_information: { readonly name: string; readonly description: string; readonly background_color: string };
  readonly features: {
    readonly bot_user: { readonly display_name: string; readonly always_online: boolean };
    readonly slash_commands: ReadonlyArray<{ readonly command: string; readonly url: string; readonly description: string; readonly usage_hint: string; readonly should_escape: boolean }>;
  };
  readonly oauth_config: { readonly scopes: { readonly bot: readonly string[] } };
  readonly settings: {
    readonly event_subscriptions: { readonly request_url: string; readonly bot_events: readonly string[] };
    readonly interactivity: { readonly is_enabled: true; readonly request_url: string };
    readonly org_deploy_enabled: false;
    readonly socket_mode_enabled: false;
    readonly token_rotation_enabled: false;
  };
}

/**
 * What Herald needs from Slack: post answers and notifications (also in public channels it was not
 * invited to), receive /aws, and hear @Herald mentions.
 */
// channels:history and groups:history: after a post whose outcome was uncertain (Slack slow to answer),
// the forwarder reads the channel's recent messages for the post's delivery id before posting again.
export const BOT_SCOPES = ["app_mentions:read", "channels:history", "chat:write", "chat:write.public", "commands", "groups:history"] as const;

/** A missing or unusable outputs file or URL: the message says which and what to do. */
export class SlackManifestError extends HeraldError {
  constructor(message: string) {
    super(message, { expose: true });
  }
}

export function buildSlackManifest(urls: SlackRequestUrls): SlackAppManifest {
  for (const endpoint of Object.keys(SLACK_ROUTES) as SlackEndpoint[]) checkRequestUrl(urls[endpoint], endpoint);
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: "Herald",
      description: "Self-hosted AWS Chatbot: AWS notifications in your channels, and AWS commands run with each channel's role.",
      background_color: "#232f3e",
    },
    features: {
      // Slack allows only a-z, 0-9, "-", "_" and "." in a bot user's display name.
      bot_user: { display_name: "herald", always_online: true },
      slash_commands: [{
        command: "/aws",
        url: urls.commands,
        description: "Run an AWS command with this channel's role and guardrails",
        usage_hint: "<service> <operation> [--param value]… | help | alias …",
        should_escape: false,
      }],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { request_url: urls.events, bot_events: ["app_mention"] },
      interactivity: { is_enabled: true, request_url: urls.interactions },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}

/** `https://host[/stage]` → each endpoint's URL (a custom domain has no stage; execute-api has `/herald`). */
export function urlsFromBaseUrl(baseUrl: string): SlackRequestUrls {
  const base = baseUrl.trim().replace(/\/+$/, "");
  checkRequestUrl(base, "--base-url");
  return { commands: `${base}${SLACK_ROUTES.commands}`, events: `${base}${SLACK_ROUTES.events}`, interactions: `${base}${SLACK_ROUTES.interactions}` };
}

/**
 * The Request URLs from `cdk deploy --outputs-file` (`{ "<stack>": { "<output>": "<value>" } }`): the
 * one stack that has them (the home Region's), or the one named by `stackName`.
 */
export function urlsFromCdkOutputs(outputs: unknown, stackName?: string): SlackRequestUrls {
  if (typeof outputs !== "object" || outputs === null || Array.isArray(outputs)) {
    throw new SlackManifestError("the outputs file is not a `cdk deploy --outputs-file` JSON object");
  }
  const stacks = Object.entries(outputs as Record<string, unknown>)
    .filter((entry): entry is [string, Record<string, unknown>] => typeof entry[1] === "object" && entry[1] !== null)
    .filter(([name, values]) => (stackName ? name === stackName : SLACK_URL_OUTPUTS.commands in values));
  if (stacks.length === 0) {
    throw new SlackManifestError(stackName
      ? `stack ${stackName} is not in the outputs file`
      : `no stack in the outputs file has ${SLACK_URL_OUTPUTS.commands}; deploy the home Region's stack with --outputs-file, or pass --base-url`);
  }
  if (stacks.length > 1) {
    throw new SlackManifestError(`several stacks have Slack URLs (${stacks.map(([name]) => name).join(", ")}); choose one with --stack`);
  }
  const [name, values] = stacks[0];
  const url = (endpoint: SlackEndpoint): string => {
    const value = values[SLACK_URL_OUTPUTS[endpoint]];
    if (typeof value !== "string") throw new SlackManifestError(`stack ${name} has no ${SLACK_URL_OUTPUTS[endpoint]} output`);
    return value;
  };
  return { commands: url("commands"), events: url("events"), interactions: url("interactions") };
}

/** Slack only calls https Request URLs; credentials, queries and fragments have no place in them. */
function checkRequestUrl(value: string, what: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SlackManifestError(`${what}: not a URL: ${value}`);
  }
  if (url.protocol !== "https:") throw new SlackManifestError(`${what}: Slack needs an https URL, got ${value}`);
  if (url.username || url.password || url.search || url.hash) throw new SlackManifestError(`${what}: must not carry credentials, a query or a fragment`);
}

const USAGE = `Usage:
  npm run slack-manifest -- --outputs cdk-outputs.json [--stack Herald-<home region>]
  npm run slack-manifest -- --base-url https://<api id>.execute-api.<region>.amazonaws.com/herald
  npm run slack-manifest -- --base-url https://<custom domain>

--outputs reads the file written by \`cdk deploy --all --outputs-file cdk-outputs.json\`;
--base-url (which wins over --outputs) is the API's address, to which /slack/commands etc. are appended.`;

export function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): number {
  let values: { outputs?: string; "base-url"?: string; stack?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { outputs: { type: "string" }, "base-url": { type: "string" }, stack: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  try {
    let urls: SlackRequestUrls;
    if (values["base-url"] !== undefined) {
      urls = urlsFromBaseUrl(values["base-url"]);
    } else if (values.outputs !== undefined) {
      urls = urlsFromCdkOutputs(readOutputsFile(values.outputs), values.stack);
    } else {
      err(`Give --outputs <file> or --base-url <url>.\n\n${USAGE}`);
      return 2;
    }
    out(JSON.stringify(buildSlackManifest(urls), null, 2));
    return 0;
  } catch (error) {
    if (!(error instanceof SlackManifestError)) throw error;
    err(`slack-manifest: ${error.message}`);
    return 1;
  }
}

function readOutputsFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new SlackManifestError(`cannot read ${file}: ${(cause as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new SlackManifestError(`${file} is not JSON: ${(cause as Error).message}`);
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), (text) => process.stdout.write(`${text}\n`), (text) => process.stderr.write(`${text}\n`));
}
