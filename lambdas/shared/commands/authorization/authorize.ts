import type { AuthorizationDecision } from "../operation-model";
import { findBlock } from "./blocked";
import { AuthorizationError } from "./errors";
import { evaluateGuardrails } from "./evaluate";
import { describeActionAccess } from "./mutating";
import type { GuardrailPolicySource } from "./policy-documents";

/**
 * May this command run, and does it need a confirmation? In order: the always-blocked rules,
 * then the channel's guardrails evaluated in-process. Whether the action mutates comes from IAM's
 * action metadata and is reported with every decision (a mutating command needs the same user's
 * confirmation before it runs). Anything that cannot be decided is a denial, never a pass.
 */

export interface AuthorizationRequest {
  /** From the operation's spec: "sns:Publish". */
  readonly iamAction: string;
  /** From the operation's spec: the resource ARN, or "*". */
  readonly resource: string;
  readonly region: string;
  /** The role the call will run as: the channel role, or the member's user role. */
  readonly roleArn: string;
  readonly guardrailPolicyArns: readonly string[];
  /**
   * The IAM data does not know the action (the name is a guess from the operation's): it counts as
   * a change, and the guardrails are still evaluated for it, so only a guardrail that allows that
   * name lets it through (to a confirmation that says so).
   */
  readonly unclassified?: boolean;
  /** Extra request context for conditions (e.g. "aws:SourceIdentity"). */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface AuthorizationDependencies {
  readonly policies: GuardrailPolicySource;
  /** ARN patterns (`*`, `?`) of Herald's own table, key, topics, functions and secrets. */
  readonly heraldResourcePatterns: readonly string[];
  readonly now?: () => Date;
}

export async function authorize(request: AuthorizationRequest, dependencies: AuthorizationDependencies): Promise<AuthorizationDecision> {
  let mutating = true;
  try {
    mutating = (await describeActionAccess(request.iamAction)).mutating;
  } catch (error) {
    // An action nobody can classify is treated as the riskier kind.
    if (!(error instanceof AuthorizationError)) throw error;
    if (!request.unclassified) return { allowed: false, mutating: true, reason: error.message };
  }

  const block = findBlock(request.iamAction, request.resource, dependencies.heraldResourcePatterns);
  if (block) return { allowed: false, mutating, reason: block.reason };

  let guardrails;
  try {
    guardrails = await dependencies.policies.load(request.guardrailPolicyArns);
  } catch (error) {
    if (error instanceof AuthorizationError) return { allowed: false, mutating, reason: error.message };
    throw error;
  }

  const verdict = await evaluateGuardrails({
    iamAction: request.iamAction,
    resource: request.resource,
    principalArn: request.roleArn,
    region: request.region,
    guardrails,
    context: request.context,
    now: dependencies.now?.(),
  });
  return verdict.allowed ? { allowed: true, mutating } : { allowed: false, mutating, reason: verdict.reason };
}
