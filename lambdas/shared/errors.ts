/**
 * One error hierarchy for Herald. Each component throws a subclass; handlers translate to
 * HTTP status or retry behaviour at the edge. `expose` says whether the message may be shown
 * to the caller (never true for anything that could carry a secret or internal detail).
 */
export class HeraldError extends Error {
  readonly expose: boolean;
  constructor(message: string, options: { cause?: unknown; expose?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.expose = options.expose ?? false;
  }
}

/** The Herald config file is missing, unreadable or invalid. `issues` name each field and rule. */
export class HeraldConfigError extends HeraldError {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message, { expose: true });
  }
}

/** A required environment variable is missing or malformed. */
export class MissingEnvironmentError extends HeraldError {}

/**
 * A chat platform call failed. `retryable` says whether trying again may succeed; `retryAfterMs`
 * is how long the platform asked Herald to wait before the next request to that channel (a 429).
 */
export class ChatDeliveryError extends HeraldError {
  readonly retryAfterMs?: number;
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    options: { cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, { cause: options.cause });
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** A secret could not be read (the message never contains the secret itself). */
export class SecretUnavailableError extends HeraldError {}
