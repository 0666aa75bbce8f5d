import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { keys, USER_DATA_SORT_KINDS } from "../store/keys";
import { type PrivacySetting, readPrivacy } from "./setting";

/**
 * What the stored inputs are for: `/aws history` (a channel's recent commands) and suggestions
 * ranked by the channel's own past commands. With sharing off both are empty, so callers fall back
 * to their defaults. Data written before the latest opt-out is never shown, even while its erasure
 * is still running, and expired items (TTL deletes lag) are skipped.
 */

export interface RecentCommand {
  readonly text: string;
  readonly userId: string;
  /** ISO 8601. */
  readonly at: string;
  readonly id: string;
}

export interface CommandSuggestion {
  readonly command: string;
  /** How often the channel used it among the inputs looked at. */
  readonly uses: number;
  readonly lastUsedAt: string;
}

export interface SuggestionOptions {
  /** Only commands that start with this (case-insensitive), e.g. what the member has typed so far. */
  readonly prefix?: string;
  /** @default 5 */
  readonly limit?: number;
  /** How many of the channel's latest inputs are ranked. @default 200 */
  readonly window?: number;
  readonly now?: () => number;
}

/** The channel's latest commands, newest first; [] when sharing is off. */
export async function recentCommands(doc: DynamoDBDocumentClient, tableName: string, accountId: string, teamId: string, channelId: string, limit = 20, now: () => number = Date.now): Promise<RecentCommand[]> {
  const setting = await readPrivacy(doc, tableName, accountId);
  if (!setting.shareUserData || limit <= 0) return [];
  return latestInputs(doc, tableName, setting, teamId, channelId, limit, now());
}

/** The channel's most used commands (ties: most recent first); [] when sharing is off. */
export async function rankedSuggestions(doc: DynamoDBDocumentClient, tableName: string, accountId: string, teamId: string, channelId: string, options: SuggestionOptions = {}): Promise<CommandSuggestion[]> {
  const setting = await readPrivacy(doc, tableName, accountId);
  const limit = options.limit ?? 5;
  if (!setting.shareUserData || limit <= 0) return [];
  const inputs = await latestInputs(doc, tableName, setting, teamId, channelId, options.window ?? 200, (options.now ?? Date.now)());
  const prefix = options.prefix?.trim().toLowerCase() ?? "";
  const byCommand = new Map<string, { command: string; uses: number; lastUsedAt: string }>();
  for (const input of inputs) {
    const command = input.text.trim().replace(/\s+/g, " ");
    if (command === "" || !command.toLowerCase().startsWith(prefix)) continue;
    const seen = byCommand.get(command);
    // Inputs come newest first: the first one seen is the latest use.
    if (seen) seen.uses += 1;
    else byCommand.set(command, { command, uses: 1, lastUsedAt: input.at });
  }
  return [...byCommand.values()]
    .sort((a, b) => b.uses - a.uses || b.lastUsedAt.localeCompare(a.lastUsedAt))
    .slice(0, limit);
}

async function latestInputs(doc: DynamoDBDocumentClient, tableName: string, setting: PrivacySetting, teamId: string, channelId: string, limit: number, now: number): Promise<RecentCommand[]> {
  const found: RecentCommand[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      FilterExpression: "privacyVersion >= :floor AND expiresAt > :now",
      ExpressionAttributeValues: {
        ":pk": keys.userDataPartition(setting.accountId),
        ":prefix": keys.userDataChannelPrefix(USER_DATA_SORT_KINDS["user-input"], teamId, channelId),
        ":floor": setting.floorVersion,
        ":now": Math.floor(now / 1000),
      },
      ScanIndexForward: false,
      Limit: Math.min(Math.max(limit - found.length, 10) * 2, 500),
      ExclusiveStartKey,
    }));
    for (const item of page.Items ?? []) {
      const data = item.data as Record<string, unknown> | undefined;
      if (typeof data?.text !== "string") continue;
      found.push({ text: data.text, userId: String(data.userId ?? ""), at: String(item.at), id: String(item.id) });
      if (found.length >= limit) return found;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}
