import { readdirSync, readFileSync } from "node:fs";

/**
 * The process tree under a PID, read from /proc (Linux): how the tests know which processes the
 * runtime started (Java, one function host per Region) and check that none outlives it.
 */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly command: string;
}

function readProcess(pid: number): (ProcessInfo & { state: string }) | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid …": comm may contain spaces and parentheses, so split after the last ")".
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, ppid: Number(ppid), command, state };
  } catch {
    return undefined;
  }
}

export function descendantsOf(root: number): ProcessInfo[] {
  const all = readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map((name) => readProcess(Number(name))).filter((p) => p !== undefined);
  const found: ProcessInfo[] = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.shift() as number;
    for (const child of all.filter((p) => p.ppid === parent)) {
      found.push({ pid: child.pid, ppid: child.ppid, command: child.command });
      queue.push(child.pid);
    }
  }
  return found;
}

/** Still running, and still the same program (a zombie waiting to be reaped is not running). */
export function isRunning(process: ProcessInfo): boolean {
  const info = readProcess(process.pid);
  return info !== undefined && info.state !== "Z" && info.command === process.command;
}
