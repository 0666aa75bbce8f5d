import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SecretUnavailableError } from "../errors";
import { createAwsClient } from "./aws-client";

export type SecretReader = (secretName: string) => Promise<string>;

export interface SecretReaderOptions {
  /** Region of the secrets (Herald keeps the Slack secrets in the home Region). */
  readonly region?: string;
  /** How long a value is reused before it is read again, so a rotated token is picked up. */
  readonly ttlMs?: number;
  readonly client?: SecretsManagerClient;
  readonly now?: () => number;
}

/**
 * Reads Secrets Manager secrets by name and caches them for `ttlMs` (default 5 minutes). The
 * secret's SecretString is the value itself (e.g. `xoxb-…`). Errors name the secret, never its value.
 */
export function createSecretReader(options: SecretReaderOptions = {}): SecretReader {
  const client = options.client ?? createAwsClient(SecretsManagerClient, options.region ? { region: options.region } : {});
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { value: Promise<string>; expires: number }>();

  return (secretName) => {
    const hit = cache.get(secretName);
    if (hit && hit.expires > now()) return hit.value;
    const value = client.send(new GetSecretValueCommand({ SecretId: secretName })).then(
      (result) => {
        if (!result.SecretString) throw new SecretUnavailableError(`Secret ${secretName} has no string value`);
        return result.SecretString.trim();
      },
      (cause: unknown) => {
        throw new SecretUnavailableError(`Cannot read secret ${secretName}: ${(cause as Error).name}`, { cause });
      },
    );
    // A failed read is not cached: the next call tries again.
    value.catch(() => cache.delete(secretName));
    cache.set(secretName, { value, expires: now() + ttlMs });
    return value;
  };
}
