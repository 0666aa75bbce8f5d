/**
 * The contracts of Herald's command path (`/aws <service> <operation> --param value`), shared by
 * the grammar, the catalogue, authorization and execution. Platform-neutral: nothing here
 * knows Slack or Lambda.
 */

// ── Services ────────────────────────────────────────────────────────────────────────────

/** Where an operation runs and for whom: the values an ARN needs. */
export interface ResourceScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
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
  /** Option name → value, for a command Herald rebuilds as text (formatInvocation); {} for catalogue commands, which carry `text`. */
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
