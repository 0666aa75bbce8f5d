import { request as httpsRequest } from "node:https";
import type { ClientRequest, IncomingMessage, RequestOptions } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * The CloudFormation custom resource response protocol: the result is PUT as JSON to the
 * pre-signed S3 URL in the event's ResponseURL. CloudFormation waits (up to the resource's
 * service timeout) until that object appears, so every invocation must end in exactly one PUT.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */

/** The parts of a custom resource event that a response must echo back. */
export interface CfnRequestIdentity {
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
}

export interface CfnResponseBody {
  readonly Status: "SUCCESS" | "FAILED";
  /** Required when FAILED; shown in the stack's events, so it must never carry secrets. */
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly NoEcho?: boolean;
  readonly Data?: Record<string, string>;
}

/** `https.request`'s shape; tests inject `http.request` to talk to a local server. */
export type RequestFunction = (url: URL, options: RequestOptions, callback: (res: IncomingMessage) => void) => ClientRequest;

export interface SendOptions {
  /** Defaults to `https.request`; only https ResponseURLs are accepted then. */
  readonly request?: RequestFunction;
  /** Attempts before giving up on a failing PUT (default 3). */
  readonly attempts?: number;
  /** Per-attempt timeout in milliseconds (default 10 s). */
  readonly timeoutMs?: number;
}

/** CloudFormation caps the response object at 4 KB; reasons longer than this are cut. */
const MAX_REASON_LENGTH = 1_000;

export function successResponse(event: CfnRequestIdentity, physicalResourceId: string, data?: Record<string, string>): CfnResponseBody {
  return { Status: "SUCCESS", PhysicalResourceId: physicalResourceId, ...identity(event), ...(data ? { Data: data } : {}) };
}

export function failedResponse(event: CfnRequestIdentity, physicalResourceId: string, reason: string): CfnResponseBody {
  const cut = reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
  return { Status: "FAILED", Reason: cut, PhysicalResourceId: physicalResourceId, ...identity(event) };
}

/** PUTs the response to the pre-signed URL, retrying transient failures with a short backoff. */
export async function sendCfnResponse(responseUrl: string, body: CfnResponseBody, options: SendOptions = {}): Promise<void> {
  const url = new URL(responseUrl);
  const request = options.request ?? httpsRequest;
  if (!options.request && url.protocol !== "https:") {
    throw new Error(`ResponseURL must use https (got ${url.protocol.replace(":", "")})`);
  }
  const attempts = options.attempts ?? 3;
  const payload = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    try {
      await put(request, url, payload, options.timeoutMs ?? 10_000);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(200 * 2 ** (attempt - 1));
    }
  }
}

function put(request: RequestFunction, url: URL, payload: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "PUT",
        // The URL is signed for an empty content type: any other value breaks the signature.
        headers: { "content-type": "", "content-length": Buffer.byteLength(payload) },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume(); // drain the body so the socket is released
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`CloudFormation response PUT failed with HTTP ${status}`));
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`CloudFormation response PUT timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(payload);
  });
}

function identity(event: CfnRequestIdentity) {
  return { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
}
