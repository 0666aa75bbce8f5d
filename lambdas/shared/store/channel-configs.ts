import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createHash } from "node:crypto";
import type { OnCallConfig } from "../config/on-call";
import type { ChannelConfig, ChannelFilters, ChannelMentions, HeraldConfig, LoggingLevel } from "../config/schema";
import { writeBatches } from "./batch";
import type { StoreContext } from "./context";
import { isObject, isText, isTextList, type Item, optional, requireShape } from "./item-guards";
import { CONFIG_SORT_PREFIX, keys } from "./keys";
import { queryAll, scanAll } from "./pages";
import type { TableAction } from "./table-actions";

/**
 * A channel configuration as the forwarder and command function read it from the table: the
 * config file's channel entry joined with its workspace's secret names and resolved topic ARNs.
 */
export interface ChannelConfigRecord {
  readonly name: string;
  readonly teamId: string;
  readonly channelId: string;
  readonly topicArns: readonly string[];
  readonly iamRoleArn: string;
  readonly guardrailPolicyArns: readonly string[];
  readonly loggingLevel: LoggingLevel;
  readonly userRoleRequired: boolean;
  readonly tags: Readonly<Record<string, string>>;
  /** Names (never values) of the workspace's Secrets Manager secrets. */
  readonly botTokenSecretName: string;
  readonly signingSecretName: string;
  /** Which notifications reach the channel; absent: all of them. */
  readonly filters?: ChannelFilters;
  /** Mentions Herald adds; absent: none. */
  readonly mentions?: ChannelMentions;
  /** Snooze and escalation settings; absent: members may snooze, nothing escalates. */
  readonly onCall?: OnCallConfig;
  /** Members' own roles (Slack user id → role ARN); present only when `userRoleRequired`. */
  readonly userRoles?: Readonly<Record<string, string>>;
}

/** Builds the records of one Region from the config, given how a topic name becomes an ARN there. */
export function channelConfigRecords(config: HeraldConfig, topicArn: (topicName: string) => string): ChannelConfigRecord[] {
  return config.channels.map((channel: ChannelConfig) => {
    const workspace = config.workspaces.find((w) => w.teamId === channel.teamId);
    if (!workspace) throw new Error(`no workspace ${channel.teamId} for configuration ${channel.name}`);
    return {
      name: channel.name,
      teamId: channel.teamId,
      channelId: channel.channelId,
      topicArns: channel.topics.map(topicArn),
      iamRoleArn: channel.iamRoleArn,
      guardrailPolicyArns: channel.guardrailPolicyArns,
      loggingLevel: channel.loggingLevel,
      userRoleRequired: channel.userRoleRequired,
      tags: channel.tags,
      botTokenSecretName: workspace.botTokenSecretName,
      signingSecretName: workspace.signingSecretName,
      ...(channel.userRoleRequired ? { userRoles: workspace.userRoles } : {}),
      // Only when set, so configurations without them keep the exact records (and config hash) they had.
      ...(channel.filters === undefined ? {} : { filters: channel.filters }),
      ...(channel.mentions === undefined ? {} : { mentions: channel.mentions }),
      ...(channel.onCall === undefined ? {} : { onCall: channel.onCall }),
    };
  });
}

/** What reading the configurations needs (the forwarder, the command worker): the queries, and the version item the cache checks. */
export const CHANNEL_CONFIGS_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:GetItem", "dynamodb:Query"];

/**
 * How stale a cached topic's configurations may be: the version item (written by every sync) is
 * read again at most this often, and a changed version drops the whole cache. A configuration
 * change therefore reaches a warm forwarder at most this long after the deploy's sync finished.
 */
export const CONFIG_CACHE_STALENESS_MS = 10_000;
/** Whatever the version says, a cached topic is read again after this long (a hand edit of the table shows too). */
export const CONFIG_CACHE_MAX_AGE_MS = 5 * 60_000;
/** What making the table match the config needs (the config-sync custom resource, at deploy time only). */
export const CHANNEL_CONFIG_SYNC_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:Scan", "dynamodb:BatchWriteItem"];

/**
 * The channel configurations in one Region's table: written whole by the config sync at deploy
 * time, read by topic (the forwarder) and by channel (commands). Two lists of actions, so the
 * functions that only read are never granted the sync's Scan and batch writes.
 */
