import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createChannelConfigs } from "./channel-configs";
import { createDrainLeases } from "./drain-leases";
import { createLeases, type Leases } from "./lease";
import { createOutbox } from "./outbox";
import { createThreadAnchors } from "./thread-anchors";

/**
 * The one store: every table call Herald makes goes through a repository made here. Each
 * repository is a factory taking this context, lives in its own file under lambdas/shared/store/,
 * writes keys only through keys.ts, recognises failed conditions only through conditional.ts,
 * claims only through lease.ts, reads pages only through pages.ts, validates what it reads, and
 * exports the DynamoDB actions it needs (`<NAME>_TABLE_ACTIONS`, see table-actions.ts).
 */
export interface StoreContext {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Epoch ms; injected by tests. */
  readonly now: () => number;
  readonly leases: Leases;
}

export interface StoreOptions {
  readonly now?: () => number;
}

export function storeContext(doc: DynamoDBDocumentClient, tableName: string, options: StoreOptions = {}): StoreContext {
  return { doc, tableName, now: options.now ?? Date.now, leases: createLeases(doc, tableName) };
}

/**
 * Every repository of one Region's table. Handlers build it once at init and hand the
 * repositories they use to their domain code as ports.
 */
export function createHeraldStore(doc: DynamoDBDocumentClient, tableName: string, options: StoreOptions = {}) {
  const context = storeContext(doc, tableName, options);
  return {
    context,
    // Forwarding: repositories added by the forwarder flow.
    channelConfigs: createChannelConfigs(context),
    outbox: createOutbox(context),
    drainLeases: createDrainLeases(context),
    threadAnchors: createThreadAnchors(context),
    // Commands: repositories added by the command flows.
    // Privacy: repositories added by the privacy flow.
  };
}

export type HeraldStore = ReturnType<typeof createHeraldStore>;
