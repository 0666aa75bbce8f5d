import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { PrivacyChange, PrivacySetting } from "../privacy/types";
import { unlessConditionFails, unlessRaced } from "./conditional";
import type { StoreContext } from "./context";
import { keys } from "./keys";
import type { TableAction } from "./table-actions";

/**
 * The account's privacy record (`ACCOUNT#<account>` / `PRIVACY`) in one Region's table. The home
 * Region's record is the authority (`change`); every other Region holds a copy the erasure brings
 * up to date (`applyCopy`), and that copy is what guards user-data writes there (store/user-data.ts).
 * No record means the setting was never changed: sharing is on.
 */

// change: a transaction of UpdateItem (the record) + PutItem (its request); applyCopy: UpdateItem.
export const PRIVACY_RECORDS_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem"];
/** What the erasure needs of it: read the home record (`read`), bring every copy up to date (`applyCopy`). */
export const PRIVACY_READ_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:GetItem"];
export const PRIVACY_COPY_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:UpdateItem"];

export const PRIVACY_DEFAULT = { shareUserData: true, version: 0, floorVersion: 0 } as const;

/** A Put to write in the same transaction as the change (the erasure request: store/erasure-requests.ts). */
export interface TransactPut {
  readonly Put: { readonly TableName: string; readonly Item: Record<string, unknown>; readonly ConditionExpression?: string };
}

export function createPrivacyRecords(context: StoreContext) {
  const { doc, tableName } = context;

  /** The setting as this table holds it (strongly consistent); the default when there is no record. */
  async function read(accountId: string): Promise<PrivacySetting> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.privacy(accountId), ConsistentRead: true }));
    return privacySettingFrom(accountId, Item);
  }

  /**
   * Moves the home record from `current` to `change` and writes `withPut` in the same transaction;
   * false when the record moved meanwhile (or the put's condition failed): read again, decide again.
   */
  function change(current: PrivacySetting, next: PrivacyChange, withPut: TransactPut): Promise<boolean> {
    const update = recordUpdate(next);
    return unlessRaced(() => doc.send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: keys.privacy(next.accountId),
            UpdateExpression: update.UpdateExpression,
            ConditionExpression: current.recorded ? "version = :current" : "attribute_not_exists(pk)",
            ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...(current.recorded ? { ":current": current.version } : {}) },
          },
        },
        withPut,
      ],
    })));
  }

  /**
   * Brings this Region's copy up to `change`, unless it is already at that version or a newer one
   * (changes may be applied late or out of order; the newest always wins). From the moment an
   * opt-out is applied, user-data writes in this Region fail their condition.
   */
  async function applyCopy(next: PrivacyChange): Promise<"applied" | "already-current"> {
    const applied = await unlessConditionFails(() => doc.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.privacy(next.accountId),
      ...recordUpdate(next),
      ConditionExpression: "attribute_not_exists(pk) OR version < :version",
    })));
    return applied ? "applied" : "already-current";
  }

  return { read, change, applyCopy };
}

export type PrivacyRecords = ReturnType<typeof createPrivacyRecords>;

function recordUpdate(change: PrivacyChange) {
  return {
    UpdateExpression: "SET entity = :entity, shareUserData = :share, version = :version, floorVersion = :floor, changedBy = :by, changedAt = :at",
    ExpressionAttributeValues: {
      ":entity": "privacy",
      ":share": change.shareUserData,
      ":version": change.version,
      ":floor": change.floorVersion,
      ":by": change.changedBy,
      ":at": change.changedAt,
    } as Record<string, unknown>,
  };
}

/** A stored record (or its absence) as a setting, validated. Also reads stream images the document client unmarshalled. */
export function privacySettingFrom(accountId: string, item: Record<string, unknown> | undefined): PrivacySetting {
  if (!item) return { accountId, ...PRIVACY_DEFAULT, recorded: false };
  return {
    accountId,
    shareUserData: item.shareUserData !== false,
    version: wholeNumber(item.version),
    floorVersion: wholeNumber(item.floorVersion),
    ...(typeof item.changedBy === "string" ? { changedBy: item.changedBy } : {}),
    ...(typeof item.changedAt === "string" ? { changedAt: item.changedAt } : {}),
    recorded: true,
  };
}

/** A version as stored: a non-negative integer, 0 when absent or malformed. */
function wholeNumber(value: unknown): number {
  const number = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number >= 0 ? number : 0;
}
