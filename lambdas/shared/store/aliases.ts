import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { setTimeout as sleep } from "node:timers/promises";
import { ALIAS_NAME, KEYWORDS, MAX_ALIAS_COMMAND_LENGTH } from "../commands/grammar/limits";
import { findCredential } from "../security/credential-screen";
import { AliasError, CredentialInInputError } from "./command-store-errors";
import { isConditionFailure, isTransactionConflict } from "./conditional";
import { isText, type Item, requireShape } from "./item-guards";
import type { StoreContext } from "./context";
import { ALIAS_SORT_PREFIX, keys } from "./keys";
import { queryAll } from "./pages";
import type { TableAction } from "./table-actions";

/**
 * A channel's command aliases (`alias create restart lambda invoke --function-name $fn`). Aliases
 * are channel configuration, not user data: they stay when a member opts out of sharing. Names
 * are case-insensitive and unique per channel; creating one never overwrites another, and the
 * per-channel limit holds under concurrent creates (a counter item moves in the same transaction).
 */

/** Transactions need each item's own action (Put, Update, Delete); list and get read. */
export const ALIASES_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:GetItem"];

/** The managed service's limits (name shape and command length are the grammar's, so both agree). */
export const ALIAS_LIMITS = { maxNameLength: 100, maxCommandLength: MAX_ALIAS_COMMAND_LENGTH, maxPerChannel: 100 } as const;

export interface ChannelRef {
  readonly teamId: string;
  readonly channelId: string;
}

/** Who creates an alias, and where (a CommandCaller fits). */
export interface AliasAuthor extends ChannelRef {
  readonly userId: string;
}

export interface Alias {
  readonly teamId: string;
  readonly channelId: string;
  /** As the creator typed it. */
  readonly name: string;
  /** The command it stands for, `$variables` included. */
  readonly template: string;
  readonly createdBy: string;
  /** ISO 8601. */
  readonly createdAt: string;
}

export interface AliasOptions {
  /** Words an alias may not take because the grammar reads them first: the service names (the grammar's keywords are always reserved). */
  readonly reservedNames?: Iterable<string>;
  readonly maxPerChannel?: number;
}

