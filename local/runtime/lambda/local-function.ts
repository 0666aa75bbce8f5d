import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { FunctionInitError } from "../errors";
import type { HostMessage, RuntimeMessage, SerializedError } from "./protocol";

export interface LocalFunctionOptions {
  /** The Lambda function name (AWS_LAMBDA_FUNCTION_NAME). */
  readonly name: string;
  readonly region: string;
  /** The AWS account the function runs in (its context's invokedFunctionArn). */
  readonly accountId: string;
  /** Absolute path of the handler module (it must export `handler`). */
  readonly modulePath: string;
  /** The complete environment of the host process (see function-environment.ts). */
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Every line the function writes (its logs), as CloudWatch Logs would receive them. */
  readonly onLog: (line: string, stream: "stdout" | "stderr") => void;
}

/** The handler threw, timed out, or its process died: what Lambda reports as a function error. */
export class FunctionError extends Error {
  constructor(readonly functionName: string, readonly error: SerializedError) {
    super(`${error.name}: ${error.message}`);
    this.name = "FunctionError";
  }
}

const HOST_ENTRY = join(__dirname, "function-host.ts");
// The host runs TypeScript directly, through the same loader as the runtime.
const TSX_LOADER = pathToFileURL(require.resolve("tsx")).href;
const INIT_TIMEOUT_MS = 60_000;

/**
 * One Lambda function run locally in a child process of its own (see function-host.ts). A host
 * that crashes or times out is replaced on the next invocation, as Lambda replaces environments.
 */
export class LocalFunction {
  private child?: ChildProcess;
  /** A host still loading its handler: stop() must end it too. */
  private spawning?: ChildProcess;
  private starting?: Promise<ChildProcess>;
  private readonly pending = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  private stopping = false;

  private constructor(private readonly options: LocalFunctionOptions) {}

  /** Starts the host and loads the handler, failing like a Lambda init error when it cannot. */
  static async start(options: LocalFunctionOptions): Promise<LocalFunction> {
    const fn = new LocalFunction(options);
    await fn.ensureStarted();
    return fn;
  }

  get name(): string {
    return this.options.name;
  }

  get region(): string {
    return this.options.region;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async invoke(event: unknown): Promise<unknown> {
    const child = await this.ensureStarted();
    const id = randomUUID();
    const deadline = Date.now() + this.options.timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new FunctionError(this.name, { name: "TimeoutError", message: `Task timed out after ${(this.options.timeoutMs / 1000).toFixed(2)} seconds` }));
        // Lambda discards an environment whose invocation timed out.
        child.kill("SIGKILL");
      }, this.options.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const message: RuntimeMessage = { type: "invoke", id, event, deadline };
      child.send(message);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([this.child, this.spawning].map(async (child) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
      await exited;
      clearTimeout(timer);
    }));
  }

  private ensureStarted(): Promise<ChildProcess> {
    if (this.stopping) return Promise.reject(new FunctionError(this.name, { name: "Stopped", message: "the local runtime is stopping" }));
    if (this.child) return Promise.resolve(this.child);
    this.starting ??= this.spawn().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private spawn(): Promise<ChildProcess> {
    const { modulePath, accountId, environment } = this.options;
    const name = `${this.options.name} (${this.options.region})`;
    const child = fork(HOST_ENTRY, [modulePath, accountId], {
      execArgv: ["--enable-source-maps", "--import", TSX_LOADER],
      env: { ...environment },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.spawning = child;
    for (const stream of ["stdout", "stderr"] as const) {
      const input = child[stream];
      if (input) createInterface({ input }).on("line", (line) => this.options.onLog(line, stream));
    }
    return new Promise((resolve, reject) => {
      const fail = (error: SerializedError) => {
        clearTimeout(timer);
        child.kill("SIGKILL");
        reject(new FunctionInitError(`The ${name} function could not start: ${error.name}: ${error.message}`));
      };
      const timer = setTimeout(() => fail({ name: "TimeoutError", message: `no answer within ${INIT_TIMEOUT_MS / 1000} s` }), INIT_TIMEOUT_MS);
      child.on("message", (message: HostMessage) => {
        if (message.type === "ready") {
          clearTimeout(timer);
          this.spawning = undefined;
          this.child = child;
          resolve(child);
        } else if (message.type === "init-error") {
          fail(message.error);
        } else {
          this.settle(message);
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) this.child = undefined;
        if (this.spawning === child) this.spawning = undefined;
        const error = { name: "Runtime.ExitError", message: `the function's process exited (${signal ?? `code ${code}`})` };
        for (const [id, call] of this.pending) {
          clearTimeout(call.timer);
          call.reject(new FunctionError(name, error));
          this.pending.delete(id);
        }
        reject(new FunctionInitError(`The ${name} function could not start: ${error.message}`));
      });
    });
  }

  private settle(message: Extract<HostMessage, { type: "result" }>): void {
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    clearTimeout(call.timer);
    if (message.ok) call.resolve(message.result);
    else call.reject(new FunctionError(this.name, message.error));
  }
}
