/**
 * The privacy feature's records as the domain and the store both see them (types only: the store's
 * repositories and the domain modules import them from here, so neither imports the other's code).
 */

/** Where an admin asked for a change; they are told there when every Region is done. */
export interface ChatPlace {
  readonly teamId: string;
  readonly channelId: string;
  /** Who asked (the notice names them). */
  readonly userId?: string;
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

export type ErasureStatus = "pending" | "complete" | "failed";

/** The one record of a privacy change to apply everywhere (`opt-out-v3`, `opt-in-v4`): what was asked, and whether it is done and announced. */
export interface ErasureRequest {
  readonly requestId: string;
  readonly change: PrivacyChange;
  readonly status: ErasureStatus;
  readonly createdAt: string;
  readonly completedAt?: string;
  /** When the admin's notice was posted; absent until then. */
  readonly notifiedAt?: string;
  /** Epoch ms until which an invocation chain (or a notice) holds the request (store/lease.ts); absent or past when free. */
  readonly leaseUntil?: number;
}

/** What happened in one Region for one request: the single record of the erasure's outcome. */
export interface ErasureReceipt {
  readonly requestId: string;
  readonly region: string;
  readonly version: number;
  readonly status: ErasureStatus;
  /** Failed attempts so far (0 when every step worked first time). */
  readonly attempts: number;
  /** Every item erased: user data and waiting outbox items (below). */
  readonly itemsDeleted: number;
  /** Of those, notifications that were waiting in an outbox (see privacy/region-erasure.ts for which). */
  readonly outboxItemsErased: number;
  readonly startedAt: string;
  readonly endedAt?: string;
  /**
   * When the last copy the tables' point-in-time recovery could still restore ages out: `endedAt`
   * plus the recovery window (`account.recoveryWindowDays`). Set when the Region completes.
   */
  readonly restorableUntil?: string;
  /** The last failure's error name (never its message: messages can quote data). */
  readonly lastError?: string;
  /** Epoch ms before which the next attempt does not start (backoff). */
  readonly nextAttemptAt?: number;
}
