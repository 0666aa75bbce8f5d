import { DeleteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { setTimeout as sleep } from "node:timers/promises";
import { changePrivacy, createErasureEngine, type PrivacyChange, readReceipts } from "../lambdas/shared/privacy";
import { deleteKeys, type ItemKey } from "../lambdas/shared/store/batch-delete";
import { startTable } from "../test/helpers/dynamo-table";
import { ADMIN, HOME, REGIONS, seedUserData, userDataItem, wrapSend } from "../test/helpers/privacy-fixtures";

/**
 * Erasing an account's user data from every Region, on one DynamoDB Local (each Region a namespace),
 * next to what the same DynamoDB Local can do at best, measured in the same run:
 *   - the erasure engine (mark each Region, paginated Query, BatchWriteItem, receipts, verification);
 *   - (a) the raw BatchWriteItem delete ceiling: the same keys, already known, deleted with the same
 *     concurrency and nothing else (no query, no receipts, no verification);
 *   - (b) one DeleteItem at a time, on a 2,000-item sample (100,000 would take minutes).
 * Then whether Regions in parallel cost the slowest Region rather than the sum: with each request
 * delayed by a round trip like the home Region's to that Region (us-east-1 → eu-west-1 ~70 ms,
 * → ap-southeast-2 ~200 ms), erase once with all Regions in parallel and once per Region alone.
 * DynamoDB Local on a small machine is not DynamoDB: compare the rows, not the absolute numbers.
 */

export interface ErasureRow {
  readonly label: string;
  readonly items: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export interface RegionRow {
  readonly label: string;
  readonly items: number;
  readonly seconds: number;
}

export interface PrivacyBench {
  readonly throughput: ErasureRow[];
  /** Per-Region times inside the headline run (Regions in parallel on one shared DynamoDB Local). */
  readonly headlineRegions: RegionRow[];
  /** Regions in parallel vs each alone, with simulated cross-Region round trips. */
  readonly parallel: RegionRow[];
}

const TOTAL = 100_000;
/** Uneven on purpose: the slowest Region decides the wall time. */
const SPLIT: Record<string, number> = { "us-east-1": 50_000, "eu-west-1": 30_000, "ap-southeast-2": 20_000 };
const ONE_AT_A_TIME = 2_000;
const ROUND_TRIP_MS: Record<string, number> = { "us-east-1": 2, "eu-west-1": 70, "ap-southeast-2": 200 };
const PER_REGION_WITH_LATENCY = 2_000;
const DELETE_CONCURRENCY = 8;
const PAGE_SIZE = 1_000;

let accountCounter = 0;
const accountId = () => `9${String(Date.now() % 1e8).padStart(8, "0")}${String(++accountCounter).padStart(3, "0")}`;

export async function measurePrivacyErasure(log: (line: string) => void = () => undefined): Promise<PrivacyBench> {
  const table = await startTable([...REGIONS], "herald-bench");
  const docs = new Map<string, DynamoDBDocumentClient>(REGIONS.map((region) => [region, table.doc(region)]));
  try {
    const throughput: ErasureRow[] = [];

    // The erasure engine, 100,000 items over 3 Regions.
    const engineAccount = accountId();
    log(`  seeding ${TOTAL.toLocaleString("en-US")} items…`);
    await seedAll(docs, table.tableName, engineAccount, SPLIT);
    const engine = createErasureEngine({ tableName: table.tableName, accountId: engineAccount, homeRegion: HOME, regions: docs, pageSize: PAGE_SIZE, deleteConcurrency: DELETE_CONCURRENCY });
    const change = await optOut(docs, table.tableName, engineAccount);
    log("  erasing with the engine…");
    let started = performance.now();
    const run = await engine.apply(change, { deadline: Date.now() + 600_000 });
    let seconds = (performance.now() - started) / 1000;
    if (run.status !== "complete" || run.summary?.itemsDeleted !== TOTAL) throw new Error(`the engine did not erase everything: ${JSON.stringify(run)}`);
    throughput.push({ label: "erasure engine: 3 Regions in parallel (mark, query, delete, verify, receipts)", items: TOTAL, seconds, perSecond: TOTAL / seconds });
    const receipts = await readReceipts(docs.get(HOME)!, table.tableName, engineAccount, change.version);
    const headlineRegions: RegionRow[] = REGIONS.map((region) => {
      const receipt = receipts.find((r) => r.region === region)!;
      return { label: region, items: receipt.itemsDeleted, seconds: (Date.parse(receipt.endedAt!) - Date.parse(receipt.startedAt)) / 1000 };
    });
    headlineRegions.push({ label: "wall time (all Regions)", items: TOTAL, seconds });

    // (a) The raw BatchWriteItem ceiling: same keys, same concurrency, nothing else.
    const ceilingAccount = accountId();
    log(`  seeding ${TOTAL.toLocaleString("en-US")} items for the BatchWriteItem ceiling…`);
    await seedAll(docs, table.tableName, ceilingAccount, SPLIT);
    log("  deleting with raw BatchWriteItem…");
    started = performance.now();
    await Promise.all(REGIONS.map((region) => deleteKeys(docs.get(region)!, table.tableName, keysOf(ceilingAccount, SPLIT[region]), { concurrency: DELETE_CONCURRENCY })));
    seconds = (performance.now() - started) / 1000;
    throughput.push({ label: "(a) raw BatchWriteItem, keys known, 3 Regions in parallel (ceiling)", items: TOTAL, seconds, perSecond: TOTAL / seconds });

    // (b) One DeleteItem at a time, on a sample.
    const singleAccount = accountId();
    await seedUserData(docs.get(HOME)!, table.tableName, singleAccount, ONE_AT_A_TIME);
    log(`  deleting ${ONE_AT_A_TIME.toLocaleString("en-US")} items one at a time…`);
    started = performance.now();
    for (const key of keysOf(singleAccount, ONE_AT_A_TIME)) await docs.get(HOME)!.send(new DeleteCommand({ TableName: table.tableName, Key: key }));
    seconds = (performance.now() - started) / 1000;
    throughput.push({ label: `(b) one DeleteItem at a time (${ONE_AT_A_TIME.toLocaleString("en-US")}-item sample)`, items: ONE_AT_A_TIME, seconds, perSecond: ONE_AT_A_TIME / seconds });

    // Regions in parallel vs one after another, with cross-Region round trips.
    log("  Regions in parallel vs alone, with simulated round trips…");
    const remote = new Map([...docs].map(([region, doc]) => [region, withRoundTrip(doc, ROUND_TRIP_MS[region])]));
    const parallelAccount = accountId();
    const perRegion = Object.fromEntries(REGIONS.map((region) => [region, PER_REGION_WITH_LATENCY]));
    await seedAll(docs, table.tableName, parallelAccount, perRegion);
    const together = await timeErasure(remote, HOME, table.tableName, parallelAccount);
    const parallel: RegionRow[] = [];
    let sum = 0;
    for (const region of REGIONS) {
      const alone = accountId();
      await seedUserData(docs.get(region)!, table.tableName, alone, PER_REGION_WITH_LATENCY);
      // That Region's erasure by itself, with the request and receipts in the home Region as always.
      const secondsAlone = await timeErasure(new Map([[HOME, remote.get(HOME)!], [region, remote.get(region)!]]), HOME, table.tableName, alone);
      sum += secondsAlone;
      parallel.push({ label: `${region} alone (round trip ${ROUND_TRIP_MS[region]} ms)`, items: PER_REGION_WITH_LATENCY, seconds: secondsAlone });
    }
    parallel.push({ label: "sum of the three (Regions one after another)", items: 3 * PER_REGION_WITH_LATENCY, seconds: sum });
    parallel.push({ label: "all three in parallel (the engine)", items: 3 * PER_REGION_WITH_LATENCY, seconds: together });
    return { throughput, headlineRegions, parallel };
  } finally {
    await table.stop();
  }
}

async function timeErasure(docs: Map<string, DynamoDBDocumentClient>, homeRegion: string, tableName: string, account: string): Promise<number> {
  const engine = createErasureEngine({ tableName, accountId: account, homeRegion, regions: docs, pageSize: PAGE_SIZE, deleteConcurrency: DELETE_CONCURRENCY });
  const change = await optOut(docs, tableName, account, homeRegion);
  const started = performance.now();
  const run = await engine.apply(change, { deadline: Date.now() + 600_000 });
  if (run.status !== "complete") throw new Error(`erasure did not complete: ${run.status}`);
  return (performance.now() - started) / 1000;
}

async function optOut(docs: Map<string, DynamoDBDocumentClient>, tableName: string, account: string, homeRegion = HOME): Promise<PrivacyChange> {
  const result = await changePrivacy(docs.get(homeRegion)!, tableName, account, { shareUserData: false, changedBy: ADMIN, admins: [ADMIN] });
  if (!result.changed) throw new Error("expected a change");
  return result.change;
}

async function seedAll(docs: Map<string, DynamoDBDocumentClient>, tableName: string, account: string, counts: Record<string, number>): Promise<void> {
  await Promise.all(REGIONS.map((region) => seedUserData(docs.get(region)!, tableName, account, counts[region], { concurrency: 16 })));
}

function keysOf(account: string, count: number): ItemKey[] {
  return Array.from({ length: count }, (_, i) => {
    const { pk, sk } = userDataItem(account, i);
    return { pk: String(pk), sk: String(sk) };
  });
}

function withRoundTrip(doc: DynamoDBDocumentClient, ms: number): DynamoDBDocumentClient {
  return wrapSend(doc, async (command, send) => {
    await sleep(ms);
    return send(command);
  });
}
