import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { changePrivacy, type ErasureSummary, type PrivacyChange, readPrivacy, readReceipts, storeUserData } from "../../lambdas/shared/privacy";
import { startTable } from "../helpers/dynamo-table";
import { ADMIN, countUserData, engineFor, freshAccountId, HOME, REGIONS, runToEnd, seedUserData, unreachableWhile, wrapSend } from "../helpers/privacy-fixtures";

/** The multi-Region erasure engine against DynamoDB Local, one namespace per Region (us-east-1 is home). */

let table: Awaited<ReturnType<typeof startTable>>;
let docs: Map<string, DynamoDBDocumentClient>;
beforeAll(async () => {
  table = await startTable([...REGIONS]);
  docs = new Map(REGIONS.map((region) => [region, table.doc(region)]));
}, 60_000);
afterAll(() => table?.stop());

const admins = [ADMIN];

async function optOut(accountId: string): Promise<PrivacyChange> {
  const result = await changePrivacy(table.doc(HOME), table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins, notify: { teamId: "T0HERALD1", channelId: "C0OPS0001" } });
  if (!result.changed) throw new Error("expected a change");
  return result.change;
}

async function seedEachRegion(accountId: string, counts: Record<string, number>): Promise<void> {
  for (const [region, count] of Object.entries(counts)) await seedUserData(table.doc(region), table.tableName, accountId, count);
}

describe("an opt-out erases the account's user data in every Region", () => {
  test("every Region ends empty, each receipt counts what was there, and the admin is told once with per-Region counts", async () => {
    const accountId = freshAccountId();
    const counts = { "us-east-1": 130, "eu-west-1": 75, "ap-southeast-2": 0 };
    await seedEachRegion(accountId, counts);
    const told: ErasureSummary[] = [];
    const engine = engineFor(docs, table.tableName, accountId, { pageSize: 40, onComplete: (summary) => void told.push(summary) });

    const change = await optOut(accountId);
    const runs = await runToEnd(engine, await engine.apply(change, { deadline: Date.now() + 60_000 }));

    expect(runs.at(-1)?.status).toBe("complete");
    for (const region of REGIONS) {
      expect(await countUserData(table.doc(region), table.tableName, accountId)).toBe(0);
      // Every copy is at the opt-out; what happened in each Region is its receipt (below), the single record of it.
      expect(await readPrivacy(table.doc(region), table.tableName, accountId)).toEqual(expect.objectContaining({ shareUserData: false, version: 1, floorVersion: 1 }));
    }
    const receipts = await readReceipts(table.doc(HOME), table.tableName, accountId, 1);
    expect(receipts.map(({ region, status, itemsDeleted, attempts }) => ({ region, status, itemsDeleted, attempts })).sort((a, b) => a.region.localeCompare(b.region))).toEqual([
      { region: "ap-southeast-2", status: "complete", itemsDeleted: 0, attempts: 0 },
      { region: "eu-west-1", status: "complete", itemsDeleted: 75, attempts: 0 },
      { region: "us-east-1", status: "complete", itemsDeleted: 130, attempts: 0 },
    ]);
    for (const receipt of receipts) {
      expect(Date.parse(receipt.endedAt!)).toBeGreaterThanOrEqual(Date.parse(receipt.startedAt));
      // Ids, counts, times and status only: nothing a user wrote.
      expect(JSON.stringify(receipt)).not.toMatch(/cloudwatch|describe|U0MEMBER1|C0OPS0001/);
    }
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ requestId: "opt-out-v1", status: "complete", requestedBy: ADMIN, itemsDeleted: 205, notify: { teamId: "T0HERALD1", channelId: "C0OPS0001" } });

    // A redelivered stream record (at least once) changes nothing and tells nobody again.
    expect((await engine.apply(change, { deadline: Date.now() + 10_000 })).status).toBe("complete");
    expect(told).toHaveLength(1);
  });

  test("data written under a newer opt-in survives an older opt-out that is applied late", async () => {
    const accountId = freshAccountId();
    await seedUserData(table.doc("eu-west-1"), table.tableName, accountId, 20);
    const out = await optOut(accountId);
    const back = await changePrivacy(table.doc(HOME), table.tableName, accountId, { shareUserData: true, changedBy: ADMIN, admins });
    if (!back.changed) throw new Error("expected a change");
    const engine = engineFor(docs, table.tableName, accountId);
    // The opt-in reaches every Region first; new data is stored there under version 2.
    await runToEnd(engine, await engine.apply(back.change, { deadline: Date.now() + 30_000 }));
    const stored = await storeUserData(table.doc("eu-west-1"), table.tableName, accountId, { kind: "user-input", teamId: "T0HERALD1", channelId: "C0OPS0001", data: { userId: "U0MEMBER1", text: "sns list-topics", source: "slash-command" } });
    expect(stored).toMatchObject({ outcome: "stored", privacyVersion: 2 });
    await runToEnd(engine, await engine.apply(out, { deadline: Date.now() + 30_000 }));
    expect(await countUserData(table.doc("eu-west-1"), table.tableName, accountId, 1)).toBe(0);
    expect(await countUserData(table.doc("eu-west-1"), table.tableName, accountId)).toBe(1);
    // The late opt-out did not turn the newer opt-in back off.
    for (const region of REGIONS) expect(await readPrivacy(table.doc(region), table.tableName, accountId)).toMatchObject({ shareUserData: true, version: 2, floorVersion: 1 });
  });
});

