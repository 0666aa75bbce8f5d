import { CatalogueError } from "./errors";
import type { ClientModule } from "./model";
import type { ResolvedCommand } from "./resolve-command";

/**
 * Bounded automatic pagination through the SDK's own `paginateX`, as the AWS CLI does: pages are
 * followed until the output has no next token, `--max-items` items were collected, or `maxPages`
 * is reached; then `nextToken` is what `--starting-token` takes to go on.
 *
 * `--max-items` never sets the request's page size (services bound it differently: RDS wants at
 * least 20, DynamoDB at most 100); only `--page-size` does. When the items run out in the middle of
 * a page, the page is cut there and the token says where to resume: the token that fetched that
 * page plus how many of its items were shown (`herald1:` + base64url JSON), as the AWS CLI's own
 * truncation token does. A service's own token passes through unchanged.
 */

export interface PageLimits {
  /** Never more than this many requests for one command (Herald's bound, whatever the user asks). */
  readonly maxPages: number;
  /** Stop after this many items when the user gave no `--max-items` (it does not set the page size). */
  readonly maxItems?: number;
}

export interface CollectedPages {
  readonly pages: readonly Record<string, unknown>[];
  /** Items counted across the pages' top-level lists. */
  readonly items: number;
  /** Set when there is more to read. */
  readonly nextToken?: string;
}

export async function collectPages(command: ResolvedCommand, module: ClientModule, client: unknown, limits: PageLimits): Promise<CollectedPages> {
  const pagination = command.pagination;
  if (pagination === undefined) throw new CatalogueError(`${command.service.cli} ${command.operation.cliName} is not paginated.`);
  const paginate = module[pagination.paginator] as (config: object, input: object) => AsyncGenerator<Record<string, unknown>>;
  const maxItems = command.globals.maxItems ?? limits.maxItems;
  const pageSize = command.globals.pageSize;
  const start = decodeStartingToken(command.globals.startingToken);
  const config = { client, ...(pageSize !== undefined ? { pageSize } : {}), ...(start.token !== undefined ? { startingToken: start.token } : {}), stopOnSameToken: true };
  const pages: Record<string, unknown>[] = [];
  let items = 0;
  let skip = start.skip;
  // The token that fetched the page being read (where a cut page resumes).
  let pageToken = start.token;
  for await (const fetched of paginate(config, { ...command.input })) {
    const skipped = skip;
    skip = 0;
    const page = skipped > 0 ? sliceItems(fetched, skipped, Number.POSITIVE_INFINITY) : fetched;
    const count = countItems(page);
    const next = readPath(fetched, pagination.outputToken);
    if (maxItems !== undefined && items + count > maxItems) {
      const shown = maxItems - items;
      pages.push(sliceItems(page, 0, shown));
      return { pages, items: maxItems, nextToken: encodeTruncation(pageToken, skipped + shown) };
    }
    pages.push(page);
    items += count;
    if (next === undefined || next === null || next === "") return { pages, items };
    if ((maxItems !== undefined && items >= maxItems) || pages.length >= limits.maxPages) return { pages, items, nextToken: String(next) };
    pageToken = String(next);
  }
  return { pages, items };
}

const TRUNCATION_PREFIX = "herald1:";

function encodeTruncation(token: string | undefined, skip: number): string {
  return TRUNCATION_PREFIX + Buffer.from(JSON.stringify({ t: token ?? null, s: skip })).toString("base64url");
}

/** A service's token as it is, or Herald's truncation token taken apart. */
function decodeStartingToken(typed: string | undefined): { token?: string; skip: number } {
  if (typed === undefined || !typed.startsWith(TRUNCATION_PREFIX)) return { token: typed, skip: 0 };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(typed.slice(TRUNCATION_PREFIX.length), "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const { t, s } = (decoded ?? {}) as { t?: unknown; s?: unknown };
  if ((typeof t !== "string" && t !== null) || typeof s !== "number" || !Number.isSafeInteger(s) || s < 0) {
    throw new CatalogueError("--starting-token: not a token Herald or the service gave (copy it from the last answer).");
  }
  return { ...(typeof t === "string" ? { token: t } : {}), skip: s };
}

/** The page with its top-level lists cut to items [from, from + count), counted across the lists in order. */
function sliceItems(page: Record<string, unknown>, from: number, count: number): Record<string, unknown> {
  let toSkip = from;
  let toTake = count;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(page)) {
    if (key === "$metadata" || !Array.isArray(value)) {
      out[key] = value;
      continue;
    }
    const skipped = Math.min(toSkip, value.length);
    toSkip -= skipped;
    const taken = value.slice(skipped, skipped + Math.max(0, toTake));
    toTake -= taken.length;
    out[key] = taken;
  }
  return out;
}

function countItems(page: Record<string, unknown>): number {
  return Object.entries(page)
    .filter(([key]) => key !== "$metadata")
    .reduce((sum, [, value]) => sum + (Array.isArray(value) ? value.length : 0), 0);
}

function readPath(value: unknown, path: string): unknown {
  let cursor = value;
  for (const step of path.split(".")) {
    if (cursor === null || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<string, unknown>)[step];
  }
  return cursor;
}
