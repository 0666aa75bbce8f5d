/**
 * Herald's privacy feature, the public surface: the "Share user data" setting, the only path that
 * writes user data, what the data is used for, and the multi-Region erasure engine.
 */
export { type ChangePrivacyInput, type ChangePrivacyResult, changePrivacy, type ChatPlace, type PrivacyChange, type PrivacySetting, PRIVACY_DEFAULT, privacyRequestId, readPrivacy, type RegionErasureState } from "./setting";
export {
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
export { keepNotification, type KeepNotificationResult, type PostedNotification } from "./notifications";
export { createErasureNotifier, erasureNotice, type ErasureNotifierOptions, parseBotTokenSecrets } from "./erasure-notice";
export { type CommandSuggestion, rankedSuggestions, recentCommands, type RecentCommand, type SuggestionOptions } from "./history";
export { type ErasureReceipt, type ErasureRequest, type ErasureStatus, findOverdueErasures, type OverdueErasure, readLatestErasure, readReceipts } from "./receipts";
export {
  createErasureEngine,
  type ErasureContinuation,
  type ErasureEngine,
  type ErasureEngineOptions,
  type ErasureRun,
  type ErasureSummary,
  type ErasureTelemetry,
  isErasureContinuation,
  type SweepResult,
} from "./erasure";
export { PrivacyContentionError, PrivacyError, PrivacyNotAdminError } from "./errors";
