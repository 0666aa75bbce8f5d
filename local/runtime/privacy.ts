import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import {
  changePrivacy,
  type ChangePrivacyResult,
  type ChatPlace,
  createErasureEngine,
  createErasureNotifier,
  type ErasureReceipt,
  type ErasureRequest,
  type ErasureRun,
  type PrivacySetting,
  readLatestErasure,
  readPrivacy,
} from "../../lambdas/shared/privacy";
import { createSlackPoster } from "../../lambdas/shared/slack/poster";
import { LocalRuntimeError } from "./errors";
import { type Polling, startPolling, Versioned } from "./polling";

/**
 * The local runtime's part of the privacy feature. In AWS the home table's stream starts the
 * erasure function; DynamoDB Local has no stream, so this watches the home Region's privacy record
 * (every `pollMs`) and, when its version moves, runs the same erasure engine here: `apply`, then
 * `resume` while it asks to continue, as the function's self-invocations would. Changes made from
 * Slack (`/aws privacy opt-out` through the worker) and from the page's toggle take the same path.
 * The admin's notice goes through the same Slack adapter, to the runtime's Slack sink. It also
 * keeps the latest setting and receipts for the page and `herald status`.
 */

export interface LocalPrivacyOptions {
  readonly config: HeraldConfig;
  readonly accountId: string;
  readonly tableName: string;
  /** A document client per configured Region. */
  readonly regions: ReadonlyMap<string, DynamoDBDocumentClient>;
  /** Where the admin's notice is posted (the local sink, or the user's SLACK_API_URL). */
  readonly slackApiUrl: string;
  readonly botToken: string;
  readonly log: (line: string) => void;
  /** @default 500 ms */
  readonly pollMs?: number;
}

export interface PrivacySnapshot {
  readonly setting: PrivacySetting;
  readonly latest?: { readonly request: ErasureRequest; readonly receipts: readonly ErasureReceipt[] };
  /** The page acts as the first configured admin… */
  readonly actingAs: string;
  /** …and the notice of a change made on the page goes to the first configured channel. */
  readonly notifyPlace: ChatPlace;
}

export class LocalPrivacy {
  private readonly current: Versioned<PrivacySnapshot>;
  private applied = 0;
  private polling?: Polling;
  private stopped = false;
  private readonly engine: ReturnType<typeof createErasureEngine>;
  private readonly home: DynamoDBDocumentClient;

  private constructor(private readonly options: LocalPrivacyOptions, first: PrivacySnapshot) {
    const { config } = options;
    this.current = new Versioned(first);
    this.applied = first.setting.version;
    this.home = homeTable(options);
    const secrets = new Map(config.workspaces.map((w) => [w.teamId, w.botTokenSecretName]));
    const tellAdmin = createErasureNotifier({
      poster: createSlackPoster({ apiUrl: options.slackApiUrl, readSecret: async () => options.botToken }),
      botTokenSecretFor: (teamId) => secrets.get(teamId),
    });
    this.engine = createErasureEngine({
      tableName: options.tableName,
      accountId: options.accountId,
      homeRegion: config.account.homeRegion,
      regions: options.regions,
      recoveryWindowDays: config.account.recoveryWindowDays,
      // Seconds, not minutes: nothing here is a Lambda that must leave time for its continuation.
      backoff: { baseMs: 200, maxMs: 2_000 },
      leaseMs: 5_000,
      onComplete: async (summary) => {
        options.log(`Privacy: ${summary.requestId} ${summary.status} in every Region (${summary.regions.map((r) => `${r.region} ${r.itemsDeleted}`).join(", ")} items deleted)`);
        await tellAdmin(summary);
      },
      telemetry: {
        attemptFailed: (failure) => options.log(`Privacy: ${failure.requestId} attempt ${failure.attempts} failed in ${failure.region} (${failure.error}); retrying`),
        notifyFailed: (requestId, error) => options.log(`Privacy: could not tell the admin that ${requestId} is done (${(error as Error)?.name}); retrying`),
      },
    });
  }

  static async start(options: LocalPrivacyOptions): Promise<LocalPrivacy> {
    const { config } = options;
    const channel = config.channels[0];
    const actingAs = config.account.admins[0];
    const notifyPlace: ChatPlace = { teamId: channel.teamId, channelId: channel.channelId, userId: actingAs };
    const home = homeTable(options);
    const first: PrivacySnapshot = { setting: await readPrivacy(home, options.tableName, options.accountId), actingAs, notifyPlace };
    const privacy = new LocalPrivacy(options, first);
    privacy.polling = startPolling(() => privacy.look(), options.pollMs ?? 500);
    return privacy;
  }

  /** The latest setting and receipts (refreshed every poll). */
  snapshot(): PrivacySnapshot {
    return this.current.value;
  }

  /** Changes whenever the snapshot does: part of the page's state version. */
  get version(): number {
    return this.current.version;
  }

  /** The page's toggle: changes the setting as the first admin, then applies it at once. */
  async change(shareUserData: boolean): Promise<ChangePrivacyResult> {
    const { config, tableName, accountId } = this.options;
    const { actingAs, notifyPlace } = this.current.value;
    const result = await changePrivacy(this.home, tableName, accountId, { shareUserData, changedBy: actingAs, admins: config.account.admins, notify: notifyPlace });
    this.options.log(`Privacy: Share user data ${result.changed ? `turned ${shareUserData ? "on" : "off"} by ${actingAs} (${result.requestId})` : `already ${shareUserData ? "on" : "off"}`}`);
    void this.polling?.now();
    return result;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.polling?.stop();
  }

  /** One look at the record (one at a time, see polling.ts): applies a new version, then refreshes the snapshot. */
  private async look(): Promise<void> {
    const { tableName, accountId } = this.options;
    try {
      let setting = await readPrivacy(this.home, tableName, accountId);
      if (setting.version > this.applied) {
        await this.refresh(setting);
        await this.apply(setting);
        this.applied = setting.version;
        setting = await readPrivacy(this.home, tableName, accountId);
      }
      await this.refresh(setting);
    } catch (error) {
      if (!this.stopped) this.options.log(`Privacy: ${(error as Error).name}: ${(error as Error).message}`);
    }
  }

  /** What the stream and the function's continuations do in AWS; a sweep then picks up any version skipped between two looks. */
  private async apply(setting: PrivacySetting): Promise<void> {
    const { accountId } = this.options;
    const deadline = () => ({ deadline: Date.now() + 30_000 });
    const change = { accountId, version: setting.version, shareUserData: setting.shareUserData, floorVersion: setting.floorVersion, changedBy: setting.changedBy ?? "", changedAt: setting.changedAt ?? new Date().toISOString() };
    let run: ErasureRun = await this.engine.apply(change, deadline());
    while (run.status === "continue" && !this.stopped) {
      await this.refresh(setting);
      run = await this.engine.resume(run.continuation, deadline());
    }
    await this.engine.sweep({ ...deadline(), overdueAfterMs: 3_600_000 });
  }

  private async refresh(setting: PrivacySetting): Promise<void> {
    const latest = await readLatestErasure(this.home, this.options.tableName, this.options.accountId);
    this.current.set({ ...this.current.value, setting, ...(latest ? { latest } : {}) });
  }
}

/** The home Region's table holds the privacy record; the runtime creates a client for every configured Region. */
function homeTable(options: LocalPrivacyOptions): DynamoDBDocumentClient {
  const home = options.regions.get(options.config.account.homeRegion);
  if (!home) throw new LocalRuntimeError(`No table client for the home Region ${options.config.account.homeRegion}`);
  return home;
}
