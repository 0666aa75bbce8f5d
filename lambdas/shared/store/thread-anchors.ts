import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { createHash, randomUUID } from "node:crypto";

/**
 * Thread anchors: which chat message is the parent of a conversation's thread in one channel.
 * The first message of a conversation *reserves* the anchor with a conditional write, posts the
 * parent, then records its id; a second first message arriving meanwhile finds the reservation
 * and waits for it instead of posting a second parent. Reservations hold a lease, so a crash
 * between reserving and posting does not block the thread for long. Anchors expire (TTL) a while
 * after their parent last changed, and the next message starts a new thread.
 *
 * Items: pk `THREAD#<teamId>#<channelId>`, sk `ANCHOR#<sha256 of the thread key>`. The key is
 * hashed because it names alarms, stacks or findings; the table keeps only ids and times.
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

export interface ThreadAnchorStoreOptions {
  readonly tableName: string;
  /** How long a thread stays open after its parent last changed. */
  readonly ttlSeconds?: number;
  /** How long a reservation blocks other first messages (longer than posting one message can take). */
  readonly leaseMs?: number;
  readonly now?: () => number;
}

export const THREAD_ANCHOR_DEFAULTS = { ttlSeconds: 3 * 86_400, leaseMs: 60_000 } as const;

export function threadAnchorItemKey(key: ThreadAnchorKey): { pk: string; sk: string } {
  const digest = createHash("sha256").update(key.threadKey).digest("base64url");
  return { pk: `THREAD#${key.teamId}#${key.channelId}`, sk: `ANCHOR#${digest}` };
}

export function createThreadAnchorStore(doc: DynamoDBDocumentClient, options: ThreadAnchorStoreOptions) {
  const { tableName } = options;
  const ttlSeconds = options.ttlSeconds ?? THREAD_ANCHOR_DEFAULTS.ttlSeconds;
  const leaseMs = options.leaseMs ?? THREAD_ANCHOR_DEFAULTS.leaseMs;
  const now = options.now ?? Date.now;
  const expiry = (at: number) => Math.floor(at / 1000) + ttlSeconds;

  /** What an item means now: expired anchors and lapsed reservations count as none (TTL deletes lag). */
  function stateOf(item: Record<string, unknown> | undefined, at: number): AnchorState {
    if (item === undefined || typeof item.expiresAt !== "number" || item.expiresAt * 1000 <= at) return { state: "none" };
    if (item.status === "open" && typeof item.messageId === "string") {
      return { state: "open", messageId: item.messageId, openedBy: typeof item.openedBy === "string" ? item.openedBy : "" };
    }
    if (item.status === "pending" && typeof item.leaseUntil === "number" && item.leaseUntil > at) return { state: "pending" };
    return { state: "none" };
  }

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
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const old = error.Item;
      return stateOf(old === undefined ? undefined : {
        status: old.status?.S,
        messageId: old.messageId?.S,
        openedBy: old.openedBy?.S,
        leaseUntil: old.leaseUntil?.N === undefined ? undefined : Number(old.leaseUntil.N),
        expiresAt: old.expiresAt?.N === undefined ? undefined : Number(old.expiresAt.N),
      }, at);
    }
  }

  async function find(key: ThreadAnchorKey): Promise<AnchorState> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: threadAnchorItemKey(key), ConsistentRead: true }));
    return stateOf(Item, now());
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
    try {
      await doc.send(new UpdateCommand({
        TableName: tableName,
        Key: threadAnchorItemKey(key),
        UpdateExpression: "SET shownAt = :shownAt, expiresAt = :expiresAt",
        ConditionExpression: "messageId = :messageId AND (attribute_not_exists(shownAt) OR shownAt < :shownAt)",
        ExpressionAttributeValues: { ":shownAt": shownAt, ":expiresAt": expiry(now()), ":messageId": messageId },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Drops an anchor whose parent no longer exists (deleted in the chat), so the next message starts afresh. */
  async function forget(key: ThreadAnchorKey, messageId: string): Promise<void> {
    await deleteIf(key, "messageId = :messageId", { ":messageId": messageId });
  }

  async function deleteIf(key: ThreadAnchorKey, condition: string, values: Record<string, unknown>, names?: Record<string, string>): Promise<void> {
    try {
      await doc.send(new DeleteCommand({
        TableName: tableName,
        Key: threadAnchorItemKey(key),
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
        ...(names === undefined ? {} : { ExpressionAttributeNames: names }),
      }));
    } catch (error) {
      // Someone else took the anchor over meanwhile: theirs now.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  return { reserve, find, complete, release, advance, forget };
}

export type ThreadAnchorStore = ReturnType<typeof createThreadAnchorStore>;
