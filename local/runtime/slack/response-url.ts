import type { IncomingMessage, ServerResponse } from "node:http";
import { readRawBody, sendJson, sendText } from "../http/body";

export interface ResponsePost {
  readonly at: number;
  readonly payload: unknown;
}

/**
 * Stands in for the `response_url` Slack gives each slash command (hooks.slack.com/commands/…):
 * what a function posts there later is kept, so `herald slack` can show it.
 */
export class ResponseUrlSink {
  private readonly posts = new Map<string, ResponsePost[]>();

  /** `POST <base>/<id>`: answered like Slack does (`ok`). */
  async receive(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const body = (await readRawBody(req)).toString("utf8");
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return sendText(res, 400, "text/plain", "invalid_payload");
    }
    this.posts.set(id, [...(this.posts.get(id) ?? []), { at: Date.now(), payload }]);
    return sendText(res, 200, "text/plain", "ok");
  }

  /** `GET /api/response-url/<id>`: everything posted to that response_url so far. */
  list(res: ServerResponse, id: string): void {
    sendJson(res, 200, { posts: this.posts.get(id) ?? [] });
  }
}
