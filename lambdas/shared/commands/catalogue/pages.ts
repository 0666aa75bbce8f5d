import { CatalogueError } from "./errors";
import type { ClientModule } from "./model";
import type { ResolvedCommand } from "./resolve-command";

/**
 * Bounded automatic pagination through the SDK's own `paginateX`, as the AWS CLI does: pages are
 * followed until the output has no next token, `--max-items` items were collected, or `maxPages`
 * is reached; then `nextToken` is what `--starting-token` takes to go on.
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
  const typedMaxItems = command.globals.maxItems;
  const maxItems = typedMaxItems ?? limits.maxItems;
  const pageSize = command.globals.pageSize ?? (typedMaxItems !== undefined && pagination.pageSizeMember !== undefined ? typedMaxItems : undefined);
  const config = { client, ...(pageSize !== undefined ? { pageSize } : {}), ...(command.globals.startingToken !== undefined ? { startingToken: command.globals.startingToken } : {}), stopOnSameToken: true };
  const pages: Record<string, unknown>[] = [];
  let items = 0;
  for await (const page of paginate(config, { ...command.input })) {
    pages.push(page);
    items += countItems(page);
    const next = readPath(page, pagination.outputToken);
    const reachedItems = maxItems !== undefined && items >= maxItems;
    if (next === undefined || next === null || next === "") return { pages, items };
    if (reachedItems || pages.length >= limits.maxPages) return { pages, items, nextToken: String(next) };
  }
  return { pages, items };
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
