import { HeraldError } from "../errors";

/** Something about the privacy setting, user data or its erasure went wrong. */
export class PrivacyError extends HeraldError {}

/** Someone who is not one of the account's admins (`account.admins`) tried to change the setting. The message is meant for them. */
export class PrivacyNotAdminError extends PrivacyError {
  constructor(readonly userId: string) {
    super("Only Herald's admins for this account (account.admins in the Herald config) can change the privacy setting. Ask one of them.", { expose: true });
  }
}

/** The setting kept changing under a writer (many concurrent changes): nothing was written; try again. */
export class PrivacyContentionError extends PrivacyError {
  constructor(what: string, options: { cause?: unknown } = {}) {
    super(`${what}: the privacy setting changed concurrently too many times; try again`, options);
  }
}

/** The erasure engine was asked to continue a request that does not exist (a continuation from another account or table). */
export class ErasureRequestNotFoundError extends PrivacyError {
  constructor(readonly requestId: string) {
    super(`No erasure request ${requestId} in the home Region's table`);
  }
}
