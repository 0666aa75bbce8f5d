import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { setTimeout as sleep } from "node:timers/promises";
import { keys } from "../store/keys";
import { PrivacyContentionError, PrivacyNotAdminError } from "./errors";
import { erasureRequestItem } from "./receipts";

/**
 * The account's "Share user data" setting. The home Region's record is the authority: only
 * `changePrivacy` changes it, one version at a time. Every other Region's table holds a copy that
 * the erasure engine brings up to date (`applyPrivacyCopy`), and that copy is what guards writes of
 * user data in that Region. No record means the setting was never changed: sharing is on.
 */

/** Where an admin asked for a change; they are told there when every Region is done. */
export interface ChatPlace {
  readonly teamId: string;
  readonly channelId: string;
  /** Who asked (the notice names them). */
  readonly userId?: string;
}

/** This Region's part of the latest opt-out, as its copy of the record shows it. */
export interface RegionErasureState {
  readonly requestId: string;
  readonly version: number;
  readonly status: "pending" | "complete";
  readonly itemsDeleted?: number;
  readonly completedAt?: string;
}

export interface PrivacySetting {
  readonly accountId: string;
  readonly shareUserData: boolean;
  /** 0 until the first change; +1 with each change. */
  readonly version: number;
  /**
   * The version of the latest opt-out (0: never opted out). User data written under a lower
   * version belongs to a time sharing was later turned off: it is never read, and it is erased.
   */
  readonly floorVersion: number;
  /** Slack user id of the admin who made the change. */
  readonly changedBy?: string;
  readonly changedAt?: string;
  readonly erasure?: RegionErasureState;
  /** False when this table has no record (never changed: the default, sharing on). */
  readonly recorded: boolean;
}

/** One change of the setting, as the erasure engine applies it in every Region. */
export interface PrivacyChange {
  readonly accountId: string;
  readonly version: number;
  readonly shareUserData: boolean;
  readonly floorVersion: number;
  readonly changedBy: string;
  readonly changedAt: string;
  readonly notify?: ChatPlace;
}

export interface ChangePrivacyInput {
  readonly shareUserData: boolean;
  /** Slack user id of whoever asks; must be one of `admins`. */
  readonly changedBy: string;
  /** `config.account.admins`. */
  readonly admins: readonly string[];
  readonly notify?: ChatPlace;
  readonly now?: () => number;
}

export type ChangePrivacyResult =
  | { readonly changed: true; readonly setting: PrivacySetting; readonly change: PrivacyChange; readonly requestId: string }
  /** The setting already had that value: nothing was written. */
  | { readonly changed: false; readonly setting: PrivacySetting };

export const PRIVACY_DEFAULT = { shareUserData: true, version: 0, floorVersion: 0 } as const;

/** How many times a change is retried when another change lands between reading and writing (admins clicking at once). */
const CHANGE_ATTEMPTS = 10;

/** The request id of a change: `opt-out-v3`, `opt-in-v4`. Deterministic, so redelivered stream records map to one request. */
export function privacyRequestId(version: number, shareUserData: boolean): string {
  return `${shareUserData ? "opt-in" : "opt-out"}-v${version}`;
}

/** The setting as this table holds it (strongly consistent); the default when there is no record. */
export async function readPrivacy(doc: DynamoDBDocumentClient, tableName: string, accountId: string): Promise<PrivacySetting> {
  const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.privacy(accountId), ConsistentRead: true }));
  return toSetting(accountId, Item);
}

/**
 * Changes the setting in the home Region's table. Only admins may; asking for the value it already
 * has changes nothing. The record moves from the version read to the next one with a conditional
 * write, so two admins changing it at once cannot both win with stale views, and the erasure
 * request for that version is created in the same transaction (so a change is never without one).
 */
export async function changePrivacy(doc: DynamoDBDocumentClient, tableName: string, accountId: string, input: ChangePrivacyInput): Promise<ChangePrivacyResult> {
  if (!input.admins.includes(input.changedBy)) throw new PrivacyNotAdminError(input.changedBy);
  const now = input.now ?? Date.now;
  let lastError: unknown;
  for (let attempt = 1; attempt <= CHANGE_ATTEMPTS; attempt++) {
    const current = await readPrivacy(doc, tableName, accountId);
    if (current.shareUserData === input.shareUserData) return { changed: false, setting: current };
    const version = current.version + 1;
    const change: PrivacyChange = {
      accountId,
      version,
      shareUserData: input.shareUserData,
      floorVersion: input.shareUserData ? current.floorVersion : version,
      changedBy: input.changedBy,
      changedAt: new Date(now()).toISOString(),
      ...(input.notify ? { notify: input.notify } : {}),
    };
    const requestId = privacyRequestId(version, input.shareUserData);
    const erasure: RegionErasureState | undefined = input.shareUserData ? undefined : { requestId, version, status: "pending" };
    const update = copyUpdate(change, erasure);
    try {
      await doc.send(new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: keys.privacy(accountId),
              UpdateExpression: update.UpdateExpression,
              ConditionExpression: current.recorded ? "version = :current" : "attribute_not_exists(pk)",
              ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...(current.recorded ? { ":current": current.version } : {}) },
            },
          },
          { Put: { TableName: tableName, Item: erasureRequestItem(change, requestId), ConditionExpression: "attribute_not_exists(pk)" } },
        ],
      }));
      return { changed: true, setting: { ...settingOf(change), ...(erasure ? { erasure } : current.erasure ? { erasure: current.erasure } : {}) }, change, requestId };
    } catch (error) {
      // Another change got in between reading and writing: read again and decide again.
      if (!isConditionOrConflict(error)) throw error;
      lastError = error;
      await sleep(Math.random() * 20 * attempt);
    }
  }
  throw new PrivacyContentionError("changePrivacy", { cause: lastError });
}

