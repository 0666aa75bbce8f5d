import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { createErasureEngine, type ErasureEngineOptions, type ErasureRun } from "../../lambdas/shared/privacy";
import { keys, USER_DATA_SORT_KINDS } from "../../lambdas/shared/store/keys";

/** Shared fixtures of the privacy tests and benchmark: bulk user data, counting it, flaky clients, running an erasure to the end. */

export const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"] as const;
export const HOME = "us-east-1";
export const ADMIN = "U0ADMIN01";

let accounts = 0;
/** A fresh 12-digit account id per test, so tests sharing a table never see each other's data. */
export function freshAccountId(): string {
  accounts += 1;
  return `${String(Date.now() % 1e6).padStart(6, "0")}${String(accounts).padStart(6, "0")}`;
}

/**
 * A user-data item exactly as storeUserData lays it out, for seeding many at once (BatchWriteItem,
 * no privacy check: this is test setup standing for data stored earlier, while sharing was on).
 */
export function userDataItem(accountId: string, n: number, privacyVersion = 0, channelId = "C0OPS0001"): Record<string, unknown> {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  const id = `seed-${n}`;
  return {
    ...keys.userData(accountId, USER_DATA_SORT_KINDS["user-input"], "T0HERALD1", channelId, at, id),
    entity: "user-data",
    kind: "user-input",
    teamId: "T0HERALD1",
    channelId,
    id,
    at,
    privacyVersion,
    expiresAt: Math.floor(Date.now() / 1000) + 86_400,
    data: { userId: "U0MEMBER1", text: `cloudwatch describe-alarms --alarm-names alarm-${n % 17}`, source: "slash-command" },
  };
}

export async function seedUserData(doc: DynamoDBDocumentClient, tableName: string, accountId: string, count: number, options: { privacyVersion?: number; from?: number; concurrency?: number } = {}): Promise<void> {
  const from = options.from ?? 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const start = next;
      next += 25;
      let pending = Array.from({ length: Math.min(25, count - start) }, (_, i) => ({ PutRequest: { Item: userDataItem(accountId, from + start + i, options.privacyVersion) } }));
      while (pending.length > 0) {
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
}

/** The account's user-data items in one Region (all of them, or those written under a version below `below`). */
export async function countUserData(doc: DynamoDBDocumentClient, tableName: string, accountId: string, below?: number): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.userDataPartition(accountId), ...(below === undefined ? {} : { ":below": below }) },
      ...(below === undefined ? {} : { FilterExpression: "privacyVersion < :below" }),
      Select: "COUNT",
      ConsistentRead: true,
      ExclusiveStartKey,
    }));
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

/** A client for a Region that can be cut off: while `isDown()` every call fails as a network error would. */
export function unreachableWhile(doc: DynamoDBDocumentClient, isDown: () => boolean): DynamoDBDocumentClient {
  return wrapSend(doc, async (command, send) => {
    if (isDown()) {
      const error = new Error("connect ETIMEDOUT (Region unreachable, injected by the test)");
      error.name = "TimeoutError";
      throw error;
    }
    return send(command);
  });
}

type Send = (command: Parameters<DynamoDBDocumentClient["send"]>[0]) => Promise<unknown>;

/** The same client, with every `send` passed through `around` (fault injection, scheduling, counting). */
export function wrapSend(doc: DynamoDBDocumentClient, around: (command: Parameters<DynamoDBDocumentClient["send"]>[0], send: Send) => Promise<unknown>): DynamoDBDocumentClient {
  const send: Send = (command) => doc.send(command as never);
  return new Proxy(doc, {
    get(target, property, receiver) {
      if (property === "send") return (command: Parameters<DynamoDBDocumentClient["send"]>[0]) => around(command, send);
      return Reflect.get(target, property, receiver);
    },
  });
}

/** Short backoff and lease for tests (the defaults are seconds and a minute). */
export const FAST = { backoff: { baseMs: 5, maxMs: 40 }, leaseMs: 200 } as const;

export function engineFor(docs: ReadonlyMap<string, DynamoDBDocumentClient>, tableName: string, accountId: string, overrides: Partial<ErasureEngineOptions> = {}) {
  return createErasureEngine({ tableName, accountId, homeRegion: HOME, regions: docs, ...FAST, ...overrides });
}

/** Follows continuations until the request is done, as the function's self-invocations would; returns every run. */
export async function runToEnd(engine: ReturnType<typeof createErasureEngine>, first: ErasureRun, deadlineMs = 60_000, maxRuns = 10_000): Promise<ErasureRun[]> {
  const runs = [first];
  let run = first;
  while (run.status === "continue") {
    if (runs.length >= maxRuns) throw new Error(`still not done after ${maxRuns} runs`);
    run = await engine.resume(run.continuation, { deadline: Date.now() + deadlineMs });
    runs.push(run);
  }
  return runs;
}