export function createChannelConfigs(context: StoreContext) {
  const { doc, tableName, now } = context;
  /** Per container (this repository lives as long as the handler's store): topic → its records as read, and when. */
  const cache = new Map<string, { readonly at: number; readonly records: Promise<ChannelConfigRecord[]> }>();
  let checked: { at: number; version: Promise<string | undefined> } | undefined;

  /**
   * All channel configurations subscribed to a topic: one (paginated) Query, then from the cache
   * until the version item changes (checked every CONFIG_CACHE_STALENESS_MS) or the entry is
   * CONFIG_CACHE_MAX_AGE_MS old. A failed read is not cached.
   */
  async function forTopic(topicArn: string): Promise<ChannelConfigRecord[]> {
    const at = now();
    await checkVersion(at);
    const cached = cache.get(topicArn);
    if (cached !== undefined && at - cached.at < CONFIG_CACHE_MAX_AGE_MS) return cached.records;
    const records = readTopic(topicArn);
    cache.set(topicArn, { at, records });
    records.catch(() => cache.delete(topicArn));
    return records;
  }

  /** Reads the version item when the last look is older than the staleness bound; a new version empties the cache. */
  async function checkVersion(at: number): Promise<void> {
    if (checked !== undefined && at - checked.at < CONFIG_CACHE_STALENESS_MS) {
      await checked.version;
      return;
    }
    const previous = checked;
    const version = doc.send(new GetCommand({ TableName: tableName, Key: keys.configVersion(), ConsistentRead: true }))
      .then((result) => (typeof result.Item?.version === "string" ? result.Item.version : undefined));
    checked = { at, version };
    try {
      const seen = await version;
      const before = previous === undefined ? undefined : await previous.version.catch(() => undefined);
      if (previous !== undefined && seen !== before) cache.clear();
    } catch (error) {
      checked = undefined;
      cache.clear();
      throw error;
    }
  }

  async function readTopic(topicArn: string): Promise<ChannelConfigRecord[]> {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": keys.topicPartition(topicArn), ":prefix": CONFIG_SORT_PREFIX },
      ConsistentRead: true,
    });
    return items.map(channelConfigOf);
  }

  /** The configurations that govern one Slack channel (several may target the same channel). */
  async function forChannel(teamId: string, channelId: string): Promise<ChannelConfigRecord[]> {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": keys.channelPartition(teamId, channelId), ":prefix": CONFIG_SORT_PREFIX },
    });
    return items.map(channelConfigOf);
  }

  /**
   * Makes the table's channel-config items exactly match `records`: writes every item and deletes
   * items of configurations (or topics) that are no longer in the config. Idempotent.
   */
  async function sync(records: readonly ChannelConfigRecord[]): Promise<{ written: number; deleted: number }> {
    const wanted = new Map<string, Record<string, unknown>>();
    for (const record of records) {
      const body = { entity: CHANNEL_CONFIG_ENTITY, ...record };
      for (const topicArn of record.topicArns) {
        const key = keys.topicConfig(topicArn, record.name);
        wanted.set(`${key.pk}|${key.sk}`, { ...key, ...body });
      }
      const key = keys.channelConfig(record.teamId, record.channelId, record.name);
      wanted.set(`${key.pk}|${key.sk}`, { ...key, ...body });
    }
    // Channel-config items are few (tens to hundreds): a filtered scan at deploy time is fine.
    const existing = await scanAll(doc, {
      TableName: tableName,
      FilterExpression: "entity = :e",
      ExpressionAttributeValues: { ":e": CHANNEL_CONFIG_ENTITY },
      ProjectionExpression: "pk, sk",
    });
    const stale = existing.filter((item) => !wanted.has(`${String(item.pk)}|${String(item.sk)}`));
    await writeBatches(doc, tableName, [
      ...[...wanted.values()].map((Item) => ({ PutRequest: { Item } })),
      ...stale.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })),
    ]);
    // Last, once every item is in place: warm forwarders see the new version and read the configurations again.
    const version = createHash("sha256").update(JSON.stringify([...wanted.entries()].sort(([a], [b]) => a.localeCompare(b)))).digest("base64url");
    await writeBatches(doc, tableName, [{ PutRequest: { Item: { ...keys.configVersion(), entity: CONFIG_VERSION_ENTITY, version } } }]);
    return { written: wanted.size, deleted: stale.length };
  }

  return { forTopic, forChannel, sync };
}

export type ChannelConfigs = ReturnType<typeof createChannelConfigs>;

const CHANNEL_CONFIG_ENTITY = "channel-config";
const CONFIG_VERSION_ENTITY = "config-version";

/** A channel-config item as a record; filters, mentions and user roles are the config file's (validated at synth). */
function channelConfigOf(item: Item): ChannelConfigRecord {
  requireShape(item, CHANNEL_CONFIG_ENTITY, {
    name: isText, teamId: isText, channelId: isText, topicArns: isTextList, iamRoleArn: isText, guardrailPolicyArns: isTextList,
    loggingLevel: (value) => value === "INFO" || value === "ERROR" || value === "NONE", userRoleRequired: (value) => typeof value === "boolean",
    tags: isObject, botTokenSecretName: isText, signingSecretName: isText,
    filters: optional(isObject), mentions: optional(isObject), userRoles: optional(isObject), onCall: optional(isObject),
  });
  const { pk: _pk, sk: _sk, entity: _entity, ...record } = item;
  return record as unknown as ChannelConfigRecord;
}
