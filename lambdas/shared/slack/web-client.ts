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

/** How long one Web API request may take, its answer read to the end, unless a caller says otherwise. */
export const SLACK_REQUEST_TIMEOUT_MS = 5_000;

export interface SlackWebClientOptions {
  readonly apiUrl?: string;
  readonly requestTimeoutMs?: number;
  /**
   * "retry" (the default) retries 5xx and network errors twice with backoff: right for reads and
   * for calls whose repetition changes nothing (chat.update with the same content). "once" never
   * retries: for chat.postMessage, where a timeout leaves the outcome unknown and a blind retry
   * posts twice (the poster looks the message up instead).
   */
  readonly retries?: "retry" | "once";
}

/**
 * The one Slack Web API client factory: one client per (token, base URL, retry policy), 429s
 * surfaced to the caller (who knows its deadline).
 */
export function slackWebClient(token: string, options: SlackWebClientOptions = {}): WebClient {
  const apiUrl = options.apiUrl ?? slackApiUrl();
  const retries = options.retries ?? "retry";
  const timeout = options.requestTimeoutMs ?? SLACK_REQUEST_TIMEOUT_MS;
  const key = `${apiUrl} ${retries} ${timeout} ${token}`;
  let client = clients.get(key);
  if (!client) {
    client = new WebClient(token, {
      slackApiUrl: apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: retries === "once" ? { retries: 0 } : { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000, randomize: true },
      timeout,
      allowAbsoluteUrls: false,
      logger: silentLogger,
    });
    clients.set(key, client);
  }
  return client;
}
