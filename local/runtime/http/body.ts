import type { IncomingMessage, ServerResponse } from "node:http";

/** Request bodies the runtime accepts are small (SNS caps messages at 256 KiB). */
const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`Request body is larger than ${MAX_BODY_BYTES} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/**
 * The raw bytes: Slack signatures are computed over them, so nothing may be decoded first. A body
 * over the limit is read to its end but not kept, so the client still gets the 413 (the server maps
 * BodyTooLargeError to it) instead of a connection reset mid-upload.
 */
export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
    // Past this, the client is not worth waiting for: the connection is dropped.
    else if (size > 16 * MAX_BODY_BYTES) throw new BodyTooLargeError();
  }
  if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(payload));
}

export function sendText(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(body);
}
