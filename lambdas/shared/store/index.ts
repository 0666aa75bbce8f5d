import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createAliases } from "./aliases";
import { createConfirmations } from "./confirmations";
import { type StoreOptions, storeContext } from "./context";
import { createSignedRequests } from "./signed-requests";
import { createSlackEvents } from "./slack-events";
import { createErasureReceipts } from "./erasure-receipts";
import { createErasureRequests } from "./erasure-requests";
import { createPrivacyRecords } from "./privacy-records";
import { createUserDataStore } from "./user-data";
import { createWaitingOutbox } from "./waiting-outbox";
import { createChannelConfigs } from "./channel-configs";
import { createDrainLeases } from "./drain-leases";
import { createOutbox } from "./outbox";
import { createOnCallStore } from "./on-call";
import { createThreadAnchors } from "./thread-anchors";

export { type StoreContext, type StoreOptions, storeContext } from "./context";

export interface HeraldStoreOptions extends StoreOptions {
  /** Words an alias may not take (the catalogue's service names): passed in by the function that creates aliases, so the store imports no command code. */
  readonly reservedAliasNames?: Iterable<string>;
}

/**
 * Every repository of one Region's table. Handlers build it once at init and hand the
 * repositories they use to their domain code as ports.
 */
export function createHeraldStore(doc: DynamoDBDocumentClient, tableName: string, options: HeraldStoreOptions = {}) {
  const context = storeContext(doc, tableName, options);
  return {
    context,
    // Forwarding: where notifications go, each channel's backlog and drainer, threads.
    channelConfigs: createChannelConfigs(context),
    outbox: createOutbox(context),
    drainLeases: createDrainLeases(context),
    threadAnchors: createThreadAnchors(context),
    /** Alarm lifecycles (acknowledge, resolve, escalate), snoozes and their timers. */
    onCall: createOnCallStore(context),
    // Commands: inbound requests seen once, aliases, confirmations.
    /** Events API deliveries seen (Slack's retries run once). */
    slackEvents: createSlackEvents(context),
    /** Signed requests seen (a replay runs nothing). */
    signedRequests: createSignedRequests(context),
    aliases: createAliases(context, { reservedNames: options.reservedAliasNames }),
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
