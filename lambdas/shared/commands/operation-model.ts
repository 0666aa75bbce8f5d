import type { AwsCredentialIdentity } from "@aws-sdk/types";

/**
 * The contracts of Herald's command path (`/aws <service> <operation> --param value`), shared by
 * the grammar, the service registry, authorization and execution. Platform-neutral: nothing here
 * knows Slack or Lambda.
 */

// ── Service registry ────────────────────────────────────────────────────────────────────────────

export type ParamType = "string" | "integer" | "number" | "boolean" | "json" | "string-list";

export interface ParamSpec {
  /** CLI name, kebab-case, without dashes: "topic-arn". */
  readonly name: string;
  /** The SDK input field it fills: "TopicArn". */
  readonly sdkName: string;
  readonly type: ParamType;
  readonly required?: boolean;
  readonly description: string;
}

/** Where an operation runs and for whom: the values an ARN needs. */
export interface ResourceScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export interface ExecutionContext {
  readonly region: string;
  /** Temporary credentials of the channel (or user) role, scoped by the guardrails. */
  readonly credentials: AwsCredentialIdentity;
  /** Aborted when the worker's time budget runs out. */
  readonly signal: AbortSignal;
}

export interface OperationSpec {
  /** CLI name, kebab-case: "list-topics". */
  readonly name: string;
  readonly description: string;
  /** The IAM action the call needs: "sns:ListTopics" (used for authorization and mutating detection). */
  readonly iamAction: string;
  readonly params: readonly ParamSpec[];
  /** The resource ARN the call acts on, for policy evaluation; "*" when the action has no resource. */
  resource(params: Readonly<Record<string, unknown>>, scope: ResourceScope): string;
  /** Calls AWS; returns the SDK output without `$metadata`. */
  run(params: Readonly<Record<string, unknown>>, context: ExecutionContext): Promise<unknown>;
}

export interface ServiceSpec {
  /** CLI name: "sns", "dynamodb", "cloudwatch", "logs", "lambda", "sts". */
  readonly name: string;
  readonly description: string;
  readonly operations: readonly OperationSpec[];
}

/** The service names the grammar knows (the catalogue's, see catalogue-names.ts), without loading any client. */
export interface ServiceRegistry {
  /** Every name a command may start with: CLI names, aliases, always-blocked services. */
  serviceNames(): readonly string[];
  /** The names to list in help and hints (CLI names only). */
  listedNames(): readonly string[];
}

// ── Grammar ─────────────────────────────────────────────────────────────────────────────────────

export interface AwsInvocation {
  readonly service: string;
  readonly operation: string;
  /** Keyed by ParamSpec.name, values already converted to the param's type. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly region?: string;
  /** JMESPath expression applied to the result (`--query`). */
  readonly query?: string;
  /** `--output`: how the result is shown (a table or fields when not given). */
  readonly output?: "json" | "table" | "text" | "yaml";
  /** The command as typed (catalogue commands), shown instead of one rebuilt from `params`. */
  readonly text?: string;
}

/** A word as typed: its text, and whether it was bare (unquoted). */
export interface CommandWord {
  readonly text: string;
  readonly bare: boolean;
}

export type CommandRequest =
  | { readonly kind: "help"; readonly service?: string; readonly operation?: string }
  /** A service of the model-driven catalogue: its words (service first, `aws` dropped) for resolveCommand, in the worker. */
  | { readonly kind: "catalogue"; readonly words: readonly CommandWord[] }
  | { readonly kind: "alias-create"; readonly name: string; readonly template: string }
  | { readonly kind: "alias-list" }
  | { readonly kind: "alias-delete"; readonly name: string }
  /** The first word is not a service or keyword: maybe an alias; the caller resolves it. */
  | { readonly kind: "alias-run"; readonly name: string; readonly args: readonly string[] }
  | { readonly kind: "privacy"; readonly action: "status" | "opt-out" | "opt-in" }
  | { readonly kind: "history" }
  /** The text is not a valid command: `message` says why, `suggestion` is the closest valid form. */
  | { readonly kind: "invalid"; readonly message: string; readonly suggestion?: string };

// ── Authorization ───────────────────────────────────────────────────────────────────────────────

export type AuthorizationDecision =
  | { readonly allowed: true; readonly mutating: boolean }
  | { readonly allowed: false; readonly mutating: boolean; readonly reason: string };

// ── Who asks, and where ─────────────────────────────────────────────────────────────────────────

export interface CommandCaller {
  readonly teamId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly userName?: string;
}
