/**
 * The single table's key design. Every item has `pk` and `sk` (strings) and an `entity` name;
 * items that expire carry `expiresAt` (epoch seconds, the table's TTL attribute).
 *
 * | entity          | pk                              | sk                        | access pattern                          |
 * |-----------------|---------------------------------|---------------------------|-----------------------------------------|
 * | channel-config  | TOPIC#<topicArn>                | CONFIG#<name>             | all configs for a topic: one Query      |
 * | channel-config  | CHANNEL#<teamId>#<channelId>    | CONFIG#<name>             | configs governing a Slack channel       |
 * | delivery        | DELIVERY#<snsMessageId>         | CHANNEL#<teamId>#<chan>   | exactly once per (message, channel)     |
 * | privacy         | ACCOUNT#<accountId>             | PRIVACY                   | the account's "Share user data" setting |
 * | user-data       | USERDATA#<accountId>            | <kind>#<isoTime>#<id>     | all user data of an account: one Query  |
 * | alias           | CHANNEL#<teamId>#<channelId>    | ALIAS#<lower-case name>   | a channel's aliases: one Query          |
 * | alias-count     | CHANNEL#<teamId>#<channelId>    | ALIASCOUNT                | the 100-alias limit, race-free          |
 * | confirmation    | CONFIRMATION#<id>               | CONFIRMATION              | a mutating command's button (TTL 15 m)  |
 * | slack-event     | SLACKEVENT#<eventId>            | EVENT                     | Events API retries seen once (TTL 1 h)  |
 */

export const TABLE_KEYS = { partitionKey: "pk", sortKey: "sk", ttlAttribute: "expiresAt" } as const;

export const keys = {
  topicConfig: (topicArn: string, name: string) => ({ pk: `TOPIC#${topicArn}`, sk: `CONFIG#${name}` }),
  topicPartition: (topicArn: string) => `TOPIC#${topicArn}`,
  channelConfig: (teamId: string, channelId: string, name: string) => ({ pk: `CHANNEL#${teamId}#${channelId}`, sk: `CONFIG#${name}` }),
  delivery: (messageId: string, teamId: string, channelId: string) => ({ pk: `DELIVERY#${messageId}`, sk: `CHANNEL#${teamId}#${channelId}` }),
  privacy: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: "PRIVACY" }),
  userDataPartition: (accountId: string) => `USERDATA#${accountId}`,
  channelPartition: (teamId: string, channelId: string) => `CHANNEL#${teamId}#${channelId}`,
  alias: (teamId: string, channelId: string, name: string) => ({ pk: `CHANNEL#${teamId}#${channelId}`, sk: `ALIAS#${name.toLowerCase()}` }),
  aliasCount: (teamId: string, channelId: string) => ({ pk: `CHANNEL#${teamId}#${channelId}`, sk: "ALIASCOUNT" }),
  confirmation: (id: string) => ({ pk: `CONFIRMATION#${id}`, sk: "CONFIRMATION" }),
  slackEvent: (eventId: string) => ({ pk: `SLACKEVENT#${eventId}`, sk: "EVENT" }),
} as const;

export const CONFIG_SORT_PREFIX = "CONFIG#";
export const ALIAS_SORT_PREFIX = "ALIAS#";