/**
 * Brings one Region's copy of the record up to `change`, unless the copy is already at that version
 * or a newer one (changes may be applied late or out of order; the newest always wins). From the
 * moment an opt-out is applied, user-data writes in that Region fail their condition.
 */
export async function applyPrivacyCopy(doc: DynamoDBDocumentClient, tableName: string, change: PrivacyChange, options: { recordErasure?: boolean } = {}): Promise<"applied" | "already-current"> {
  // An opt-out records this Region's erasure as pending (its request completes it); a reconciliation does not.
  const erasure: RegionErasureState | undefined = change.shareUserData || options.recordErasure === false
    ? undefined
    : { requestId: privacyRequestId(change.version, false), version: change.version, status: "pending" };
  try {
    await doc.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.privacy(change.accountId),
      ...copyUpdate(change, erasure),
      ConditionExpression: "attribute_not_exists(pk) OR version < :version",
    }));
    return "applied";
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return "already-current";
    throw error;
  }
}

/** Records in a Region's copy that its part of an opt-out is done (if that opt-out is still the one the copy shows). */
export async function completeRegionErasure(doc: DynamoDBDocumentClient, tableName: string, accountId: string, requestId: string, itemsDeleted: number, at: string): Promise<void> {
  try {
    await doc.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.privacy(accountId),
      UpdateExpression: "SET erasure.#status = :complete, erasure.itemsDeleted = :deleted, erasure.completedAt = :at",
      ConditionExpression: "erasure.requestId = :requestId",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":complete": "complete", ":deleted": itemsDeleted, ":at": at, ":requestId": requestId },
    }));
  } catch (error) {
    // A newer opt-out is already shown there: its own completion will be recorded.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

function copyUpdate(change: PrivacyChange, erasure: RegionErasureState | undefined) {
  return {
    UpdateExpression: `SET entity = :entity, shareUserData = :share, version = :version, floorVersion = :floor, changedBy = :by, changedAt = :at${erasure ? ", erasure = :erasure" : ""}`,
    ExpressionAttributeValues: {
      ":entity": "privacy",
      ":share": change.shareUserData,
      ":version": change.version,
      ":floor": change.floorVersion,
      ":by": change.changedBy,
      ":at": change.changedAt,
      ...(erasure ? { ":erasure": erasure } : {}),
    } as Record<string, unknown>,
  };
}

function settingOf(change: PrivacyChange): PrivacySetting {
  return {
    accountId: change.accountId,
    shareUserData: change.shareUserData,
    version: change.version,
    floorVersion: change.floorVersion,
    changedBy: change.changedBy,
    changedAt: change.changedAt,
    recorded: true,
  };
}

/** A stored record (or its absence) as a setting. Also reads stream images, which the document client unmarshalled. */
export function toSetting(accountId: string, item: Record<string, unknown> | undefined): PrivacySetting {
  if (!item) return { accountId, ...PRIVACY_DEFAULT, recorded: false };
  const erasure = item.erasure as Record<string, unknown> | undefined;
  return {
    accountId,
    shareUserData: item.shareUserData !== false,
    version: Number(item.version ?? 0),
    floorVersion: Number(item.floorVersion ?? 0),
    ...(typeof item.changedBy === "string" ? { changedBy: item.changedBy } : {}),
    ...(typeof item.changedAt === "string" ? { changedAt: item.changedAt } : {}),
    ...(erasure && typeof erasure.requestId === "string"
      ? {
        erasure: {
          requestId: erasure.requestId,
          version: Number(erasure.version),
          status: erasure.status === "complete" ? "complete" : "pending",
          ...(erasure.itemsDeleted === undefined ? {} : { itemsDeleted: Number(erasure.itemsDeleted) }),
          ...(typeof erasure.completedAt === "string" ? { completedAt: erasure.completedAt } : {}),
        },
      }
      : {}),
    recorded: true,
  };
}

/** A failed condition, or a transaction cancelled by a concurrent one: either way, read again. */
export function isConditionOrConflict(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (!(error instanceof TransactionCanceledException)) return false;
  return (error.CancellationReasons ?? []).some((reason) => reason.Code === "ConditionalCheckFailed" || reason.Code === "TransactionConflict");
}
