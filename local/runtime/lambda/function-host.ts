import { pathToFileURL } from "node:url";
import { lambdaContext } from "./lambda-context";
import { type HostMessage, type RuntimeMessage, serializeError } from "./protocol";

/**
 * A child process hosting one Lambda handler, like one function's execution environment: its own
 * environment variables (read by the handler module at load), its own module instance and clients.
 * The runtime forks one per function and Region and talks to it over IPC (see local-function.ts).
 */

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

// The handler module and the account come as arguments: the environment is the function's alone, as in Lambda.
const [modulePath, accountId] = process.argv.slice(2);
if (!modulePath || !accountId) throw new Error("A function host takes the handler module and the account id as arguments");
const functionName = required("AWS_LAMBDA_FUNCTION_NAME");
const region = required("AWS_REGION");
const memoryMb = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? 256);

// Ctrl-C reaches the whole process group; the runtime decides when this host stops.
process.on("SIGINT", () => undefined);
// The runtime went away (even killed): no orphan is left behind.
process.on("disconnect", () => process.exit(0));

function send(message: HostMessage): Promise<void> {
  return new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()));
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set for a function host`);
  return value;
}

async function loadHandler(): Promise<Handler> {
  const loaded = (await import(pathToFileURL(modulePath).href)) as { handler?: unknown; default?: { handler?: unknown } };
  // A CommonJS module imported as ESM may expose its exports under `default` only.
  const handler = loaded.handler ?? loaded.default?.handler;
  if (typeof handler !== "function") throw new Error(`${modulePath} does not export a handler function`);
  return handler as Handler;
}

async function main(): Promise<void> {
  let handler: Handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    await send({ type: "init-error", error: serializeError(error) });
    process.exit(1);
  }
  process.on("message", (message: RuntimeMessage) => {
    if (message.type !== "invoke") return;
    const context = lambdaContext({ functionName, region, accountId, requestId: message.id, deadline: message.deadline, memoryMb });
    handler(message.event, context).then(
      (result) => send({ type: "result", id: message.id, ok: true, result: result ?? null }),
      (error: unknown) => send({ type: "result", id: message.id, ok: false, error: serializeError(error) }),
    );
  });
  await send({ type: "ready" });
}

void main();
