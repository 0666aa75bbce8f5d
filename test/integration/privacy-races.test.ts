import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { changePrivacy, type ChangePrivacyResult, type ErasureRun, type PrivacyChange, readPrivacy, storeUserData, type StoreUserDataResult, type UserDataInput } from "../../lambdas/shared/privacy";
import { startTable } from "../helpers/dynamo-table";
import { ADMIN, countUserData, engineFor, freshAccountId, HOME, REGIONS, runToEnd, seedUserData, wrapSend } from "../helpers/privacy-fixtures";

/**
 * Property tests over interleavings, against DynamoDB Local (3 Regions): writers racing an opt-out,
 * and opt-out / opt-in flapping with the changes applied late and out of order.
 */

let table: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  table = await startTable([...REGIONS]);
}, 60_000);
afterAll(() => table?.stop());

const admins = [ADMIN];
const Region = fc.constantFrom(...REGIONS);

function inputItem(n: number): UserDataInput {
  return { kind: n % 2 === 0 ? "user-input" : "interaction", teamId: "T0HERALD1", channelId: "C0OPS0001", ...(n % 2 === 0
    ? { data: { userId: "U0MEMBER1", text: `sns list-topics #${n}`, source: "slash-command" } }
    : { data: { userId: "U0MEMBER1", action: "confirm-run", outcome: "ran", elapsedMs: n } }) } as UserDataInput;
}

function changed(result: ChangePrivacyResult): PrivacyChange {
  if (!result.changed) throw new Error("expected a change");
  return result.change;
}

/** Releases fast-check's scheduled calls one at a time, in its chosen order, until `work` settles (real I/O happens in between). */
async function drive(s: fc.Scheduler, work: Promise<unknown>): Promise<void> {
  let settled = false;
  work.then(() => (settled = true), () => (settled = true));
  while (!settled) {
    if (s.count() > 0) await s.waitOne();
    else await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

test("property: writers racing an opt-out leave zero user data in every Region once the erasure is done", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.scheduler(),
      // Between reading the setting and writing, a writer may wait a number of scheduling turns
      // (`stall`), or until the whole erasure is over (`late`: a paused writer waking up with a stale read).
      fc.array(fc.record({ region: Region, writes: fc.integer({ min: 1, max: 3 }), stall: fc.integer({ min: 0, max: 30 }), late: fc.boolean() }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: 1, max: 5 }),
      async (s, writers, stored, pageSize) => {
        const accountId = freshAccountId();
        for (const region of REGIONS) await seedUserData(table.doc(region), table.tableName, accountId, stored);
        // Every DynamoDB call of writers, the admin and the engine waits for the scheduler's go: fast-check picks the order.
        const scheduled = new Map<string, DynamoDBDocumentClient>(REGIONS.map((region) => [region, wrapSend(table.doc(region), async (command, send) => {
          await s.schedule(Promise.resolve(`${region} ${command.constructor.name}`));
          return send(command);
        })]));
        const engine = engineFor(scheduled, table.tableName, accountId, { pageSize });
        let n = 0;
        let erasing: Promise<unknown> = Promise.resolve();
        const writing = Promise.all(writers.map(async ({ region, writes, stall, late }) => {
          const stalling = wrapSend(scheduled.get(region)!, async (command, send) => {
            if (command.constructor.name === "TransactWriteCommand") {
              for (let i = 0; i < stall; i++) await s.schedule(Promise.resolve("stall"));
              if (late) await erasing.catch(() => undefined);
            }
            return send(command);
          });
          const results: StoreUserDataResult[] = [];
          for (let i = 0; i < writes; i++) results.push(await storeUserData(stalling, table.tableName, accountId, inputItem(n++)));
          return results;
        }));
        erasing = (async () => {
          const change = changed(await changePrivacy(scheduled.get(HOME)!, table.tableName, accountId, { shareUserData: false, changedBy: ADMIN, admins }));
          return runToEnd(engine, await engine.apply(change, { deadline: Date.now() + 60_000 }));
        })();
        const all = Promise.all([writing, erasing as Promise<ErasureRun[]>]);
        await drive(s, all);
        const [results, runs] = await all;

        expect(runs.at(-1)?.status).toBe("complete");
        for (const region of REGIONS) expect(await countUserData(table.doc(region), table.tableName, accountId)).toBe(0);
        // Whatever was stored was stored before the opt-out reached that Region (version 0), and then erased.
        for (const result of results.flat()) if (result.outcome === "stored") expect(result.privacyVersion).toBe(0);
      },
    ),
    { numRuns: 40 },
  );
}, 180_000);

type Step = { readonly kind: "toggle" } | { readonly kind: "write"; readonly region: string } | { readonly kind: "apply"; readonly pick: number };

test("property: opt-out / opt-in flapping, applied late and out of order, ends consistent in every Region", async () => {
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constant<Step>({ kind: "toggle" }),
    Region.map((region): Step => ({ kind: "write", region })),
    fc.nat().map((pick): Step => ({ kind: "apply", pick })),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), async (steps, finalOrder) => {
      const accountId = freshAccountId();
      const docs = new Map(REGIONS.map((region) => [region, table.doc(region)] as const));
      const engine = engineFor(docs, table.tableName, accountId, { pageSize: 3 });
      const notApplied: PrivacyChange[] = [];
      const stored: StoreUserDataResult[] = [];
      let share = true;
      let latest: PrivacyChange | undefined;
      const apply = async (pick: number) => {
        const [change] = notApplied.splice(pick % notApplied.length, 1);
        const runs = await runToEnd(engine, await engine.apply(change, { deadline: Date.now() + 60_000 }));
        expect(runs.at(-1)?.status).toBe("complete");
      };

      for (const [i, s] of steps.entries()) {
        if (s.kind === "toggle") {
          share = !share;
          latest = changed(await changePrivacy(table.doc(HOME), table.tableName, accountId, { shareUserData: share, changedBy: ADMIN, admins }));
          notApplied.push(latest);
        } else if (s.kind === "write") {
          stored.push(await storeUserData(table.doc(s.region), table.tableName, accountId, inputItem(i)));
        } else if (notApplied.length > 0) {
          await apply(s.pick);
        }
      }
      // The stream and the sweep eventually apply every change, in whatever order.
      for (let i = 0; notApplied.length > 0; i++) await apply(finalOrder[i % finalOrder.length]);

      const floor = latest && !latest.shareUserData ? latest.version : (latest?.floorVersion ?? 0);
      for (const region of REGIONS) {
        expect(await readPrivacy(table.doc(region), table.tableName, accountId)).toMatchObject(
          latest ? { shareUserData: latest.shareUserData, version: latest.version, floorVersion: floor } : { shareUserData: true, version: 0 },
        );
        // Nothing written under a version that was later opted out survives.
        expect(await countUserData(table.doc(region), table.tableName, accountId, floor)).toBe(0);
      }
      // Everything written since the latest opt-out is still there (the erasures never touch newer data).
      const kept = stored.filter((result) => result.outcome === "stored" && result.privacyVersion >= floor).length;
      let total = 0;
      for (const region of REGIONS) total += await countUserData(table.doc(region), table.tableName, accountId);
      expect(total).toBe(kept);
    }),
    { numRuns: 30 },
  );
}, 180_000);
