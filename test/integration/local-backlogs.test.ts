import { storeContext } from "../../lambdas/shared/store/index";
import { renderNotification } from "../../lambdas/shared/notifications/render";
import { storedNotification } from "../../lambdas/shared/forwarding/stored-notification";
import type { ChatTarget } from "../../lambdas/shared/chat/chat-platform";
import { createDrainLeases } from "../../lambdas/shared/store/drain-leases";
import { createOutbox } from "../../lambdas/shared/store/outbox";
import { LocalBacklogs } from "../../local/runtime/backlogs";
import { startTable } from "../helpers/dynamo-table";

/** The local runtime's backlog watch (page badge, `herald status`) reads the forwarders' own records, per Region. */

const REGIONS = ["us-east-1", "eu-west-1"] as const;
let table: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  table = await startTable([...REGIONS]);
}, 60_000);
afterAll(() => table?.stop());

const target = (channelId: string): ChatTarget => ({ teamId: "T0HERALD1", channelId, botTokenSecretName: "herald/T0HERALD1/bot-token" });

async function queue(region: string, channelId: string, count: number): Promise<void> {
  const outbox = createOutbox(storeContext(table.doc(region), table.tableName));
  for (let i = 0; i < count; i++) {
    const messageId = `${region}-${channelId}-${i}`;
    await outbox.enqueue({
      target: target(channelId), messageId, topicArn: `arn:aws:sns:${region}:000000000000:herald-alarms`, snsTimestamp: new Date(Date.now() + i).toISOString(),
      notification: storedNotification(renderNotification({ messageId, topicArn: `arn:aws:sns:${region}:000000000000:herald-alarms`, message: `event ${i}`, timestamp: new Date().toISOString(), messageAttributes: {} })),
      configurationNames: ["ops-alarms"], loggingLevel: "ERROR",
    });
  }
}

async function until<T>(read: () => T, done: (value: T) => boolean, budgetMs = 5_000): Promise<T> {
  const giveUpAt = Date.now() + budgetMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > giveUpAt) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("lists each Region's waiting channels with depth, oldest time, a Retry-After pause and whether a drainer holds them; a drained channel leaves the list", async () => {
  const watch = LocalBacklogs.start({ regions: new Map(REGIONS.map((region) => [region, table.doc(region)])), tableName: table.tableName, pollMs: 100 });
  try {
    expect(watch.snapshot()).toEqual([]);
    const queuedFrom = Date.now();
    await queue("us-east-1", "C0OPS0001", 3);
    await queue("eu-west-1", "C0OPS0001", 2);
    // The channel's lease record exists once a drainer has tried it: here, one holds it and Slack asked to wait.
    const leases = createDrainLeases(storeContext(table.doc("us-east-1"), table.tableName));
    const lease = await leases.acquire(target("C0OPS0001"), Date.now() + 60_000);
    await leases.persist(lease!, { nextPostAt: Date.now(), blockedUntil: Date.now() + 30_000, failures: 0 });
    await createDrainLeases(storeContext(table.doc("eu-west-1"), table.tableName)).acquire(target("C0OPS0001"), Date.now() - 1);

    const listed = await until(() => watch.snapshot(), (snapshot) => snapshot.length === 2);
    const byRegion = new Map(listed.map((backlog) => [backlog.region, backlog]));
    expect(byRegion.get("us-east-1")).toMatchObject({ teamId: "T0HERALD1", channelId: "C0OPS0001", depth: 3, draining: true });
    expect(byRegion.get("us-east-1")!.blockedUntil).toBeGreaterThan(Date.now() + 20_000);
    expect(byRegion.get("us-east-1")!.oldestQueuedAt).toBeGreaterThanOrEqual(queuedFrom);
    expect(byRegion.get("eu-west-1")).toMatchObject({ depth: 2, draining: false });

    // Drained (the items settled) and no longer paused: it leaves the list, and the version moved.
    const version = watch.version;
    const outbox = createOutbox(storeContext(table.doc("eu-west-1"), table.tableName));
    await outbox.settle(await outbox.oldest(target("C0OPS0001"), 10), "delivered", { chatMessageId: "1.0", via: "message" });
    const after = await until(() => watch.snapshot(), (snapshot) => snapshot.length === 1);
    expect(after.map((backlog) => backlog.region)).toEqual(["us-east-1"]);
    expect(watch.version).toBeGreaterThan(version);
  } finally {
    await watch.stop();
  }
});