describe("resuming", () => {
  test("an invocation stopped mid-erasure resumes from its checkpoint without missing or double-counting items", async () => {
    const accountId = freshAccountId();
    const counts = { "us-east-1": 97, "eu-west-1": 64, "ap-southeast-2": 31 };
    await seedEachRegion(accountId, counts);
    // Every page ends past the deadline: each invocation deletes one page per Region, then hands over.
    const engine = engineFor(docs, table.tableName, accountId, { pageSize: 9 });
    const runs = await runToEnd(engine, await engine.apply(await optOut(accountId), { deadline: Date.now() }), 0);

    expect(runs.length).toBeGreaterThan(97 / 9);
    expect(runs.at(-1)?.status).toBe("complete");
    for (const region of REGIONS) expect(await countUserData(table.doc(region), table.tableName, accountId)).toBe(0);
    const receipts = await readReceipts(table.doc(HOME), table.tableName, accountId, 1);
    expect(Object.fromEntries(receipts.map((r) => [r.region, r.itemsDeleted]))).toEqual(counts);
  });

  test("property: whatever the page size, pages per invocation and lost continuations, nothing is missed and every receipt is exact", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          counts: fc.tuple(fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: 45 })),
          pageSize: fc.integer({ min: 1, max: 12 }),
          pagesPerInvocation: fc.integer({ min: 1, max: 4 }),
          // For each invocation: does its continuation get lost (a crashed function)? Then the sweep restarts the request.
          lost: fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }),
        }),
        async ({ counts, pageSize, pagesPerInvocation, lost }) => {
          const accountId = freshAccountId();
          const seeded = Object.fromEntries(REGIONS.map((region, i) => [region, counts[i]]));
          await seedEachRegion(accountId, seeded);
          // A clock that moves one second per page query, so "deadline" means "this many pages" whatever the machine's speed.
          let ticks = 0;
          const clock = () => Date.UTC(2026, 0, 1) + ticks * 1_000;
          const counting = new Map([...docs].map(([region, doc]) => [region, wrapSend(doc, (command, send) => {
            if ((command as { input?: { ProjectionExpression?: string } }).input?.ProjectionExpression === "pk, sk") ticks += 1;
            return send(command);
          })]));
          const engine = engineFor(counting, table.tableName, accountId, { pageSize, now: clock, leaseMs: 1_000 });
          const change = await optOut(accountId);

          let run = await engine.apply(change, { deadline: clock() + pagesPerInvocation * 1_000 });
          for (let i = 0; run.status === "continue"; i++) {
            if (i > 500) throw new Error("not converging");
            if (lost[i % lost.length]) {
              ticks += 10; // the lease (1 s past the deadline) lapses; the scheduled sweep picks the request up, from the start
              const { runs } = await engine.sweep({ deadline: clock() + pagesPerInvocation * 1_000, overdueAfterMs: 3_600_000 });
              expect(runs).toHaveLength(1);
              run = runs[0];
            } else {
              run = await engine.resume(run.continuation, { deadline: clock() + pagesPerInvocation * 1_000 });
            }
          }
          expect(run.status).toBe("complete");
          for (const region of REGIONS) expect(await countUserData(table.doc(region), table.tableName, accountId)).toBe(0);
          const receipts = await readReceipts(table.doc(HOME), table.tableName, accountId, change.version);
          expect(Object.fromEntries(receipts.map((r) => [r.region, r.itemsDeleted]))).toEqual(seeded);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe("a Region that cannot be reached", () => {
  test("is retried with backoff while its receipt says pending; the erasure completes once it is back", async () => {
    const accountId = freshAccountId();
    await seedEachRegion(accountId, { "us-east-1": 30, "eu-west-1": 30, "ap-southeast-2": 40 });
    let sydneyDown = true;
    const flaky = new Map(docs);
    flaky.set("ap-southeast-2", unreachableWhile(table.doc("ap-southeast-2"), () => sydneyDown));
    const told: ErasureSummary[] = [];
    const engine = engineFor(flaky, table.tableName, accountId, { onComplete: (summary) => void told.push(summary) });

    const first = await engine.apply(await optOut(accountId), { deadline: Date.now() + 300 });
    expect(first.status).toBe("continue");
    const pending = Object.fromEntries((await readReceipts(table.doc(HOME), table.tableName, accountId, 1)).map((r) => [r.region, r]));
    expect(pending["us-east-1"]).toMatchObject({ status: "complete", itemsDeleted: 30 });
    expect(pending["eu-west-1"]).toMatchObject({ status: "complete", itemsDeleted: 30 });
    expect(pending["ap-southeast-2"]).toMatchObject({ status: "pending", itemsDeleted: 0, lastError: "TimeoutError" });
    expect(pending["ap-southeast-2"].attempts).toBeGreaterThanOrEqual(2);
    expect(told).toEqual([]);

    // Still down for another invocation: the attempts keep counting up.
    const second = first.status === "continue" ? await engine.resume(first.continuation, { deadline: Date.now() + 200 }) : first;
    const attempts = (await readReceipts(table.doc(HOME), table.tableName, accountId, 1)).find((r) => r.region === "ap-southeast-2")!.attempts;
    expect(attempts).toBeGreaterThan(pending["ap-southeast-2"].attempts);

    sydneyDown = false;
    const runs = await runToEnd(engine, second);
    expect(runs.at(-1)?.status).toBe("complete");
    expect(await countUserData(table.doc("ap-southeast-2"), table.tableName, accountId)).toBe(0);
    expect(told).toHaveLength(1);
    expect(told[0].regions.find((r) => r.region === "ap-southeast-2")).toMatchObject({ status: "complete", itemsDeleted: 40, attempts });
  });

  test("a Region failing in the middle of deleting keeps the count of what it did delete", async () => {
    const accountId = freshAccountId();
    await seedUserData(table.doc("eu-west-1"), table.tableName, accountId, 200);
    let batches = 0;
    const flaky = new Map(docs);
    // The network drops on the 3rd and 4th BatchWriteItem calls only.
    flaky.set("eu-west-1", wrapSend(table.doc("eu-west-1"), (command, send) => {
      if (command.constructor.name === "BatchWriteCommand" && [3, 4].includes(++batches)) return Promise.reject(Object.assign(new Error("socket hang up"), { name: "NetworkingError" }));
      return send(command);
    }));
    const engine = engineFor(flaky, table.tableName, accountId, { pageSize: 100, deleteConcurrency: 1 });
    const runs = await runToEnd(engine, await engine.apply(await optOut(accountId), { deadline: Date.now() + 30_000 }));
    expect(runs.at(-1)?.status).toBe("complete");
    const receipt = (await readReceipts(table.doc(HOME), table.tableName, accountId, 1)).find((r) => r.region === "eu-west-1")!;
    expect(receipt).toMatchObject({ status: "complete", itemsDeleted: 200, lastError: "NetworkingError" });
    expect(receipt.attempts).toBeGreaterThanOrEqual(1);
  });

  test("with a bound on attempts, a Region that never comes back ends failed, and the admin is told", async () => {
    const accountId = freshAccountId();
    const flaky = new Map(docs);
    flaky.set("eu-west-1", unreachableWhile(table.doc("eu-west-1"), () => true));
    const told: ErasureSummary[] = [];
    const engine = engineFor(flaky, table.tableName, accountId, { maxAttemptsPerRegion: 3, onComplete: (summary) => void told.push(summary) });
    const runs = await runToEnd(engine, await engine.apply(await optOut(accountId), { deadline: Date.now() + 5_000 }));
    expect(runs.at(-1)?.status).toBe("failed");
    expect(told[0]).toMatchObject({ status: "failed" });
    expect(told[0].regions.find((r) => r.region === "eu-west-1")).toMatchObject({ status: "failed", attempts: 3 });
  });
});

describe("overdue erasures and the sweep", () => {
  test("a request pending past the bound is reported; the sweep restarts it once its lease lapsed, and retries the admin's message", async () => {
    const accountId = freshAccountId();
    await seedUserData(table.doc("eu-west-1"), table.tableName, accountId, 10);
    let failNotify = true;
    const told: ErasureSummary[] = [];
    const engine = engineFor(docs, table.tableName, accountId, {
      pageSize: 3,
      leaseMs: 50,
      onComplete: (summary) => {
        if (failNotify) throw new Error("Slack is down");
        told.push(summary);
      },
    });
    const change = await optOut(accountId);
    // Nobody has run it yet (the stream invocation failed): the sweep sees it, and starts it (one page, then out of time).
    const before = await engine.sweep({ deadline: Date.now(), overdueAfterMs: -1 });
    expect(before.overdue.map((o) => o.request.requestId)).toEqual(["opt-out-v1"]);
    expect(before.runs.map((r) => r.status)).toEqual(["continue"]);
    // Its continuation is lost; once the lease lapses the next sweep takes it over and finishes it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await engine.sweep({ deadline: Date.now() + 10_000, overdueAfterMs: -1 });
    expect(after.runs.map((r) => r.status)).toEqual(["complete"]);
    expect(told).toEqual([]);
    failNotify = false;
    expect((await engine.sweep({ deadline: Date.now() + 10_000, overdueAfterMs: -1 })).overdue).toEqual([]);
    expect(told.map((s) => s.requestId)).toEqual([`opt-out-v${change.version}`]);
    await engine.sweep({ deadline: Date.now() + 10_000, overdueAfterMs: -1 });
    expect(told).toHaveLength(1);
  });

  test("a second invocation chain for the same request stands back while the first holds it", async () => {
    const accountId = freshAccountId();
    await seedUserData(table.doc(HOME), table.tableName, accountId, 30);
    const engine = engineFor(docs, table.tableName, accountId, { pageSize: 5, leaseMs: 60_000 });
    const change = await optOut(accountId);
    const first = await engine.apply(change, { deadline: Date.now() });
    expect(first.status).toBe("continue");
    expect((await engine.apply(change, { deadline: Date.now() + 10_000 })).status).toBe("busy");
    expect((await engine.sweep({ deadline: Date.now() + 10_000, overdueAfterMs: 3_600_000 })).runs).toEqual([]);
    expect((await runToEnd(engine, first)).at(-1)?.status).toBe("complete");
  });

  test("a Region added to the config after an opt-out gets the setting from the next sweep, and stores nothing from then on", async () => {
    const accountId = freshAccountId();
    const twoRegions = new Map([...docs].filter(([region]) => region !== "ap-southeast-2"));
    const before = engineFor(twoRegions, table.tableName, accountId);
    await runToEnd(before, await before.apply(await optOut(accountId), { deadline: Date.now() + 10_000 }));
    expect((await readPrivacy(table.doc("ap-southeast-2"), table.tableName, accountId)).shareUserData).toBe(true);

    const after = engineFor(docs, table.tableName, accountId);
    await after.sweep({ deadline: Date.now() + 10_000, overdueAfterMs: 3_600_000 });
    expect(await readPrivacy(table.doc("ap-southeast-2"), table.tableName, accountId)).toMatchObject({ shareUserData: false, version: 1, floorVersion: 1 });
    const write = await storeUserData(table.doc("ap-southeast-2"), table.tableName, accountId, { kind: "response", teamId: "T0HERALD1", channelId: "C0OPS0001", data: { outcome: "succeeded" } });
    expect(write.outcome).toBe("skipped-sharing-off");
  });
});
