import { createHash, createHmac, timingSafeEqual } from "node:crypto";
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
  verifySlackSignatureByTeam(request, new Map(signingSecrets.map((secret, i) => [String(i), secret])), nowSeconds);
}

/**
 * The workspaces (team ids) whose signing secret signed this request: several when workspaces share
 * one Slack app's secret. Throws SlackSignatureError when none did. The caller then checks that the
 * team the body names is among them, so one workspace's secret cannot speak for another.
 */
export function verifySlackSignatureByTeam(request: SignedRequest, secretsByTeam: ReadonlyMap<string, string>, nowSeconds = Math.floor(Date.now() / 1000)): ReadonlySet<string> {
  const secrets = [...secretsByTeam].filter(([, secret]) => secret.length > 0);
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
  // Every secret is tried (no early return), so the time taken does not tell which one matched.
  const signers = new Set(secrets.filter(([, secret]) => timingSafeEqual(given, computeSignatureBytes(secret, timestamp, rawBody))).map(([team]) => team));
  if (signers.size === 0) throw new SlackSignatureError("X-Slack-Signature does not match");
  return signers;
}

/**
 * What makes a signed request one of a kind: a digest of its timestamp and signature. The same
 * request sent again (a replay) has the same digest; Slack's own retries are signed anew.
 */
export function signedRequestDigest(request: SignedRequest): string {
  return createHash("sha256").update(`${request.timestamp ?? ""}:${request.signature ?? ""}`).digest("hex");
}

/** `v0=<hex>` for a body: used by the local runtime and the CLI to sign like Slack. */
export function signSlackRequest(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return `v0=${computeSignatureBytes(signingSecret, timestamp, Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, "utf8")).toString("hex")}`;
}

function computeSignatureBytes(secret: string, timestamp: string, rawBody: Buffer): Buffer {
  return createHmac("sha256", secret).update(`v0:${timestamp}:`).update(rawBody).digest();
}
