/**
 * What no channel may do, whatever its role and guardrails: the managed service's always-blocked
 * list (identity, keys, credentials, secrets, chat integrations, reads that pull stored data into
 * chat) plus Herald's own resources. Checked before anything else, so a generous role or an
 * AdministratorAccess guardrail cannot open them.
 */

export interface BlockedAction {
  readonly rule: "service" | "data-read" | "herald-resource";
  /** Plain text for the channel (escape before showing it in Slack). */
  readonly reason: string;
}

/** Why each blocked service is blocked, by IAM service prefix. */
const BLOCKED_SERVICES: Readonly<Record<string, string>> = {
  iam: "IAM commands change who may do what in the account",
  kms: "KMS commands reach the keys that protect your data",
  sts: "STS commands hand out credentials",
  secretsmanager: "Secrets Manager holds secrets, and secrets never belong in a chat",
  sso: "IAM Identity Center decides who may sign in to which account",
  "sso-oauth": "IAM Identity Center decides who may sign in to which account",
  "sso-directory": "IAM Identity Center decides who may sign in to which account",
  identitystore: "IAM Identity Center decides who may sign in to which account",
  "identitystore-auth": "IAM Identity Center decides who may sign in to which account",
  "cognito-idp": "Cognito user pools hold your users' identities and credentials",
  chatbot: "chat integrations are not managed from chat",
};

/** Actions of blocked services that are harmless: they reveal only who the caller is. */
const ALLOWED_IN_BLOCKED_SERVICES = new Set(["sts:getcalleridentity"]);

/** Reads that copy stored data (objects, items, passwords) into the channel, where anyone can keep it. */
const DATA_READS: ReadonlySet<string> = new Set([
  "s3:getobject",
  "s3:getobjectversion",
  "dynamodb:getitem",
  "dynamodb:batchgetitem",
  "dynamodb:query",
  "dynamodb:scan",
  "dynamodb:partiqlselect",
  "ec2:getpassworddata",
]);

/**
 * Returns why `iamAction` on `resource` is blocked, or undefined when the general rules let it
 * through. `heraldResourcePatterns` are ARNs (with `*` and `?` wildcards) of Herald's table, key,
 * topics, functions and secrets; their sub-resources (`…/index/x`, `…:alias`) are Herald's too.
 */
export function findBlock(iamAction: string, resource: string, heraldResourcePatterns: readonly string[]): BlockedAction | undefined {
  const action = iamAction.toLowerCase();
  const service = action.split(":", 1)[0];
  const serviceReason = BLOCKED_SERVICES[service];
  if (serviceReason !== undefined && !ALLOWED_IN_BLOCKED_SERVICES.has(action)) {
    return { rule: "service", reason: `${iamAction} is always blocked in Herald, whatever the channel's role: ${serviceReason}.` };
  }
  if (DATA_READS.has(action)) {
    return {
      rule: "data-read",
      reason: `${iamAction} is always blocked in Herald, whatever the channel's role: it reads stored data into the channel, where everyone in it can copy and keep it.`,
    };
  }
  if (heraldResourcePatterns.some((pattern) => isHeraldResource(pattern, resource))) {
    return {
      rule: "herald-resource",
      reason: `${iamAction} on ${resource} is blocked: it is one of Herald's own resources, which commands may neither read nor change.`,
    };
  }
  return undefined;
}

function isHeraldResource(pattern: string, resource: string): boolean {
  if (resource === "*") return false;
  return arnMatches(pattern, resource) || arnMatches(`${pattern}/*`, resource) || arnMatches(`${pattern}:*`, resource);
}

/** IAM-style ARN matching: `*` any run of characters, `?` one character, everything else literal. */
export function arnMatches(pattern: string, arn: string): boolean {
  const source = pattern.split("").map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\/-]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`, "s").test(arn);
}
