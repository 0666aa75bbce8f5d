import { WebClient } from "@slack/web-api";

/** Slack's Web API base URL: `SLACK_API_URL` when set (tests, local runtime), else Slack's. */
export function slackApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.SLACK_API_URL?.trim() || "https://slack.com/api/";
  return url.endsWith("/") ? url : `${url}/`;
}

/** WebClient logs request bodies at debug level; Herald logs through its own logger instead. */
const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => "error" as never,
  setName: () => undefined,
};

const clients = new Map<string, WebClient>();

/**
 * The one Slack Web API client factory: one client per (token, base URL), 429s surfaced to the
 * caller (who knows its deadline), 5xx and network errors retried twice with backoff.
 */
export function slackWebClient(token: string, options: { apiUrl?: string; requestTimeoutMs?: number } = {}): WebClient {
  const apiUrl = options.apiUrl ?? slackApiUrl();
  const key = `${apiUrl} ${token}`;
  let client = clients.get(key);
  if (!client) {
    client = new WebClient(token, {
      slackApiUrl: apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000, randomize: true },
      timeout: options.requestTimeoutMs ?? 5_000,
      allowAbsoluteUrls: false,
      logger: silentLogger,
    });
    clients.set(key, client);
  }
  return client;
}
