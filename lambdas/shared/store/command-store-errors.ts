import { HeraldError } from "../errors";

/** A command store refused a request; the message is meant for the channel. */
export class CommandStoreError extends HeraldError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, expose: true });
  }
}

/** An alias request breaks a rule: the name is taken or unknown, a limit is reached, the text is refused. */
export class AliasError extends CommandStoreError {
  constructor(
    readonly code: "exists" | "not-found" | "limit" | "invalid",
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** The text to keep looks like it carries a credential: it is neither stored nor echoed. */
export class CredentialInInputError extends CommandStoreError {
  constructor(what: string) {
    super(`That looks like it contains ${what}. Herald does not keep or run text with credentials in it; remove it (and rotate the credential if it was real).`);
  }
}
