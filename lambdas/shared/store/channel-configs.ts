import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ChannelConfig, ChannelFilters, ChannelMentions, HeraldConfig, LoggingLevel } from "../config/schema";
import { CONFIG_SORT_PREFIX, keys } from "./keys";
import { paginateQuery, paginateScan, writeBatches } from "./batch";

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
    };
  });
}

/** All channel configurations subscribed to a topic: one (paginated) Query. */
export async function findConfigsForTopic(doc: DynamoDBDocumentClient, tableName: string, topicArn: string): Promise<ChannelConfigRecord[]> {
  const items = await paginateQuery(doc, {
    TableName: tableName,
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": keys.topicPartition(topicArn), ":prefix": CONFIG_SORT_PREFIX },
    ConsistentRead: true,
  });
  return items.map(toRecord);
}

/** The configurations that govern one Slack channel (several may target the same channel). */
export async function findConfigsForChannel(doc: DynamoDBDocumentClient, tableName: string, teamId: string, channelId: string): Promise<ChannelConfigRecord[]> {
  const { pk } = keys.channelConfig(teamId, channelId, "");
  const items = await paginateQuery(doc, {
    TableName: tableName,
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": pk, ":prefix": CONFIG_SORT_PREFIX },
  });
  return items.map(toRecord);
}

/**
 * Makes the table's channel-config items exactly match `records`: writes every item and deletes
 * items of configurations (or topics) that are no longer in the config. Idempotent.
 */
export async function syncChannelConfigs(doc: DynamoDBDocumentClient, tableName: string, records: readonly ChannelConfigRecord[]): Promise<{ written: number; deleted: number }> {
  const wanted = new Map<string, Record<string, unknown>>();
  for (const record of records) {
    const body = { entity: "channel-config", ...record };
    for (const topicArn of record.topicArns) {
      const key = keys.topicConfig(topicArn, record.name);
      wanted.set(`${key.pk}|${key.sk}`, { ...key, ...body });
    }
    const key = keys.channelConfig(record.teamId, record.channelId, record.name);
    wanted.set(`${key.pk}|${key.sk}`, { ...key, ...body });
  }
  const existing = await listAllConfigKeys(doc, tableName);
  const stale = existing.filter((item) => !wanted.has(`${item.pk}|${item.sk}`));
  await writeBatches(doc, tableName, [
    ...[...wanted.values()].map((Item) => ({ PutRequest: { Item } })),
    ...stale.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })),
  ]);
  return { written: wanted.size, deleted: stale.length };
}

/** Channel-config items are few (tens to hundreds): a filtered scan at deploy time is fine. */
function listAllConfigKeys(doc: DynamoDBDocumentClient, tableName: string): Promise<Array<Record<string, unknown>>> {
  return paginateScan(doc, {
    TableName: tableName,
    FilterExpression: "entity = :e",
    ExpressionAttributeValues: { ":e": "channel-config" },
    ProjectionExpression: "pk, sk",
  });
}

function toRecord(item: Record<string, unknown>): ChannelConfigRecord {
  const { pk: _pk, sk: _sk, entity: _entity, ...record } = item;
  return record as unknown as ChannelConfigRecord;
}
