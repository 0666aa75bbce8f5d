import { signSlackRequest } from "../../../lambdas/shared/slack/signature";

/** The two headers Slack adds to every request it sends to an app (signed as the shared Slack adapter verifies). */
export function slackSignatureHeaders(signingSecret: string, rawBody: Buffer | string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signSlackRequest(signingSecret, timestamp, rawBody) };
}
