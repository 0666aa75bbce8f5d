/**
 * What a credential looks like: the one set of patterns Herald uses wherever text could carry a
 * secret — config values (names, tags) and chat commands. A hit is reported by *kind* only, never
 * by the matched text, so a caller cannot echo or log the secret by accident.
 */

export interface CredentialFound {
  /** What the text seems to contain, for a message: "an AWS secret access key". */
  readonly what: string;
}

export interface CredentialPattern {
  readonly what: string;
  readonly pattern: RegExp;
  /** A second look at a regex hit, for shapes that ordinary identifiers can also take. */
  readonly confirm?: (match: string) => boolean;
  /**
   * The shape is shared with everyday non-secret values (ECS task ids and Lambda log stream ids are
   * 32 hex characters, IAM unique ids start like access keys). Config values should never look like
   * that; commands often do, so commands skip these patterns.
   */
  readonly ambiguous?: boolean;
}

/** Key names whose value is a secret, in `key=value`, `key: value` and JSON `"key": "value"` form. */
const SECRET_KEY_NAMES = [
  "password", "passwd", "passphrase", "secret", "token",
  "api[_-]?key", "private[_-]?key",
  "(?:access|auth|session|refresh|bot|user|id|bearer|oauth)[_-]?token",
  "(?:client|app|signing)[_-]?secret",
  "secret[_-]?(?:access[_-]?)?key",
  "aws[_-]secret[_-]access[_-]key", "aws[_-]session[_-]token",
].join("|");

/** CLI parameters whose value is a secret (`--master-user-password x`); `--secret-id`, `--next-token` are not. */
const SECRET_FLAG_NAMES = [
  "password", "passwd", "passphrase",
  "secret-string", "secret-binary", "secret-access-key", "secret-key", "client-secret", "signing-secret",
  "private-key", "auth-token", "session-token", "access-token", "bot-token", "api-key",
].join("|");

/** `next_token=…` and its kin page through results: a token name, not a secret. */
const PAGINATION_PREFIXES = "(?:next|continuation|page|starting|pagination)_";

// A value that is a placeholder (`$var` in an alias, `<value>`, `*`), not a secret.
const NOT_A_PLACEHOLDER = "(?![$<{\\[*])";

export const CREDENTIAL_PATTERNS: readonly CredentialPattern[] = [
  { what: "an AWS access key id", pattern: /(?:AKIA|ASIA)[A-Z0-9]{16}/ },
  { what: "an AWS principal id (AIDA…/AROA…/ANPA…)", pattern: /\b(?:AIDA|AROA|ANPA|AGPA|AIPA|ANVA)[A-Z0-9]{16}\b/, ambiguous: true },
  { what: "an AWS session token", pattern: /(?:IQoJb3JpZ2lu|FwoGZXIvYXdz)[A-Za-z0-9/+=]{40,}/ },
  { what: "a Slack token", pattern: /xox[abposrce]-[A-Za-z0-9-]{10,}/ },
  { what: "a Slack app-level token", pattern: /xapp-\d-[A-Za-z0-9-]{10,}/ },
  { what: "a Slack webhook URL", pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{10,}/ },
  { what: "a private key", pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/ },
  { what: "a GitHub token", pattern: /gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{50,}/ },
  { what: "a GitLab token", pattern: /glpat-[A-Za-z0-9_-]{20,}/ },
  { what: "an npm token", pattern: /npm_[A-Za-z0-9]{36}/ },
  { what: "a Google API key", pattern: /AIza[0-9A-Za-z_-]{35}/ },
  { what: "a Stripe secret key", pattern: /(?:sk|rk)_live_[A-Za-z0-9]{20,}/ },
  { what: "a JSON Web Token", pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{10,}/ },
  { what: "a URL with a password in it", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]+:[^\s/?#@]+@/i },
  // After a letter, digit, "-" or ":" it is part of another name ("NextToken", "--next-token",
  // "arn:…:secret:name"); after "_" it is a prefixed secret ("db_password=", "x_token="), except pagination's.
  { what: "a key=value secret", pattern: new RegExp(`(?<![A-Za-z0-9:-])(?<!${PAGINATION_PREFIXES})(?:${SECRET_KEY_NAMES})["']?\\s*[=:]\\s*["']?${NOT_A_PLACEHOLDER}[^\\s"',;{}\\[\\]]+`, "i") },
  { what: "a secret passed as a parameter", pattern: new RegExp(`(?<!\\S)--?(?:[a-z0-9]+-)*(?:${SECRET_FLAG_NAMES})(?:\\s*=\\s*|\\s+)["']?${NOT_A_PLACEHOLDER}(?!-)[^\\s"']+`, "i") },
  {
    what: "an AWS secret access key",
    // A whole run of exactly 40 base64 characters with upper case, lower case and a digit...
    pattern: /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*\d)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/,
    // ...that is not a path ("/aws/lambda/OrdersFunction…") and is as random as a real key. Both
    // checks together miss about 1 real key in 300; names that happen to fit the shape are rarer.
    confirm: (match) => !isAbsolutePath(match) && shannonEntropy(match) >= 4.25,
  },
  { what: "a hex secret (such as a Slack signing secret)", pattern: /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/, ambiguous: true },
];

export interface FindCredentialOptions {
  /** Also report shapes that everyday ids share (for config values, not for commands). */
  readonly includeAmbiguous?: boolean;
}

/**
 * The first credential-looking thing in `text`, by kind; undefined when there is none. The text is
 * screened as it reads, not as it is encoded: invisible characters that split a key
 * (`AKIA\u200B…`) are removed and look-alikes (full-width letters) folded first. Fixed-prefix
 * shapes (AKIA…, xoxb-…, ghp_…) match wherever they start, glued to other characters or not.
 */
export function findCredential(text: string, options: FindCredentialOptions = {}): CredentialFound | undefined {
  const screened = screeningForm(text);
  for (const candidate of CREDENTIAL_PATTERNS) {
    if (candidate.ambiguous && !options.includeAmbiguous) continue;
    if (matches(candidate, screened)) return { what: candidate.what };
  }
  return undefined;
}

/** Format characters (zero-width space and joiners, word joiner, BOM, soft hyphen, bidi controls). */
const FORMAT_CHARACTERS = /\p{Cf}/gu;

/** What the screen reads: NFKC-folded (full-width and other compatibility forms to ASCII), format characters removed. */
export function screeningForm(text: string): string {
  return text.normalize("NFKC").replace(FORMAT_CHARACTERS, "");
}

function matches(candidate: CredentialPattern, text: string): boolean {
  const { pattern, confirm } = candidate;
  if (!confirm) return pattern.test(text);
  // Every hit gets the second look, not just the first one.
  for (const match of text.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))) {
    if (confirm(match[0])) return true;
  }
  return false;
}

/** "/aws/lambda/Name": a leading slash and at least three segments (a random key rarely has both). */
function isAbsolutePath(text: string): boolean {
  return text.startsWith("/") && text.split("/").filter((segment) => segment !== "").length >= 3;
}

/** Bits per character: random base64 scores about 4.8 over 40 characters, words and names about 4. */
function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
