import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { createAwsClient } from "../aws/aws-client";
import type { Catalogue } from "./catalogue/catalogue";
import type { ResolvedCommand } from "./catalogue/resolve-command";
import { collectPages } from "./catalogue/pages";
import { MAX_WAIT_SECONDS, type WaitFor } from "./catalogue/waiters";
import { renderOutput } from "./output-renderers";

/**
 * Sends a resolved catalogue command with the service's own SDK client: loaded on first use (one
 * service's client per command), built through the one client factory with the role session's
 * credentials and the call's Region, and no endpoint of its own, so AWS_ENDPOINT_URL_<SERVICE>
 * applies. List and describe calls are followed page by page within Herald's bound.
 */

export interface CatalogueCallContext {
  readonly region: string;
  readonly credentials: AwsCredentialIdentity;
  readonly signal: AbortSignal;
  /** Epoch ms by which a waiter must have stopped (the worker's deadline). */
  readonly deadline?: number;
}

/** Herald's bound on automatic pagination: never more requests than this for one command. */
export const MAX_PAGES = 5;
/** Items shown when `--max-items` is not given (the rest is one `--starting-token` away). */
export const DEFAULT_MAX_ITEMS = 200;

export interface CatalogueCallResult {
  /** The SDK output without `$metadata` (pages merged), after the service's own renderer. */
  readonly output: unknown;
  /** Set when there is more: what `--starting-token` takes. */
  readonly nextToken?: string;
  readonly pages: number;
}

interface SdkClient {
  send(command: object, options: { abortSignal: AbortSignal }): Promise<Record<string, unknown>>;
  destroy(): void;
}

export async function sendCatalogueCommand(catalogue: Catalogue, command: ResolvedCommand, context: CatalogueCallContext): Promise<CatalogueCallResult> {
  const model = await catalogue.service(command.service);
  const ClientClass = model.module[command.service.clientName] as new (config: object) => SdkClient;
  const client = createAwsClient(ClientClass, { region: context.region, credentials: context.credentials });
  try {
    if (command.waiter !== undefined) return { output: await runWaiter(command, model.module, client, context), pages: 1 };
    const pagination = command.pagination;
    if (pagination !== undefined && !command.globals.noPaginate) {
      // The paginator sends through the client; the worker's deadline still cuts the call off.
      const collected = await abortable(collectPages(command, model.module, client, { maxPages: MAX_PAGES, maxItems: DEFAULT_MAX_ITEMS }), context.signal);
      const merged = mergePages(collected.pages, [pagination.outputToken]);
      return { output: renderOutput(command, merged), pages: collected.pages.length, ...(collected.nextToken !== undefined ? { nextToken: collected.nextToken } : {}) };
    }
    const Command = command.operation.command as new (input: object) => object;
    const { $metadata: _metadata, ...output } = await client.send(new Command(command.input), { abortSignal: context.signal });
    return { output: renderOutput(command, output), pages: 1 };
  } finally {
    client.destroy();
  }
}

/** Errors no later poll can change: the waiter stops at once and the error is the answer. */
const FINAL_ERRORS = /^(NotAvailableLocally|AccessDenied.*|UnauthorizedOperation|UnrecognizedClient.*|ValidationError|ValidationException|InvalidParameter.*|ExpiredToken.*)$/;

/**
 * `<service> wait <waiter>`, bounded: polls with the SDK's waiter (its own acceptors decide) for
 * at most MAX_WAIT_SECONDS and what the worker's deadline leaves, then says where it stands.
 */
async function runWaiter(command: ResolvedCommand, module: Record<string, unknown>, client: SdkClient, context: CatalogueCallContext): Promise<Record<string, unknown>> {
  const waiter = command.waiter;
  if (waiter === undefined) throw new Error("not a waiter");
  const waitFor = module[waiter.exportName] as WaitFor;
  const leftSeconds = Math.floor(((context.deadline ?? Date.now() + MAX_WAIT_SECONDS * 1_000) - Date.now()) / 1_000) - 2;
  const maxWaitTime = Math.max(3, Math.min(MAX_WAIT_SECONDS, leftSeconds));
  const controller = new AbortController();
  const stop = () => controller.abort();
  context.signal.addEventListener("abort", stop, { once: true });
  let final: unknown;
  const guarded = {
    send: async (sdkCommand: object) => {
      try {
        return await client.send(sdkCommand, { abortSignal: controller.signal });
      } catch (error) {
        if (FINAL_ERRORS.test(String((error as Error)?.name))) {
          final = error;
          controller.abort();
        }
        throw error;
      }
    },
  };
  const started = Date.now();
  try {
    const result = await waitFor({ client: guarded, maxWaitTime, minDelay: 2, maxDelay: 15, abortController: controller }, command.input);
    if (final !== undefined) throw final;
    const waited = Math.round((Date.now() - started) / 1_000);
    const states: Record<string, string> = {
      SUCCESS: `reached after ${waited} s`,
      FAILURE: "can no longer be reached: the waiter met a failure state",
      TIMEOUT: `not reached after ${waited} s (Herald waits at most ${maxWaitTime} s in chat): run it again to go on waiting`,
      ABORTED: `stopped after ${waited} s: the worker's time ran out`,
    };
    const last = result.reason !== null && typeof result.reason === "object" && !(result.reason instanceof Error) ? withoutMetadata(result.reason as Record<string, unknown>) : undefined;
    return { Waiter: waiter.cliName, Result: states[result.state] ?? result.state, ...(last === undefined ? {} : { LastResponse: last }) };
  } finally {
    context.signal.removeEventListener("abort", stop);
  }
}

function withoutMetadata(output: Record<string, unknown>): Record<string, unknown> {
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}

/**
 * The pages as one output, as the AWS CLI prints it: top-level lists concatenated, other values
 * from the first page, tokens dropped (the answer gives the next one). Lists are not cut at
 * `--max-items`: the token goes on after the last page read, so a cut item would be skipped.
 */
export function mergePages(pages: readonly Record<string, unknown>[], tokenPaths: readonly string[]): Record<string, unknown> {
  const tokenKeys = new Set(tokenPaths.map((path) => path.split(".")[0]));
  const merged: Record<string, unknown> = {};
  for (const page of pages) {
    for (const [key, value] of Object.entries(page)) {
      if (key === "$metadata" || tokenKeys.has(key)) continue;
      const previous = merged[key];
      if (Array.isArray(value)) merged[key] = Array.isArray(previous) ? [...previous, ...value] : value;
      else if (!Object.hasOwn(merged, key)) merged[key] = value;
    }
  }
  return merged;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
