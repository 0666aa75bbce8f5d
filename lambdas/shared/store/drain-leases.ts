import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import type { ChatTarget } from "../chat/chat-platform";
import { paginateQuery } from "./batch";
import { DRAIN_PARTITION, keys } from "./keys";

/**
 * One drainer per channel. Whoever holds a channel's lease is the only one posting there, so the
 * channel's pace (`nextPostAt`) and a 429's `blockedUntil` are kept in one place and honoured by
 * every invocation. A lease is taken with a conditional write (free, or its holder's time is up),
 * carries the holder's token, and ends at the holder's deadline plus a margin: a crashed holder
 * blocks the channel only until then. All leases share one partition so a sweep lists every
 * channel with one Query.
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

export interface DrainLeaseOptions {
  readonly tableName: string;
  readonly now?: () => number;
}

export function createDrainLeases(doc: DynamoDBDocumentClient, options: DrainLeaseOptions) {
  const { tableName } = options;
  const now = options.now ?? Date.now;

  /** Takes the channel's lease until `leaseUntil`, or returns undefined while another holder has it. */
  async function acquire(target: ChatTarget, leaseUntil: number): Promise<DrainLease | undefined> {
    const token = randomUUID();
    try {
      const { Attributes } = await doc.send(new UpdateCommand({
        TableName: tableName,
        Key: keys.drainLease(target.teamId, target.channelId),
        UpdateExpression:
          "SET entity = :entity, holder = :token, leaseUntil = :until, teamId = :team, channelId = :channel, botTokenSecretName = :secret, " +
          "nextPostAt = if_not_exists(nextPostAt, :zero), blockedUntil = if_not_exists(blockedUntil, :zero), failures = if_not_exists(failures, :zero)",
        ConditionExpression: "attribute_not_exists(holder) OR leaseUntil < :now",
        ExpressionAttributeValues: {
          ":entity": "drain-lease", ":token": token, ":until": leaseUntil, ":team": target.teamId, ":channel": target.channelId,
          ":secret": target.botTokenSecretName, ":zero": 0, ":now": now(),
        },
        ReturnValues: "ALL_NEW",
      }));
      return { target, token, ...pacingOf(Attributes ?? {}) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** Saves the pacing state while holding the lease (a 429 is saved at once); false when the lease was lost. */
  async function persist(lease: DrainLease, state: PacingState): Promise<boolean> {
    return update(lease, "SET nextPostAt = :next, blockedUntil = :blocked, failures = :failures", state);
  }

  /** Gives the lease back, keeping the pacing state for the next holder. */
  async function release(lease: DrainLease, state: PacingState): Promise<void> {
    await update(lease, "SET nextPostAt = :next, blockedUntil = :blocked, failures = :failures, leaseUntil = :zero REMOVE holder", state, { ":zero": 0 });
  }

  async function update(lease: DrainLease, expression: string, state: PacingState, extra: Record<string, unknown> = {}): Promise<boolean> {
    try {
      await doc.send(new UpdateCommand({
        TableName: tableName,
        Key: keys.drainLease(lease.target.teamId, lease.target.channelId),
        UpdateExpression: expression,
        ConditionExpression: "holder = :token",
        ExpressionAttributeValues: { ":token": lease.token, ":next": state.nextPostAt, ":blocked": state.blockedUntil, ":failures": state.failures, ...extra },
      }));
      return true;
    } catch (error) {
      // Our time ran out and someone else holds it now: theirs to keep.
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Every channel that has ever had a backlog, with its lease and pacing. */
  async function list(): Promise<ChannelLeaseRecord[]> {
    const items = await paginateQuery(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": DRAIN_PARTITION },
      ConsistentRead: true,
    });
    return items
      .filter((item) => typeof item.teamId === "string" && typeof item.channelId === "string" && typeof item.botTokenSecretName === "string")
      .map((item) => ({
        target: { teamId: item.teamId as string, channelId: item.channelId as string, botTokenSecretName: item.botTokenSecretName as string },
        leaseUntil: typeof item.holder === "string" && typeof item.leaseUntil === "number" ? item.leaseUntil : 0,
        ...pacingOf(item),
      }));
  }

  return { acquire, persist, release, list };
}

function pacingOf(item: Record<string, unknown>): PacingState {
  const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : 0);
  return { nextPostAt: number(item.nextPostAt), blockedUntil: number(item.blockedUntil), failures: number(item.failures) };
}

export type DrainLeases = ReturnType<typeof createDrainLeases>;
