import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../../../local/dynamodb-local";
import { descendantsOf, isRunning, type ProcessInfo } from "./processes";

export const REPO_ROOT = join(__dirname, "..", "..", "..");
const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");
/** The last line of the ready block. */
const READY_BLOCK_END = "Ctrl-C stops everything.";

export interface RuntimeProcess {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the runtime printed so far (stdout and stderr). */
  output(): string;
  /** The processes the runtime started: Java, the function hosts (and tsx's own node child). */
  processes(): ProcessInfo[];
  /** Like Ctrl-C in a terminal: SIGINT to the whole process group. */
  interrupt(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal to the runtime's own process only (as a supervisor would). */
  signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `tsx local/runtime/main.ts` as a user would (`npm start` runs exactly that), in a process
 * group of its own on a free port, and waits for the ready block, or for the process to exit.
 * Its tables live in a temporary data folder of its own (removed when it exits) unless the test
 * gives HERALD_DATA_DIR, so no test sees another's data or the checkout's `.herald-local/`.
 */
export async function startRuntimeProcess(options: { env?: Record<string, string>; port?: number; waitForReady?: boolean; args?: readonly string[] } = {}): Promise<RuntimeProcess> {
  const port = options.port ?? (await freePort());
  // Only what the test says: not a Slack URL, signing secret or data folder from the developer's shell.
  const { SLACK_API_URL: _url, HERALD_SIGNING_SECRET: _secret, HERALD_CONFIG: _config, HERALD_DATA_DIR: _data, HERALD_FRESH: _fresh, ...inherited } = process.env;
  const ownDataDir = options.env?.HERALD_DATA_DIR === undefined ? mkdtempSync(join(tmpdir(), "herald-e2e-data-")) : undefined;
  const env: NodeJS.ProcessEnv = { ...inherited, HERALD_PORT: String(port), ...(ownDataDir ? { HERALD_DATA_DIR: ownDataDir } : {}), ...options.env };
  const child = spawn(TSX, ["local/runtime/main.ts", ...(options.args ?? [])], { cwd: REPO_ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  let exitedEarly = false;
  void exit.then(() => {
    exitedEarly = true;
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
  });

  const runtime: RuntimeProcess = {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    processes: () => (child.pid ? descendantsOf(child.pid) : []),
    async interrupt() {
      if (child.pid && !exitedEarly) process.kill(-child.pid, "SIGINT");
      return exit;
    },
    async signal(signal) {
      if (!exitedEarly) child.kill(signal);
      return exit;
    },
    exited: () => exit,
  };
  if (options.waitForReady === false) return runtime;

  const deadline = Date.now() + 120_000;
  while (!output.includes(READY_BLOCK_END)) {
    if (exitedEarly) throw new Error(`The runtime exited before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      await runtime.interrupt();
      throw new Error(`The runtime was not ready within 120 s:\n${output}`);
    }
    await sleep(100);
  }
  return runtime;
}

/** Waits until none of the processes runs any more; returns those still running at the deadline. */
export async function waitUntilGone(processes: readonly ProcessInfo[], timeoutMs = 10_000): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = processes.filter(isRunning);
    if (running.length === 0 || Date.now() > deadline) return running;
    await sleep(100);
  }
}
