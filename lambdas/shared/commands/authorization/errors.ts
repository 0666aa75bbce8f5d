import { HeraldError } from "../../errors";

/** Authorization could not be decided; the command must not run. */
export class AuthorizationError extends HeraldError {}

/** A guardrail policy could not be read (missing, no permission, unparsable). The message names the policy only. */
export class GuardrailPolicyUnavailableError extends AuthorizationError {
  constructor(
    readonly policyArn: string,
    detail: string,
    options: { cause?: unknown } = {},
  ) {
    super(`The guardrail policy ${policyArn} could not be read (${detail}), so Herald runs no command in this channel until it can.`, { ...options, expose: true });
  }
}

/** IAM's action metadata does not know the action: a service definition names an action that does not exist. */
export class UnknownIamActionError extends AuthorizationError {
  constructor(readonly iamAction: string, options: { cause?: unknown } = {}) {
    super(`Herald does not know the IAM action ${iamAction}, so it cannot check it against the guardrails.`, { ...options, expose: true });
  }
}
