import { type NativeAttributeValue, paginateQuery, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { PrivacySetting } from "../privacy/types";
import { unlessRaced } from "./conditional";
import { BATCH_DELETE_TABLE_ACTIONS, deleteKeys, type DeleteKeysOptions, type ItemKey } from "./batch-delete";
import type { StoreContext } from "./context";
import { keys, type UserDataSortKind } from "./keys";
import { countAll } from "./pages";
import { type TableAction, tableActions } from "./table-actions";

/**
 * User data items (`USERDATA#<account>` / `<KIND>#<team>#<chan>#<isoTime>#<id>`) in one Region's
 * table. `put` is the only write path: a transaction whose ConditionCheck is this Region's privacy
 * record (sharing on, at the version read), so a write racing an opt-out either lands before the
 * opt-out (and its erasure then finds and deletes it) or fails. The erasure reads the account's
 * items page by page (`olderThan`) and deletes them by key.
 */

// put: TransactWriteItems = ConditionCheckItem (the privacy record) + PutItem; reads: Query.
export const USER_DATA_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:Query"];
/** What the erasure needs of it: find the items (Query) and delete them (BatchWriteItem). */
export const USER_DATA_ERASURE_TABLE_ACTIONS: readonly TableAction[] = tableActions(["dynamodb:Query"], BATCH_DELETE_TABLE_ACTIONS);

export interface UserDataItem {
  readonly accountId: string;
  readonly kind: string;
  readonly sortKind: UserDataSortKind;
  readonly teamId: string;
  readonly channelId: string;
  readonly id: string;
  /** ISO 8601. */
  readonly at: string;
  /** Epoch seconds (TTL). */
  readonly expiresAt: number;
  /** The kind's data (privacy/user-data.ts), already screened and cut. */
  readonly data: object;
}

/** One stored input of a channel, as history and suggestions read it. */
export interface StoredInput {
  readonly text: string;
  readonly userId: string;
  readonly at: string;
  readonly id: string;
}

/** One page of the erasure's query: the keys to delete and where the next page starts (absent: the last page). */
export interface KeyPage {
  readonly keys: readonly ItemKey[];
  readonly next?: Record<string, unknown>;
}

export function createUserDataStore(context: StoreContext) {
  const { doc, tableName } = context;

  /** Writes `item` if, and only if, `setting` (as read) still holds: false when it changed or another transaction raced it. */
  function put(item: UserDataItem, setting: PrivacySetting): Promise<boolean> {
    const key = keys.userData(item.accountId, item.sortKind, item.teamId, item.channelId, item.at, item.id);
    return unlessRaced(() => doc.send(new TransactWriteCommand({
      TransactItems: [
        {
          // Absent record = never changed = sharing on; otherwise on, and still at the version read.
          ConditionCheck: setting.recorded
            ? {
              TableName: tableName,
              Key: keys.privacy(item.accountId),
              ConditionExpression: "shareUserData = :on AND version = :version",
              ExpressionAttributeValues: { ":on": true, ":version": setting.version },
            }
            : { TableName: tableName, Key: keys.privacy(item.accountId), ConditionExpression: "attribute_not_exists(pk)" },
        },
        {
          Put: {
            TableName: tableName,
            Item: {
              ...key, entity: "user-data", kind: item.kind, teamId: item.teamId, channelId: item.channelId, id: item.id, at: item.at,
              privacyVersion: setting.version, expiresAt: item.expiresAt, data: item.data,
            },
          },
        },
      ],
    })));
  }

  /**
   * A channel's inputs of one kind, newest first, written at or after `setting`'s latest opt-out and
   * not expired (TTL deletes lag): at most `limit`.
   */
  async function latestInputs(setting: PrivacySetting, sortKind: UserDataSortKind, teamId: string, channelId: string, limit: number, nowMs: number): Promise<StoredInput[]> {
    const items = await readItems(setting, keys.userDataChannelPrefix(sortKind, teamId, channelId), limit, nowMs, (item) => storedInputFrom(item) !== undefined);
    return items.flatMap((item) => storedInputFrom(item) ?? []);
  }

  /**
   * Items whose sort key starts with `prefix` (newest first unless `oldestFirst`), under the same
   * rules as latestInputs; at most `limit` of those `accept` takes.
   */
  async function readItems(setting: PrivacySetting, prefix: string, limit: number, nowMs: number, accept: (item: Record<string, unknown>) => boolean = () => true, oldestFirst = false): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    if (limit <= 0) return found;
    const pages = paginateQuery({ client: doc, pageSize: Math.min(Math.max(limit, 10) * 2, 500) }, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      FilterExpression: "privacyVersion >= :floor AND expiresAt > :now",
      ExpressionAttributeValues: {
        ":pk": keys.userDataPartition(setting.accountId),
        ":prefix": prefix,
        ":floor": setting.floorVersion,
        ":now": Math.floor(nowMs / 1000),
      },
      ScanIndexForward: oldestFirst,
    });
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        if (!accept(item)) continue;
        found.push(item);
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  /**
   * The keys of the account's items written under a version below `version` (items without one
   * count as older: nothing escapes), page by page from `start`, strongly consistent.
   */
  async function* olderThan(accountId: string, version: number, pageSize: number, start?: Record<string, unknown>): AsyncGenerator<KeyPage> {
    const pages = paginateQuery({ client: doc, pageSize, ...(start ? { startingToken: start as Record<string, NativeAttributeValue> } : {}) }, {
      ...olderThanQuery(accountId, version),
      ProjectionExpression: "pk, sk",
    });
    for await (const page of pages) {
      yield { keys: (page.Items ?? []).flatMap((item) => (typeof item.pk === "string" && typeof item.sk === "string" ? [{ pk: item.pk, sk: item.sk }] : [])), ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
    }
  }

  /** How many such items remain (the erasure's verification). */
  function countOlderThan(accountId: string, version: number): Promise<number> {
    return countAll(doc, olderThanQuery(accountId, version));
  }

  /** Deletes items by key (idempotent); how many deletes DynamoDB processed. Throws BatchDeleteError with the partial count. */
  function remove(itemKeys: readonly ItemKey[], options: DeleteKeysOptions = {}): Promise<number> {
    return deleteKeys(doc, tableName, itemKeys, options);
  }

  function olderThanQuery(accountId: string, version: number) {
    return {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      FilterExpression: "attribute_not_exists(privacyVersion) OR privacyVersion < :version",
      ExpressionAttributeValues: { ":pk": keys.userDataPartition(accountId), ":version": version },
      ConsistentRead: true,
    };
  }

  return { put, latestInputs, readItems, olderThan, countOlderThan, remove };
}

export type UserDataStore = ReturnType<typeof createUserDataStore>;

function storedInputFrom(item: Record<string, unknown>): StoredInput | undefined {
  const data = item.data;
  if (typeof data !== "object" || data === null) return undefined;
  const { text, userId } = data as Record<string, unknown>;
  if (typeof text !== "string" || typeof item.at !== "string" || typeof item.id !== "string") return undefined;
  return { text, userId: typeof userId === "string" ? userId : "", at: item.at, id: item.id };
}
