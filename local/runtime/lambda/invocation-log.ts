/** What the page and `herald status` show about each asynchronous invocation and its attempts. */
export interface InvocationAttempt {
  readonly startedAt: number;
  durationMs?: number;
  error?: string;
}

export interface InvocationRecord {
  readonly id: string;
  readonly functionName: string;
  readonly region: string;
  /** What the event carries, in a line (e.g. the SNS message id and topic). */
  readonly summary: Readonly<Record<string, string | undefined>>;
  readonly receivedAt: number;
  status: "running" | "retrying" | "succeeded" | "failed";
  readonly attempts: InvocationAttempt[];
  nextAttemptAt?: number;
}

const KEPT = 200;

/** The most recent invocations, newest first, with a version that changes on every update. */
export class InvocationLog {
  private readonly records: InvocationRecord[] = [];
  private changes = 0;

  add(record: InvocationRecord): InvocationRecord {
    this.records.unshift(record);
    this.records.length = Math.min(this.records.length, KEPT);
    this.changed();
    return record;
  }

  changed(): void {
    this.changes += 1;
  }

  get version(): number {
    return this.changes;
  }

  list(): readonly InvocationRecord[] {
    return this.records;
  }
}
