import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { findCredential } from "../security/credential-screen";
import { storeContext } from "../store/index";
import { keys, USER_DATA_SORT_KINDS } from "../store/keys";
import { createPrivacyRecords } from "../store/privacy-records";
import { createUserDataStore } from "../store/user-data";

/**
 * User data: what Herald keeps, while "Share user data" is on, to get better for this account —
 * rendered notifications, command inputs (after credential screening), Herald's responses,
 * interactions and the exchanges of asked questions' threads. `storeUserData` is the only code that writes it, through the store's one write path
 * (lambdas/shared/store/user-data.ts: a transaction whose condition is this Region's privacy record).
 * Items expire after the retention period (TTL) and carry the privacy version they were written
 * under. Never store secrets: every string is screened again here and an item that looks like it
 * carries a credential is not stored.
 */

export type UserDataKind = keyof typeof USER_DATA_SORT_KINDS;

/** A rendered notification and the channels it went to (one item per message; its key names the first channel). */
export interface NotificationData {
  /** The SNS message id. */
  readonly messageId: string;
  readonly topicArn: string;
  /** The renderer that produced it ("cloudwatch-alarm", "text", …). */
  readonly kind: string;
  readonly eventType?: string;
  readonly severity: string;
  readonly title: string;
  /** The one-line summary as posted (plain text, not Block Kit). */
  readonly summary: string;
  /** Every channel the message went to. */
  readonly channels: readonly string[];
  /** The chat message's id (Slack `ts`) per channel, where known when it was kept. */
  readonly chatMessageIds?: Readonly<Record<string, string>>;
}

/** What a member typed: the command text after credential screening (text with a credential is never stored). */
export interface UserInputData {
  readonly userId: string;
  readonly text: string;
  readonly source: "slash-command" | "mention";
  readonly service?: string;
  readonly operation?: string;
}

/** Herald's answer to an input. */
export interface ResponseData {
  readonly userId?: string;
  /** The `id` of the user-input item it answers. */
  readonly inputId?: string;
  /** How the job ended, as the audit log names it ("succeeded", "denied", "needs-confirmation", …). */
  readonly outcome: string;
  readonly title?: string;
  readonly text?: string;
  readonly durationMs?: number;
}

/** A button click or similar: who, which action, how it ended and how long it took. */
export interface InteractionData {
  readonly userId: string;
  /** e.g. "confirm-run", "cancel". */
  readonly action: string;
  readonly outcome: string;
  /** From the message being shown to the click. */
  readonly elapsedMs?: number;
  /** From the click to its outcome. */
  readonly durationMs?: number;
  /** The command the clicked message was about (already screened when it was typed). */
  readonly command?: string;
  readonly chatMessageId?: string;
}

/** One exchange of a question's thread (issue 18): kept so follow-ups in the thread keep the conversation. */
export interface ConversationData {
  readonly userId: string;
  /** The thread's chat message id (Slack `ts` of its parent). */
  readonly threadId: string;
  /** 0 for the question that opened the thread. */
  readonly turn: number;
  readonly question: string;
  /** The model's answer as shown (text). */
  readonly answer: string;
  /** The AWS calls made for it, one command per line, as a member would type them. */
  readonly commands: string;
  /** How it ended: "answered", or the bound or stop that cut it short. */
  readonly outcome: string;
}

interface UserDataCommon {
  readonly teamId: string;
  readonly channelId: string;
  /** When it happened (epoch ms). @default now */
  readonly at?: number;
  /** Unique per item; pass a stable one (e.g. the SNS message id) so a redelivery overwrites instead of adding. @default a random UUID */
  readonly id?: string;
}

export type UserDataInput =
  | (UserDataCommon & { readonly kind: "notification"; readonly data: NotificationData })
  | (UserDataCommon & { readonly kind: "user-input"; readonly data: UserInputData })
  | (UserDataCommon & { readonly kind: "response"; readonly data: ResponseData })
  | (UserDataCommon & { readonly kind: "interaction"; readonly data: InteractionData })
  | (UserDataCommon & { readonly kind: "conversation"; readonly data: ConversationData });

