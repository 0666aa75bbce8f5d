/**
 * Herald's privacy feature, the public surface: the "Share user data" setting, the only path that
 * writes user data, what the data is used for, and the multi-Region erasure: the engine
 * (erasure-engine.ts) runs each Region's part (region-erasure.ts) of a request (erasure-requests.ts)
 * and announces the result (erasure-announcement.ts); the records live in lambdas/shared/store/.
 */
export type { ChatPlace, ErasureReceipt, ErasureRequest, ErasureStatus, PrivacyChange, PrivacySetting } from "./types";
export { PRIVACY_DEFAULT } from "../store/privacy-records";
export { type ChangePrivacyInput, type ChangePrivacyResult, changePrivacy, privacyRequestId, readPrivacy } from "./setting";
export {
  type ConversationData,
  DEFAULT_USER_DATA_RETENTION_DAYS,
  type InteractionData,
  MAX_USER_DATA_TEXT,
  type NotificationData,
  type ResponseData,
  type StoreUserDataOptions,
  type StoreUserDataResult,
  storeUserData,
  type UserDataInput,
  type UserDataKind,
  type UserInputData,
} from "./user-data";
export { keepNotification, type KeepNotificationResult, type PostedNotification } from "./kept-notifications";
export { createErasureNotifier, erasureNotice, type ErasureNotifierOptions, type ErasureSummary } from "./erasure-announcement";
export { type CommandSuggestion, rankedSuggestions, recentCommands, type RecentCommand, type SuggestionOptions } from "./history";
export { type ErasureContinuation, findOverdueErasures, isErasureContinuation, type OverdueErasure, readLatestErasure, readReceipts } from "./erasure-requests";
export { createErasureEngine, type ErasureEngine, type ErasureEngineOptions, type ErasureRun, type ErasureTelemetry, type SweepResult } from "./erasure-engine";
export { type ConversationPlace, type ConversationStore, createConversationStore, type KeptTurn } from "./conversations";
export { PrivacyContentionError, PrivacyError, PrivacyNotAdminError } from "./errors";
