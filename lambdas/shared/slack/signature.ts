import { createHmac, timingSafeEqual } from "node:crypto";
import { HeraldError } from "../errors";

/**
 * Slack request verification, exactly as Slack specifies: HMAC-SHA256 over
 * `v0:<timestamp>:<raw body bytes>` keyed with the signing secret, version `v0` only, the timestamp
 * within ±300 s of now (both directions), compared in constant time. Runs before anything else
 * looks at the request, `url_verification` and `ssl_check` included.
 */

export const MAX_CLOCK_SKEW_SECONDS = 300;

export class SlackSignatureError extends HeraldError {
  constructor(message: string) {
    super(message, { expose: true });
  }
}

export interface SignedRequest {
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  /** The body exactly as received, as bytes (never re-encoded text). */
  readonly rawBody: Buffer;
}

/** Throws SlackSignatureError unless one of the signing secrets signed this request. */
export function verifySlackSignature(request: SignedRequest, signingSecrets: readonly string[], nowSeconds = Math.floor(Date.now() / 1000)): void {
  const secrets = signingSecrets.filter((secret) => secret.length > 0);
  if (secrets.length === 0) throw new Error("Refusing to verify Slack requests without a signing secret");
  const { timestamp, signature, rawBody } = request;
  if (!timestamp || !signature) throw new SlackSignatureError("Missing X-Slack-Signature or X-Slack-Request-Timestamp");
  if (!/^\d{1,12}$/.test(timestamp)) throw new SlackSignatureError("X-Slack-Request-Timestamp is not a Unix time in seconds");
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) {
    throw new SlackSignatureError("X-Slack-Request-Timestamp is more than 5 minutes from now (stale, replayed or from the future)");
  }
  const match = /^v0=([0-9a-f]{64})$/.exec(signature);
  if (!match) throw new SlackSignatureError("X-Slack-Signature is not a v0 signature");
  const given = Buffer.from(match[1], "hex");
  for (const secret of secrets) {
    if (timingSafeEqual(given, computeSignatureBytes(secret, timestamp, rawBody))) return;
  }
  throw new SlackSignatureError("X-Slack-Signature does not match");
}

/** `v0=<hex>` for a body: used by the local runtime and the CLI to sign like Slack. */
export function signSlackRequest(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return `v0=${computeSignatureBytes(signingSecret, timestamp, Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, "utf8")).toString("hex")}`;
}

function computeSignatureBytes(secret: string, timestamp: string, rawBody: Buffer): Buffer {
  return createHmac("sha256", secret).update(`v0:${timestamp}:`).update(rawBody).digest();
}
