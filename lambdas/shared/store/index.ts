import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { SERVICE_NAMES } from "../commands/registry";
import { createAliases } from "./aliases";
import { createConfirmations } from "./confirmations";
import { createLeases, type Leases } from "./lease";
import { createSignedRequests } from "./signed-requests";
import { createSlackEvents } from "./slack-events";
import { createErasureReceipts } from "./erasure-receipts";
import { createErasureRequests } from "./erasure-requests";
import { createPrivacyRecords } from "./privacy-records";
import { createUserDataStore } from "./user-data";
import { createWaitingOutbox } from "./waiting-outbox";

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
    // Commands: repositories added by the command flows.
    /** Events API deliveries seen (Slack's retries run once). */
    slackEvents: createSlackEvents(context),
    /** Signed requests seen (a replay runs nothing). */
    signedRequests: createSignedRequests(context),
    aliases: createAliases(context, { reservedNames: SERVICE_NAMES }),
    confirmations: createConfirmations(context),
    // Privacy: the setting, the only user-data write path, the erasure's requests and receipts (home table), and the outbox items it erases.
    privacyRecords: createPrivacyRecords(context),
    userData: createUserDataStore(context),
    erasureRequests: createErasureRequests(context),
    erasureReceipts: createErasureReceipts(context),
    waitingOutbox: createWaitingOutbox(context),
  };
}

export type HeraldStore = ReturnType<typeof createHeraldStore>;
