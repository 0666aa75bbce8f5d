/**
 * The local runtime's watches (privacy record, channel backlogs) read DynamoDB Local on a timer,
 * since there is no stream here. Both need the same two things, kept here once.
 */

export interface Polling {
  /** Looks now, or joins the look already running. */
  now(): Promise<void>;
  /** No more looks; waits for the running one. */
  stop(): Promise<void>;
}

/** Runs `look` every `everyMs` after the previous one ends, one at a time. `look` handles its own errors. */
export function startPolling(look: () => Promise<void>, everyMs: number): Polling {
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const now = () => (running ??= look().finally(() => (running = undefined)));
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void now().finally(schedule), everyMs);
    timer.unref();
  };
  schedule();
  return {
    now,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** What a watch shows, with a version (part of the page's state version) that moves whenever it changes. */
export class Versioned<T> {
  private changes = 0;
  private key: string;

  constructor(private current: T) {
    this.key = JSON.stringify(current);
  }

  get value(): T {
    return this.current;
  }

  get version(): number {
    return this.changes;
  }

  set(next: T): void {
    const key = JSON.stringify(next);
    if (key === this.key) return;
    this.current = next;
    this.key = key;
    this.changes += 1;
  }
}
