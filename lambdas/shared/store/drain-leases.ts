import { randomUUID } from "node:crypto";
import type { ChatTarget } from "../chat/chat-platform";
import type { StoreContext } from "./context";
import { isNumber, isText, type Item } from "./item-guards";
import { DRAIN_PARTITION, keys } from "./keys";
import { LEASE_TABLE_ACTIONS } from "./lease";
import { queryAll } from "./pages";
import type { TableAction } from "./table-actions";

/**
 * One drainer per channel. Whoever holds a channel's lease is the only one posting there, so the
 * channel's pace (`nextPostAt`) and a 429's `blockedUntil` are kept in one place and honoured by
 * every invocation. The lease is the store's one lease (lease.ts: `holder` and `leaseUntil`, taken
 * when free or its holder's time is up), with the pacing state kept on the same item; it ends at
 * the holder's deadline plus a margin, so a crashed holder blocks the channel only until then. All
 * leases share one partition so a sweep lists every channel with one Query.
 */

/** What a channel's drainer remembers between holders. Times are epoch ms. */
export interface PacingState {
  /** Not before this: one message per pace interval. */
  readonly nextPostAt: number;
  /** Not before this either: Slack's Retry-After, or a backoff after errors. */
  readonly blockedUntil: number;
  /** Failures in a row (the backoff grows with them); 0 after a post. */
  readonly failures: number;
}

export interface DrainLease extends PacingState {
  readonly target: ChatTarget;
  readonly token: string;
}

export interface ChannelLeaseRecord extends PacingState {
  readonly target: ChatTarget;
  /** Epoch ms the current lease ends; 0 or past when free. */
  readonly leaseUntil: number;
}

/** Taking, saving and giving back leases (lease.ts), and listing them for the sweep. */
export const DRAIN_LEASES_TABLE_ACTIONS: readonly TableAction[] = [...LEASE_TABLE_ACTIONS, "dynamodb:Query"];

export function createDrainLeases(context: StoreContext) {
  const { doc, tableName, now, leases } = context;
  const keyOf = (target: ChatTarget) => keys.drainLease(target.teamId, target.channelId);
  const pacing = (state: PacingState) => ({ nextPostAt: state.nextPostAt, blockedUntil: state.blockedUntil, failures: state.failures });

  /** Takes the channel's lease until `leaseUntil`, or returns undefined while another holder has it. */
  async function acquire(target: ChatTarget, leaseUntil: number): Promise<DrainLease | undefined> {
    const token = randomUUID();
    const item = await leases.acquire({
      key: keyOf(target),
      holder: token,
      until: leaseUntil,
      now: now(),
      set: { entity: DRAIN_LEASE_ENTITY, teamId: target.teamId, channelId: target.channelId, botTokenSecretName: target.botTokenSecretName },
      setIfAbsent: { nextPostAt: 0, blockedUntil: 0, failures: 0 },
    });
    return item === undefined ? undefined : { target, token, ...pacingOf(item) };
  }

  /** Saves the pacing state while holding the lease (a 429 is saved at once); false when the lease was lost. */
  async function persist(lease: DrainLease, state: PacingState): Promise<boolean> {
    return leases.update({ key: keyOf(lease.target), holder: lease.token }, pacing(state));
  }

  /** Gives the lease back, keeping the pacing state for the next holder (a lease already lost is theirs to keep). */
  async function release(lease: DrainLease, state: PacingState): Promise<void> {
    await leases.release({ key: keyOf(lease.target), holder: lease.token }, pacing(state));
  }

  /** Every channel that has ever had a backlog, with its lease and pacing. */
  async function list(): Promise<ChannelLeaseRecord[]> {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": DRAIN_PARTITION },
      ConsistentRead: true,
    });
    // Only lease items live in this partition; one without its channel (a hand edit) is passed over, not fatal to the sweep.
    return items.flatMap((item) => channelLeaseOf(item) ?? []);
  }

  return { acquire, persist, release, list };
}

export type DrainLeases = ReturnType<typeof createDrainLeases>;

const DRAIN_LEASE_ENTITY = "drain-lease";

function channelLeaseOf(item: Item): ChannelLeaseRecord | undefined {
  const { teamId, channelId, botTokenSecretName } = item;
  if (!isText(teamId) || !isText(channelId) || !isText(botTokenSecretName)) return undefined;
  return {
    target: { teamId, channelId, botTokenSecretName },
    leaseUntil: isText(item.holder) && isNumber(item.leaseUntil) ? item.leaseUntil : 0,
    ...pacingOf(item),
  };
}

/** Pacing attributes default to 0 (none yet): a lease item is written before its first post. */
function pacingOf(item: Item): PacingState {
  const number = (value: unknown) => (isNumber(value) ? value : 0);
  return { nextPostAt: number(item.nextPostAt), blockedUntil: number(item.blockedUntil), failures: number(item.failures) };
}
