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
 * Whatever else Herald deploys is recognised by its name (see isHeraldNamed).
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
  if (isHeraldResource(resource, heraldResourcePatterns)) {
    return {
      rule: "herald-resource",
      reason: `${iamAction} on ${resource} is blocked: it is one of Herald's own resources, which commands may neither read nor change.`,
    };
  }
  return undefined;
}

/** Herald's own, by its protected patterns or by its name, in whatever form the command named it. */
export function isHeraldResource(resource: string, heraldResourcePatterns: readonly string[]): boolean {
  if (resource === "*") return false;
  const arn = canonicalArn(resource);
  return isHeraldNamed(arn) || heraldResourcePatterns.some((pattern) => [resource, arn].some((candidate) => matchesOrBelow(pattern, candidate)));
}

function matchesOrBelow(pattern: string, resource: string): boolean {
  return arnMatches(pattern, resource) || arnMatches(`${pattern}/*`, resource) || arnMatches(`${pattern}:*`, resource);
}

/**
 * The resource a call acts on, as one ARN: a Lambda function without its version or alias
 * (`…:function:name:$LATEST` and `…:function:name:live` are the function `name`), a log group
 * without its streams. The registry already turned names and partial ARNs into full ARNs
 * (registry/arns.ts).
 */
export function canonicalArn(resource: string): string {
  const parts = resource.split(":");
  if (parts[0] !== "arn" || parts.length < 7) return resource;
  const [, , service, , , type] = parts;
  if ((service === "lambda" && type === "function") || (service === "logs" && type === "log-group")) return parts.slice(0, 7).join(":");
  return resource;
}

/**
 * Herald's naming, the one rule for everything it deploys besides what the config names:
 * CloudFormation names functions, alarms, queues and log groups after the stack (`Herald-<region>-…`),
 * and Herald names the rest `herald-…` (the erasure function, the local runtime's functions).
 * Tables, topics and secrets take the names the config gives them, which HERALD_PROTECTED_ARNS
 * lists exactly: a customer's `herald-archive` table or the topics Herald forwards from are not
 * Herald's own by name alone.
 */
const HERALD_NAME = /^herald(?:-|$)/i;
const CONFIG_NAMED_SERVICES: ReadonlySet<string> = new Set(["dynamodb", "sns", "secretsmanager"]);

/** A name Herald gives what it deploys: `herald-…`, `Herald-<region>-…`. */
export function isHeraldName(name: string): boolean {
  return HERALD_NAME.test(name);
}

export function isHeraldNamed(arn: string): boolean {
  const parts = arn.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return false;
  const service = parts[2];
  if (CONFIG_NAMED_SERVICES.has(service)) return false;
  return HERALD_NAME.test(resourceName(service, parts.slice(5).join(":")));
}

/** The name in an ARN's resource part: `type:name…`, `type/name…` or a bare `name`; a Lambda log group by its function. */
function resourceName(service: string, resource: string): string {
  const typed = /^[a-z][a-z-]*[:/](.*)$/s.exec(resource);
  const name = typed === null ? resource : typed[1];
  if (service === "logs") return name.replace(/^\/aws\/lambda\//, "").split(":")[0];
  return name.split(/[:/]/)[0];
}

/** IAM-style ARN matching: `*` any run of characters, `?` one character, everything else literal. */
export function arnMatches(pattern: string, arn: string): boolean {
  const source = pattern.split("").map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\/-]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`, "s").test(arn);
}