export type StoreUserDataResult =
  | { readonly outcome: "stored"; readonly key: { readonly pk: string; readonly sk: string }; readonly privacyVersion: number }
  /** Sharing is off in this Region: not an error, the caller simply keeps nothing. */
  | { readonly outcome: "skipped-sharing-off"; readonly privacyVersion: number }
  /** A string in the item looks like a credential (reported by kind only): not stored. */
  | { readonly outcome: "skipped-credential"; readonly what: string }
  /**
   * Other transactions kept touching the privacy record (a burst of writes, or an admin changing the
   * setting) through every attempt: not stored. Not storing is always allowed; count it, don't fail.
   */
  | { readonly outcome: "skipped-contention" };

export interface StoreUserDataOptions {
  /** `config.account.userDataRetentionDays`. @default 90 */
  readonly retentionDays?: number;
  readonly now?: () => number;
}

/** Longer strings are cut: user data is for history and suggestions, not an archive. */
export const MAX_USER_DATA_TEXT = 4_000;
export const DEFAULT_USER_DATA_RETENTION_DAYS = 90;
/**
 * A write is retried when the setting changed between reading it and writing (an admin just changed
 * it), or when DynamoDB cancelled the transaction because another one touched the privacy record at
 * the same moment (every user-data write checks it): with jittered exponential backoff.
 */
const STORE_ATTEMPTS = 8;

/** Stores one item of user data in this Region's table, if and only if sharing is on there. */
export async function storeUserData(doc: DynamoDBDocumentClient, tableName: string, accountId: string, item: UserDataInput, options: StoreUserDataOptions = {}): Promise<StoreUserDataResult> {
  const now = options.now ?? Date.now;
  // Screened whole, before anything is cut: a cut could leave half a credential that no longer matches.
  const credential = findCredentialIn(item.data);
  if (credential) return { outcome: "skipped-credential", what: credential };
  const context = storeContext(doc, tableName, { now });
  const records = createPrivacyRecords(context);
  const userData = createUserDataStore(context);
  const data = capStrings(item.data);
  const retentionSeconds = (options.retentionDays ?? DEFAULT_USER_DATA_RETENTION_DAYS) * 86_400;
  const id = item.id ?? randomUUID();
  const sortKind = USER_DATA_SORT_KINDS[item.kind];

  for (let attempt = 1; attempt <= STORE_ATTEMPTS; attempt++) {
    const setting = await records.read(accountId);
    if (!setting.shareUserData) return { outcome: "skipped-sharing-off", privacyVersion: setting.version };
    const at = new Date(item.at ?? now()).toISOString();
    const stored = await userData.put({ accountId, kind: item.kind, sortKind, teamId: item.teamId, channelId: item.channelId, id, at, expiresAt: Math.floor(now() / 1000) + retentionSeconds, data }, setting);
    if (stored) return { outcome: "stored", key: keys.userData(accountId, sortKind, item.teamId, item.channelId, at, id), privacyVersion: setting.version };
    // The setting changed (or another transaction touched it): read it again and decide again.
    await sleep(Math.random() * Math.min(10 * 2 ** attempt, 500));
  }
  return { outcome: "skipped-contention" };
}

function capStrings<T extends object>(data: T): T {
  return Object.fromEntries(
    Object.entries(data)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, typeof value === "string" && value.length > MAX_USER_DATA_TEXT ? `${value.slice(0, MAX_USER_DATA_TEXT - 1)}…` : value]),
  ) as T;
}

function findCredentialIn(data: object): string | undefined {
  for (const value of Object.values(data)) {
    if (typeof value !== "string") continue;
    const found = findCredential(value);
    if (found) return found.what;
  }
  return undefined;
}
