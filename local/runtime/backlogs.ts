import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDrainLeases } from "../../lambdas/shared/store/drain-leases";
import { storeContext } from "../../lambdas/shared/store/index";
import { createOutbox } from "../../lambdas/shared/store/outbox";
import { type Polling, startPolling, Versioned } from "./polling";

/** One channel's backlog in one Region: what is waiting to be posted, and why it may be waiting. */
export interface ChannelBacklog {
  readonly region: string;
  readonly teamId: string;
  readonly channelId: string;
  readonly depth: number;
  /** When the oldest waiting notification was queued (epoch ms). */
  readonly oldestQueuedAt?: number;
  /** Nothing goes to the channel before this (a Retry-After, or a backoff after errors), when it is in the future. */
  readonly blockedUntil: number;
  /** A drainer holds the channel's lease right now. */
  readonly draining: boolean;
}

export interface LocalBacklogsOptions {
  readonly regions: ReadonlyMap<string, DynamoDBDocumentClient>;
  readonly tableName: string;
  readonly pollMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * Watches every Region's channel backlogs for the page and `herald status`: the same lease and
 * outbox records the forwarders drain (lambdas/shared/store), read every `pollMs`. Only channels
 * with something waiting, or in a Retry-After or backoff window, are listed.
 */
export class LocalBacklogs {
  private readonly backlogs = new Versioned<readonly ChannelBacklog[]>([]);
  private readonly polling: Polling;
  private failureReported = false;

  private constructor(private readonly options: LocalBacklogsOptions) {
    this.polling = startPolling(() => this.poll(), options.pollMs ?? 1_000);
  }

  static start(options: LocalBacklogsOptions): LocalBacklogs {
    return new LocalBacklogs(options);
  }

  snapshot(): readonly ChannelBacklog[] {
    return this.backlogs.value;
  }

  get version(): number {
    return this.backlogs.version;
  }

  stop(): Promise<void> {
    return this.polling.stop();
  }

  private async poll(): Promise<void> {
    const now = Date.now();
    try {
      const perRegion = await Promise.all([...this.options.regions].map(async ([region, doc]) => {
        const store = storeContext(doc, this.options.tableName);
        const leases = createDrainLeases(store);
        const outbox = createOutbox(store);
        return Promise.all((await leases.list()).map(async (record): Promise<ChannelBacklog> => {
          const [depth, [oldest]] = await Promise.all([outbox.depth(record.target), outbox.oldest(record.target, 1)]);
          return {
            region, teamId: record.target.teamId, channelId: record.target.channelId, depth,
            ...(oldest === undefined ? {} : { oldestQueuedAt: oldest.enqueuedAt }),
            blockedUntil: record.blockedUntil, draining: record.leaseUntil > now,
          };
        }));
      }));
      this.backlogs.set(perRegion.flat().filter((backlog) => backlog.depth > 0 || backlog.blockedUntil > now));
      this.failureReported = false;
    } catch (error) {
      // DynamoDB Local stopping under us (Ctrl-C) or busy: the next poll tries again; said once.
      if (!this.failureReported) this.options.log?.(`backlog watch: ${(error as Error).message}`);
      this.failureReported = true;
    }
  }
}
