import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { randomUUID } from "node:crypto";
import { isConditionFailure, unlessConditionFails } from "./conditional";
import type { StoreContext } from "./context";
import { isNumber, isText, type Item } from "./item-guards";
import { keys } from "./keys";
import type { TableAction } from "./table-actions";

/**
 * Thread anchors: which chat message is the parent of a conversation's thread in one channel.
 * The first message of a conversation *reserves* the anchor with a conditional write, posts the
 * parent, then records its id; a second first message arriving meanwhile finds the reservation
 * and waits for it instead of posting a second parent. Reservations hold a lease, so a crash
 * between reserving and posting does not block the thread for long. Anchors expire (TTL) a while
 * after their parent last changed, and the next message starts a new thread.
 *
 * Keys: keys.threadAnchor (the thread key is hashed because it names alarms, stacks or findings;
 * the table keeps only ids and times).
 *
 * Why the reservation is not a lease (lease.ts): a lease is free again once its time is up, but an
 * anchor, once its parent is posted, must stay taken for the thread's whole life (days), by no
 * holder; a reservation replaces a lapsed or expired anchor whole (a Put, not an update of
 * `holder`); and a failed reservation must say in the same round trip what holds the anchor (a
 * parent already posted, or one being posted). So it is a conditional Put (conditional.ts) that
 * returns the item it found.
 */

export interface ThreadAnchorKey {
  readonly teamId: string;
  readonly channelId: string;
  /** The conversation (a ThreadHint's key). */
  readonly threadKey: string;
}

export type AnchorState =
  | { readonly state: "none" }
  /** Another delivery is posting the parent right now. */
  | { readonly state: "pending" }
  | { readonly state: "open"; readonly messageId: string; readonly openedBy: string };

export type ReserveResult = { readonly state: "reserved"; readonly token: string } | AnchorState;

export interface ThreadAnchorOptions {
  /** How long a thread stays open after its parent last changed. */
  readonly ttlSeconds?: number;
  /** How long a reservation blocks other first messages (longer than posting one message can take). */
  readonly leaseMs?: number;
}

export const THREAD_ANCHOR_DEFAULTS = { ttlSeconds: 3 * 86_400, leaseMs: 60_000 } as const;

/** Reserving (a conditional Put), reading, completing and advancing (conditional updates), releasing and forgetting (conditional deletes). */
export const THREAD_ANCHORS_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"];

export function threadAnchorItemKey(key: ThreadAnchorKey): { pk: string; sk: string } {
  return keys.threadAnchor(key.teamId, key.channelId, key.threadKey);
}

