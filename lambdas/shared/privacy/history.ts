import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { storeContext } from "../store/index";
import { USER_DATA_SORT_KINDS } from "../store/keys";
import { createUserDataStore } from "../store/user-data";
import { readPrivacy } from "./setting";
import type { PrivacySetting } from "./types";

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

function latestInputs(doc: DynamoDBDocumentClient, tableName: string, setting: PrivacySetting, teamId: string, channelId: string, limit: number, now: number): Promise<RecentCommand[]> {
  return createUserDataStore(storeContext(doc, tableName)).latestInputs(setting, USER_DATA_SORT_KINDS["user-input"], teamId, channelId, limit, now);
}
