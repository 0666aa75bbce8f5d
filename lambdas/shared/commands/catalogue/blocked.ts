/**
 * The families no channel may run, whatever its role: answered from names alone, so services whose
 * clients Herald does not ship (iam, kms, secretsmanager…) are "blocked", never "unknown".
 */

export interface BlockedFamily {
  readonly rule: "service" | "operation" | "data-read";
  /** Plain text for the channel (escape it before Slack). */
  readonly reason: string;
}

const IDENTITY_CENTER = "IAM Identity Center decides who may sign in to which account";

/** Whole services, by every name the AWS CLI (or people) give them. */
const BLOCKED_SERVICES: Readonly<Record<string, string>> = {
  iam: "IAM commands change who may do what in the account",
  kms: "KMS commands reach the keys that protect your data",
  secretsmanager: "Secrets Manager holds secrets, and secrets never belong in a chat",
  "secrets-manager": "Secrets Manager holds secrets, and secrets never belong in a chat",
  sso: IDENTITY_CENTER,
  "sso-admin": IDENTITY_CENTER,
  "sso-oidc": IDENTITY_CENTER,
  identitystore: IDENTITY_CENTER,
  "cognito-idp": "Cognito user pools hold your users' identities and credentials",
  chatbot: "chat integrations are not managed from chat",
};

/** Operations (PascalCase, as in the model) of otherwise open services, by CLI service name. */
const BLOCKED_OPERATIONS: Readonly<Record<string, Readonly<Record<string, BlockedFamily>>>> = {
  sts: fromNames("operation", "STS role assumption and session tokens hand out credentials", [
    "AssumeRole",
    "AssumeRoleWithSAML",
    "AssumeRoleWithWebIdentity",
    "AssumeRoot",
    "GetSessionToken",
    "GetFederationToken",
  ]),
  s3api: fromNames("data-read", dataRead("objects"), ["GetObject", "GetObjectTorrent", "SelectObjectContent"]),
  dynamodb: fromNames("data-read", dataRead("items"), [
    "GetItem",
    "BatchGetItem",
    "Query",
    "Scan",
    "TransactGetItems",
    "ExecuteStatement",
    "BatchExecuteStatement",
    "ExecuteTransaction",
  ]),
  ec2: fromNames("data-read", dataRead("instance passwords"), ["GetPasswordData"]),
};

/** SSM parameters are blocked only when asked for decrypted (SecureString values). */
const SSM_DECRYPTING_READS: ReadonlySet<string> = new Set(["GetParameter", "GetParameters", "GetParametersByPath", "GetParameterHistory"]);

/** Aliases that reach a listed family under another name. */
const SERVICE_ALIASES: Readonly<Record<string, string>> = { s3: "s3api" };

/**
 * Why `service` (CLI name or alias) — or its `operation` (PascalCase), given `input` when known — is
 * always blocked, or undefined. With `input` unknown, an SSM parameter read counts as decrypting.
 */
export function findAlwaysBlocked(service: string, operation?: string, input?: Readonly<Record<string, unknown>>): BlockedFamily | undefined {
  const name = service.toLowerCase();
  const serviceReason = BLOCKED_SERVICES[name];
  if (serviceReason !== undefined) return { rule: "service", reason: `${service} is always blocked in Herald, whatever the channel's role: ${serviceReason}.` };
  if (operation === undefined) return undefined;
  const family = BLOCKED_OPERATIONS[SERVICE_ALIASES[name] ?? name]?.[operation];
  if (family !== undefined) return { rule: family.rule, reason: `${service} ${operation} is always blocked in Herald, whatever the channel's role: ${family.reason}.` };
  if (name === "ssm" && SSM_DECRYPTING_READS.has(operation) && (input === undefined || input.WithDecryption === true)) {
    return { rule: "data-read", reason: `ssm ${operation} with decryption is always blocked in Herald, whatever the channel's role: ${dataRead("secret parameter values")}.` };
  }
  return undefined;
}

/** True when the service as a whole is blocked (no operation of it can run). */
export function isBlockedService(service: string): boolean {
  return BLOCKED_SERVICES[service.toLowerCase()] !== undefined;
}

function dataRead(what: string): string {
  return `it reads stored ${what} into the channel, where everyone in it can copy and keep them`;
}

function fromNames(rule: BlockedFamily["rule"], reason: string, names: readonly string[]): Record<string, BlockedFamily> {
  return Object.fromEntries(names.map((name) => [name, { rule, reason }]));
}
