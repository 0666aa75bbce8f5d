/**
 * The seed document's advice, enforced: no e-mail addresses or credentials in names, tags or any
 * other config value (they end up in billing and diagnostic logs), and no URL that is not https
 * or that carries credentials.
 */
import { findCredential } from "../security/credential-screen";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

const SECRET_QUERY_KEYS = /^(token|access_token|api[_-]?key|key|secret|password|passwd|signature|sig|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;

/** Returns why a free-form value is unsafe to keep in configuration, or undefined when it is fine. */
export function whyUnsafe(value: string): string | undefined {
  // URLs first: "user:password@host" would otherwise read as an e-mail address.
  const urlProblem = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? whyUnsafeUrl(value) : undefined;
  if (urlProblem) return urlProblem;
  if (EMAIL.test(value)) return "must not contain an e-mail address (names and tags end up in logs)";
  // Config values should never even look like an id that shares a secret's shape: stricter than commands.
  const credential = findCredential(value, { includeAmbiguous: true });
  if (credential) return `looks like ${credential.what}; keep secrets in Secrets Manager and reference them by name`;
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
