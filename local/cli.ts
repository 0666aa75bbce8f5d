import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { publish, UsageError } from "./runtime/client/publish";
import { fetchState, getJson, runtimeUrl, RuntimeUnreachableError } from "./runtime/client/runtime-client";
import { type SlashCommandOutcome, sendSlashCommand } from "./runtime/client/slash-command";
import { slackMessageText } from "./runtime/client/slack-text";
import { formatStatus } from "./runtime/client/status";

/** `herald …`: talks to a running local runtime (`npm start`) at HERALD_URL or 127.0.0.1:$HERALD_PORT. */

const DEFAULT_WAIT_SECONDS = 30;

const USAGE = `Usage:
  herald publish --topic <name|arn> (--message <text> | --file <path>) [--subject <text>] [--region <region>] [--repeat <n>]
    --repeat publishes n copies at once (each with " #i" after a text message), like an incident's burst.
  herald status [--json]
  herald slack "<text>" [--channel <id>] [--user <id>] [--wait <seconds>] [--json]
    Sends a slash command signed like Slack, prints the immediate answer, then what the worker
    posts on response_url (waiting until it is done, at most --wait seconds, default ${DEFAULT_WAIT_SECONDS}).
    Exits 0 when an answer was delivered.

The runtime is found at HERALD_URL, or http://127.0.0.1:\${HERALD_PORT:-3000}.`;

// The SDK's notice about this machine's Node version is noise in a CLI's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const baseUrl = runtimeUrl();
  switch (command) {
    case "publish": {
      const { values } = parseArgs({
        args: rest,
        options: { topic: { type: "string" }, message: { type: "string" }, file: { type: "string" }, subject: { type: "string" }, region: { type: "string" }, repeat: { type: "string" } },
      });
      if (!values.topic) throw new UsageError("--topic is required");
      if ((values.message === undefined) === (values.file === undefined)) throw new UsageError("Give either --message <text> or --file <path>");
      const repeat = values.repeat === undefined ? 1 : Number(values.repeat);
      if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1_000) throw new UsageError("--repeat takes a whole number from 1 to 1000");
      const message = values.message ?? readFileSync(values.file as string, "utf8");
      const state = await fetchState(baseUrl);
      const { topic, subject, region } = values;
      // A file's JSON is sent as it is each time (SNS gives each copy its own MessageId); a text gets its number.
      const copies = Array.from({ length: repeat }, (_, i) => (repeat > 1 && values.message !== undefined ? `${message} #${i + 1}` : message));
      const published = await Promise.all(copies.map((text) => publish(baseUrl, state, { topic, message: text, subject, region })));
      for (const { messageId, topicArn } of published) process.stdout.write(`MessageId: ${messageId}\nTopic: ${topicArn}\n`);
      return 0;
    }
    case "status": {
      const { values } = parseArgs({ args: rest, options: { json: { type: "boolean" } } });
      const state = await fetchState(baseUrl);
      process.stdout.write(`${values.json ? JSON.stringify(state, null, 2) : formatStatus(state)}\n`);
      return 0;
    }
    case "slack": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { channel: { type: "string" }, user: { type: "string" }, wait: { type: "string" }, json: { type: "boolean" } },
      });
      if (positionals.length === 0) throw new UsageError('Give the command text, e.g. herald slack "/aws sns list-topics"');
      const state = await fetchState(baseUrl);
      const signingSecret = process.env.HERALD_SIGNING_SECRET?.trim() || (await getJson<{ signingSecret: string }>(baseUrl, "/api/signing-secret")).signingSecret;
      const waitSeconds = values.wait === undefined ? DEFAULT_WAIT_SECONDS : Number(values.wait);
      if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UsageError("--wait takes a number of seconds");
      const userId = values.user ?? state.admins[0];
      const outcome = await sendSlashCommand(baseUrl, state, { text: positionals.join(" "), channelId: values.channel, userId, signingSecret, waitMs: waitSeconds * 1000 });
      process.stdout.write(values.json ? `${JSON.stringify(outcome, null, 2)}\n` : formatSlashOutcome(outcome, userId));
      return slashExitCode(outcome, waitSeconds);
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 1 : 0;
    default:
      throw new UsageError(`Unknown command ${command}`);
  }
}

/** The answers as Slack would show them to the person who typed the command, as text. */
function formatSlashOutcome(outcome: SlashCommandOutcome, userId: string): string {
  const indent = (text: string) => text.split("\n").map((line) => `  ${line}`).join("\n");
  const visibility = (payload: unknown) =>
    (payload as { response_type?: unknown } | null)?.response_type === "in_channel" ? "in the channel" : `only visible to ${userId}`;
  const immediate = parseJson(outcome.body);
  const parts = [
    outcome.status >= 200 && outcome.status < 300
      ? `HTTP ${outcome.status} · immediate answer (${outcome.body.trim() ? visibility(immediate) : "empty"}):\n${indent(immediate === undefined ? outcome.body : slackMessageText(immediate))}`
      : `HTTP ${outcome.status} · the command function refused or failed:\n${indent(outcome.body)}`,
    ...outcome.later.map(({ afterMs, payload }) => `On response_url, ${(afterMs / 1000).toFixed(1)} s later (${visibility(payload)}):\n${indent(slackMessageText(payload))}`),
  ];
  return `${parts.join("\n\n")}\n`;
}

/** 0 when an answer was delivered: a 2xx, and the worker's answer if the command function handed it one. */
function slashExitCode(outcome: SlashCommandOutcome, waitSeconds: number): number {
  if (outcome.status < 200 || outcome.status > 299) return 1;
  if (outcome.dispatched === 0 || outcome.later.length > 0) return 0;
  if (waitSeconds === 0) return 0; // asked not to wait for the worker
  process.stderr.write(outcome.timedOut
    ? `herald: no answer on response_url within ${waitSeconds} s (the worker is still running; try --wait)\n`
    : "herald: the worker finished without answering on response_url; see the runtime's terminal for its log\n");
  return 1;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const err = error as Error;
    if (error instanceof UsageError) process.stderr.write(`herald: ${err.message}\n\n${USAGE}\n`);
    else if (error instanceof RuntimeUnreachableError) process.stderr.write(`herald: ${err.message}\n`);
    else if ((error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) process.stderr.write(`herald: ${err.message}\n\n${USAGE}\n`);
    // SNS errors (e.g. NotFoundException) come back as the SDK names them.
    else process.stderr.write(`herald: ${err.name}: ${err.message}\n`);
    process.exit(1);
  },
);