export function createAliases(store: StoreContext, options: AliasOptions = {}) {
  const { doc, tableName, now } = store;
  const reserved = new Set([...KEYWORDS, ...(options.reservedNames ?? [])].map((name) => name.toLowerCase()));
  const maxPerChannel = options.maxPerChannel ?? ALIAS_LIMITS.maxPerChannel;

  function checkName(name: string): void {
    if (name.length === 0 || name.length > ALIAS_LIMITS.maxNameLength) {
      throw new AliasError("invalid", `An alias name must be 1-${ALIAS_LIMITS.maxNameLength} characters long.`);
    }
    if (!ALIAS_NAME.test(name)) {
      throw new AliasError("invalid", "An alias name is one word of letters, digits, '-' and '_'.");
    }
    if (reserved.has(name.toLowerCase())) {
      throw new AliasError("invalid", `"${name}" is a command word already, so an alias by that name could never run. Choose another name.`);
    }
  }

  /** Creates an alias; fails if the name is taken (whatever its case) or the channel has the most aliases it may. */
  async function create(author: AliasAuthor, name: string, template: string): Promise<Alias> {
    checkName(name);
    const command = template.trim();
    if (command.length === 0) throw new AliasError("invalid", "An alias needs a command to run.");
    if (command.length > ALIAS_LIMITS.maxCommandLength) {
      throw new AliasError("invalid", `An alias command may be at most ${ALIAS_LIMITS.maxCommandLength.toLocaleString("en-US")} characters long (this one has ${command.length.toLocaleString("en-US")}).`);
    }
    const credential = findCredential(`${name} ${command}`);
    if (credential) throw new CredentialInInputError(credential.what);

    const channel: ChannelRef = { teamId: author.teamId, channelId: author.channelId };
    const alias: Alias = { ...channel, name, template: command, createdBy: author.userId, createdAt: new Date(now()).toISOString() };
    try {
      await transact(store, {
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.alias(channel.teamId, channel.channelId, name), entity: "alias", ...alias },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Update: {
              TableName: tableName,
              Key: keys.aliasCount(channel.teamId, channel.channelId),
              UpdateExpression: "SET aliasCount = if_not_exists(aliasCount, :zero) + :one, entity = :entity",
              ConditionExpression: "attribute_not_exists(aliasCount) OR aliasCount < :max",
              ExpressionAttributeValues: { ":zero": 0, ":one": 1, ":max": maxPerChannel, ":entity": "alias-count" },
            },
          },
        ],
      });
    } catch (error) {
      if (isConditionFailure(error, 0)) {
        throw new AliasError("exists", `This channel already has an alias named ${name}. Delete it first (\`alias delete ${name}\`) to replace it.`, { cause: error });
      }
      if (isConditionFailure(error, 1)) {
        throw new AliasError("limit", `This channel has ${maxPerChannel} aliases, the most it may have. Delete one to make room.`, { cause: error });
      }
      throw error;
    }
    return alias;
  }

  /** The channel's aliases, by name. */
  async function list(channel: ChannelRef): Promise<Alias[]> {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": keys.channelPartition(channel.teamId, channel.channelId), ":prefix": ALIAS_SORT_PREFIX },
      ConsistentRead: true,
    });
    return items.map(toAlias);
  }

  /** The alias by that name (any case), or undefined. */
  async function get(channel: ChannelRef, name: string): Promise<Alias | undefined> {
    if (name.length === 0 || name.length > ALIAS_LIMITS.maxNameLength) return undefined;
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.alias(channel.teamId, channel.channelId, name), ConsistentRead: true }));
    return Item ? toAlias(Item) : undefined;
  }

  /** Deletes the alias; fails clearly if there is none by that name. Returns what was deleted. */
  async function remove(channel: ChannelRef, name: string): Promise<Alias> {
    const existing = await get(channel, name);
    const notFound = () => new AliasError("not-found", `This channel has no alias named ${name}. \`alias list\` shows the ones it has.`);
    if (!existing) throw notFound();
    try {
      await transact(store, {
        TransactItems: [
          {
            Delete: {
              TableName: tableName,
              Key: keys.alias(channel.teamId, channel.channelId, name),
              // Only the alias we read: a concurrent delete-and-recreate is not ours to remove.
              ConditionExpression: "createdAt = :createdAt",
              ExpressionAttributeValues: { ":createdAt": existing.createdAt },
            },
          },
          {
            Update: {
              TableName: tableName,
              Key: keys.aliasCount(channel.teamId, channel.channelId),
              UpdateExpression: "ADD aliasCount :minusOne",
              ExpressionAttributeValues: { ":minusOne": -1 },
            },
          },
        ],
      });
    } catch (error) {
      if (isConditionFailure(error, 0)) throw notFound();
      throw error;
    }
    return existing;
  }

  return { create, list, get, delete: remove };
}

export type Aliases = ReturnType<typeof createAliases>;

/**
 * A transaction, retried when DynamoDB cancels it only because another transaction touched the
 * same items at once (the counter item makes that likely when members add aliases together).
 */
async function transact(store: StoreContext, input: TransactWriteCommandInput, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await store.doc.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      // A failed condition is an answer, not a conflict to retry.
      if (isConditionFailure(error) || !isTransactionConflict(error) || attempt >= attempts) throw error;
      await sleep(10 * 2 ** attempt * Math.random());
    }
  }
}

function toAlias(item: Item): Alias {
  requireShape(item, "alias", { teamId: isText, channelId: isText, name: isText, template: isText, createdBy: isText, createdAt: isText });
  const { teamId, channelId, name, template, createdBy, createdAt } = item as Item & Alias;
  return { teamId, channelId, name, template, createdBy, createdAt };
}