export function createThreadAnchors(context: StoreContext, options: ThreadAnchorOptions = {}) {
  const { doc, tableName, now } = context;
  const ttlSeconds = options.ttlSeconds ?? THREAD_ANCHOR_DEFAULTS.ttlSeconds;
  const leaseMs = options.leaseMs ?? THREAD_ANCHOR_DEFAULTS.leaseMs;
  const expiry = (at: number) => Math.floor(at / 1000) + ttlSeconds;

  /** Takes the right to post the parent, or says who has it. `sourceMessageId` is the SNS message posting it. */
  async function reserve(key: ThreadAnchorKey, sourceMessageId: string): Promise<ReserveResult> {
    const token = randomUUID();
    const at = now();
    try {
      await doc.send(new PutCommand({
        TableName: tableName,
        Item: {
          ...threadAnchorItemKey(key),
          entity: "thread-anchor",
          status: "pending",
          claimToken: token,
          leaseUntil: at + leaseMs,
          openedBy: sourceMessageId,
          expiresAt: expiry(at),
        },
        ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :nowSeconds OR (#status = :pending AND leaseUntil <= :now)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":pending": "pending", ":now": at, ":nowSeconds": Math.floor(at / 1000) },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }));
      return { state: "reserved", token };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The failed condition's exception carries the item that failed it, in the table's own format.
      const found = (error as { Item?: Record<string, AttributeValue> }).Item;
      return anchorStateOf(found === undefined ? undefined : unmarshall(found), at);
    }
  }

  async function find(key: ThreadAnchorKey): Promise<AnchorState> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: threadAnchorItemKey(key), ConsistentRead: true }));
    return anchorStateOf(Item, now());
  }

  /** Records the posted parent; `shownAt` is the event time of what it shows (epoch ms). */
  async function complete(key: ThreadAnchorKey, token: string, messageId: string, shownAt: number): Promise<void> {
    const at = now();
    await doc.send(new UpdateCommand({
      TableName: tableName,
      Key: threadAnchorItemKey(key),
      UpdateExpression: "SET #status = :open, messageId = :messageId, shownAt = :shownAt, openedAt = :at, expiresAt = :expiresAt REMOVE leaseUntil",
      ConditionExpression: "claimToken = :token",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":open": "open", ":messageId": messageId, ":shownAt": shownAt, ":at": at, ":expiresAt": expiry(at), ":token": token },
    }));
  }

  /** Gives a reservation back after the parent could not be posted, so the next first message can. */
  async function release(key: ThreadAnchorKey, token: string): Promise<void> {
    await deleteIf(key, "claimToken = :token AND #status = :pending", { ":token": token, ":pending": "pending" }, { "#status": "status" });
  }

  /**
   * Claims the parent for a newer state: true when `shownAt` is later than what the parent shows
   * (then the caller updates it), false when a newer or equal state is already shown. Keeps the
   * thread open for another TTL either way it succeeds.
   */
  async function advance(key: ThreadAnchorKey, messageId: string, shownAt: number): Promise<boolean> {
    return unlessConditionFails(() => doc.send(new UpdateCommand({
      TableName: tableName,
      Key: threadAnchorItemKey(key),
      UpdateExpression: "SET shownAt = :shownAt, expiresAt = :expiresAt",
      ConditionExpression: "messageId = :messageId AND (attribute_not_exists(shownAt) OR shownAt < :shownAt)",
      ExpressionAttributeValues: { ":shownAt": shownAt, ":expiresAt": expiry(now()), ":messageId": messageId },
    })));
  }

  /** Drops an anchor whose parent no longer exists (deleted in the chat), so the next message starts afresh. */
  async function forget(key: ThreadAnchorKey, messageId: string): Promise<void> {
    await deleteIf(key, "messageId = :messageId", { ":messageId": messageId });
  }

  async function deleteIf(key: ThreadAnchorKey, condition: string, values: Record<string, unknown>, names?: Record<string, string>): Promise<void> {
    // A failed condition: someone else took the anchor over meanwhile, and it is theirs now.
    await unlessConditionFails(() => doc.send(new DeleteCommand({
      TableName: tableName,
      Key: threadAnchorItemKey(key),
      ConditionExpression: condition,
      ExpressionAttributeValues: values,
      ...(names === undefined ? {} : { ExpressionAttributeNames: names }),
    })));
  }

  return { reserve, find, complete, release, advance, forget };
}

export type ThreadAnchors = ReturnType<typeof createThreadAnchors>;

/**
 * What an anchor item means at `at`: expired anchors and lapsed reservations count as none (TTL
 * deletes lag), and so does an item without the attributes of its state (the guard of this shape).
 */
function anchorStateOf(item: Item | undefined, at: number): AnchorState {
  if (item === undefined || !isNumber(item.expiresAt) || item.expiresAt * 1000 <= at) return { state: "none" };
  if (item.status === "open" && isText(item.messageId)) {
    return { state: "open", messageId: item.messageId, openedBy: isText(item.openedBy) ? item.openedBy : "" };
  }
  if (item.status === "pending" && isNumber(item.leaseUntil) && item.leaseUntil > at) return { state: "pending" };
  return { state: "none" };
}
