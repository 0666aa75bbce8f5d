import { HeraldConfigError } from "../../lambdas/shared/errors";
import { JavaMissingError } from "../dynamodb-local";
import { LocalRuntimeError } from "./errors";
import { readyMessage } from "./ready-message";
import { type RunningRuntime, startRuntime } from "./runtime";
import { InvalidSettingError, readSettings } from "./settings";

/** `npm start`: runs the local runtime until Ctrl-C (SIGINT) or SIGTERM. */

const startedAt = Date.now();
// The SDK's notice about this machine's Node version would bury the ready message; it is not Herald's to act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const log = (line: string) => process.stdout.write(`${line}\n`);
let runtime: RunningRuntime | undefined;
let stoppingSince: number | undefined;
/** Ctrl-C can arrive twice at once (the terminal signals the group, and tsx relays it, late on a busy machine): not a second press. */
const REPEAT_WINDOW_MS = 3_000;

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stoppingSince !== undefined) {
    // A deliberate second Ctrl-C: leave now (DynamoDB Local is killed on exit, function hosts exit with us).
    if (Date.now() - stoppingSince > REPEAT_WINDOW_MS) process.exit(130);
    return;
  }
  stoppingSince = Date.now();
  if (!runtime) {
    log(`\n${signal}: stopping Herald as soon as it has started…`);
    return; // main() stops it once it is up
  }
  log(`\n${signal}: stopping Herald…`);
  await runtime.stop();
  log("Stopped.");
  process.exit(0);
}

process.on("SIGINT", (signal) => void stop(signal));
process.on("SIGTERM", (signal) => void stop(signal));

async function main(): Promise<void> {
  const settings = readSettings();
  runtime = await startRuntime(settings, { log });
  if (stoppingSince !== undefined) {
    await runtime.stop();
    process.exit(0);
  }
  log(readyMessage(runtime, settings, Date.now() - startedAt));
}

main().catch((error: unknown) => {
  const known = error instanceof LocalRuntimeError || error instanceof JavaMissingError || error instanceof HeraldConfigError || error instanceof InvalidSettingError;
  process.stderr.write(`herald: ${known ? (error as Error).message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
