import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { publish, UsageError } from "./runtime/client/publish";
import { fetchState, getJson, runtimeUrl, RuntimeUnreachableError } from "./runtime/client/runtime-client";
import { sendSlashCommand } from "./runtime/client/slash-command";
import { formatStatus } from "./runtime/client/status";

/** `herald …`: talks to a running local runtime (`npm start`) at HERALD_URL or 127.0.0.1:$HERALD_PORT. */

const USAGE = `Usage:
  herald publish --topic <name|arn> (--message <text> | --file <path>) [--subject <text>] [--region <region>]
  herald status [--json]
  herald slack "<text>" [--channel <id>] [--user <id>] [--wait <seconds>]

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
        options: { topic: { type: "string" }, message: { type: "string" }, file: { type: "string" }, subject: { type: "string" }, region: { type: "string" } },
      });
      if (!values.topic) throw new UsageError("--topic is required");
      if ((values.message === undefined) === (values.file === undefined)) throw new UsageError("Give either --message <text> or --file <path>");
      const message = values.message ?? readFileSync(values.file as string, "utf8");
      const state = await fetchState(baseUrl);
      const { messageId, topicArn } = await publish(baseUrl, state, { topic: values.topic, message, subject: values.subject, region: values.region });
      process.stdout.write(`MessageId: ${messageId}\nTopic: ${topicArn}\n`);
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
        options: { channel: { type: "string" }, user: { type: "string" }, wait: { type: "string" } },
      });
      if (positionals.length === 0) throw new UsageError('Give the command text, e.g. herald slack "/aws sns list-topics"');
      const state = await fetchState(baseUrl);
      const signingSecret = process.env.HERALD_SIGNING_SECRET?.trim() || (await getJson<{ signingSecret: string }>(baseUrl, "/api/signing-secret")).signingSecret;
      const waitSeconds = values.wait === undefined ? 3 : Number(values.wait);
      if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UsageError("--wait takes a number of seconds");
      const outcome = await sendSlashCommand(baseUrl, state, {
        text: positionals.join(" "), channelId: values.channel, userId: values.user, signingSecret, waitMs: waitSeconds * 1000,
      });
      process.stdout.write(`HTTP ${outcome.status}\n${prettyJson(outcome.body)}\n`);
      for (const payload of outcome.later) process.stdout.write(`\nLater, on response_url:\n${JSON.stringify(payload, null, 2)}\n`);
      return outcome.status >= 200 && outcome.status < 300 ? 0 : 1;
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

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
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
