import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { acknowledgedBy } from "../../lambdas/shared/oncall/attribution";
import { storeContext } from "../../lambdas/shared/store/index";
import { createOnCallStore } from "../../lambdas/shared/store/on-call";
import { type Polling, startPolling, Versioned } from "./polling";

/** One open alarm lifecycle in one channel and Region, as `herald status` shows it. */
export interface OpenAlarm {
  readonly region: string;
  readonly teamId: string;
  readonly channelId: string;
  readonly title: string;
  /** Epoch ms. */
  readonly openedAt: number;
  readonly acknowledgedAt?: number;
  /** Who acknowledged, while Share user data is on. */
  readonly acknowledgedBy?: string;
  readonly escalationSteps: number;
}

export interface LocalOpenAlarmsOptions {
  readonly config: HeraldConfig;
  readonly accountId: string;
  readonly regions: ReadonlyMap<string, DynamoDBDocumentClient>;
  readonly tableName: string;
  readonly pollMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * Watches every configured channel's open alarm lifecycles in every Region (the records the
 * forwarders and the worker keep, lambdas/shared/store/on-call.ts), for `herald status`.
 */
export class LocalOpenAlarms {
  private readonly alarms = new Versioned<readonly OpenAlarm[]>([]);
  private readonly polling: Polling;
  private failureReported = false;

  private constructor(private readonly options: LocalOpenAlarmsOptions) {
    this.polling = startPolling(() => this.poll(), options.pollMs ?? 2_000);
  }

  static start(options: LocalOpenAlarmsOptions): LocalOpenAlarms {
    return new LocalOpenAlarms(options);
  }

  snapshot(): readonly OpenAlarm[] {
    return this.alarms.value;
  }

  stop(): Promise<void> {
    return this.polling.stop();
  }

  private async poll(): Promise<void> {
    const channels = [...new Map(this.options.config.channels.map((c) => [`${c.teamId}#${c.channelId}`, { teamId: c.teamId, channelId: c.channelId }])).values()];
    try {
      const found = await Promise.all([...this.options.regions].flatMap(([region, doc]) => {
        const store = createOnCallStore(storeContext(doc, this.options.tableName));
        return channels.map(async (channel) => Promise.all((await store.channelState(channel)).lifecycles.filter((l) => l.status !== "resolved").map(async (lifecycle): Promise<OpenAlarm> => {
          const by = await acknowledgedBy(store, this.options.accountId, lifecycle);
          return {
            region, teamId: lifecycle.teamId, channelId: lifecycle.channelId, title: lifecycle.title, openedAt: lifecycle.openedAt, escalationSteps: lifecycle.stepsDone,
            ...(lifecycle.acknowledgedAt === undefined ? {} : { acknowledgedAt: lifecycle.acknowledgedAt }),
            ...(by === undefined ? {} : { acknowledgedBy: by }),
          };
        })));
      }));
      this.alarms.set(found.flat().sort((a, b) => a.openedAt - b.openedAt));
      this.failureReported = false;
    } catch (error) {
      if (!this.failureReported) this.options.log?.(`open alarms watch: ${(error as Error).message}`);
      this.failureReported = true;
    }
  }
}
