/**
 * The seed document's advice, enforced: no e-mail addresses or credentials in names, tags or any
 * other config value (they end up in billing and diagnostic logs), and no URL that is not https
 * or that carries credentials.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

const CREDENTIAL_PATTERNS: Array<[RegExp, string]> = [
  [/\b(AKIA|ASIA|AIDA|AROA|ANPA)[A-Z0-9]{16}\b/, "an AWS access key id"],
  [/\bxox[abposrce]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/\bxapp-\d-[A-Za-z0-9-]{10,}/, "a Slack app-level token"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/, "a GitHub token"],
  [/\b(password|passwd|secret|token|api[_-]?key)\s*[=:]\s*\S+/i, "a key=value secret"],
  // 40-character base64 strings with mixed case and digits: the shape of an AWS secret access key.
  [/(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*\d)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/, "an AWS secret access key"],
  // A Slack signing secret is 32 hex characters.
  [/(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/, "a hex secret (such as a Slack signing secret)"],
];

const SECRET_QUERY_KEYS = /^(token|access_token|api[_-]?key|key|secret|password|passwd|signature|sig|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;

/** Returns why a free-form value is unsafe to keep in configuration, or undefined when it is fine. */
export function whyUnsafe(value: string): string | undefined {
  // URLs first: "user:password@host" would otherwise read as an e-mail address.
  const urlProblem = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? whyUnsafeUrl(value) : undefined;
  if (urlProblem) return urlProblem;
  if (EMAIL.test(value)) return "must not contain an e-mail address (names and tags end up in logs)";
  for (const [pattern, what] of CREDENTIAL_PATTERNS) {
    if (pattern.test(value)) return `looks like ${what}; keep secrets in Secrets Manager and reference them by name`;
  }
  return undefined;
}

export function whyUnsafeUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a valid URL";
  }
  if (url.protocol !== "https:") return `must use https (got ${url.protocol.replace(":", "")})`;
  if (url.username !== "" || url.password !== "") return "must not embed credentials (user:password@) in the URL";
  for (const key of url.searchParams.keys()) {
    if (SECRET_QUERY_KEYS.test(key)) return `must not carry credentials in the query string (parameter "${key}")`;
  }
  return undefined;
}
