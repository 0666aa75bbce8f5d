import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { setTimeout as sleep } from "node:timers/promises";
import { createErasureRequests } from "../store/erasure-requests";
import { storeContext } from "../store/index";
import { createPrivacyRecords } from "../store/privacy-records";
import { PrivacyContentionError, PrivacyNotAdminError } from "./errors";
import type { ChatPlace, PrivacyChange, PrivacySetting } from "./types";

/**
 * The account's "Share user data" setting. The home Region's record is the authority: only
 * `changePrivacy` changes it, one version at a time, and creates the change's erasure request in
 * the same write. Every other Region's table holds a copy that the erasure brings up to date, and
 * that copy is what guards writes of user data in that Region (lambdas/shared/store/privacy-records.ts).
 */

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

/** How many times a change is retried when another change lands between reading and writing (admins clicking at once). */
const CHANGE_ATTEMPTS = 10;

/** The request id of a change: `opt-out-v3`, `opt-in-v4`. Deterministic, so redelivered stream records map to one request. */
export function privacyRequestId(version: number, shareUserData: boolean): string {
  return `${shareUserData ? "opt-in" : "opt-out"}-v${version}`;
}

/** The setting as this table holds it (strongly consistent); the default when there is no record. */
export function readPrivacy(doc: DynamoDBDocumentClient, tableName: string, accountId: string): Promise<PrivacySetting> {
  return createPrivacyRecords(storeContext(doc, tableName)).read(accountId);
}

/**
 * Changes the setting in the home Region's table. Only admins may; asking for the value it already
 * has changes nothing. The record moves from the version read to the next one with a conditional
 * write, so two admins changing it at once cannot both win with stale views, and the erasure
 * request for that version is created in the same transaction (so a change is never without one).
 */
export async function changePrivacy(doc: DynamoDBDocumentClient, tableName: string, accountId: string, input: ChangePrivacyInput): Promise<ChangePrivacyResult> {
  if (!input.admins.includes(input.changedBy)) throw new PrivacyNotAdminError(input.changedBy);
  const context = storeContext(doc, tableName);
  const records = createPrivacyRecords(context);
  const requests = createErasureRequests(context);
  const now = input.now ?? Date.now;
  for (let attempt = 1; attempt <= CHANGE_ATTEMPTS; attempt++) {
    const current = await records.read(accountId);
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
    if (await records.change(current, change, requests.creation(change, requestId))) {
      return { changed: true, setting: settingOf(change), change, requestId };
    }
    // Another change got in between reading and writing: read again and decide again.
    await sleep(Math.random() * 20 * attempt);
  }
  throw new PrivacyContentionError("changePrivacy");
}

/** The change as the setting it leaves (what the engine applies to every Region's copy). */
export function settingOf(change: PrivacyChange): PrivacySetting {
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
