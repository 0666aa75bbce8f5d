import { createHash } from "node:crypto";

/**
 * The single table's key design. Every item has `pk` and `sk` (strings) and an `entity` name;
 * items that expire carry `expiresAt` (epoch seconds, the table's TTL attribute).
 *
 * | entity          | pk                              | sk                        | access pattern                          |
 * |-----------------|---------------------------------|---------------------------|-----------------------------------------|
 * | channel-config  | TOPIC#<topicArn>                | CONFIG#<name>             | all configs for a topic: one Query      |
 * | channel-config  | CHANNEL#<teamId>#<channelId>    | CONFIG#<name>             | configs governing a Slack channel       |
 * | config-version  | CONFIG                          | VERSION                   | a digest of the synced configs: caches see a change |
 * | delivery        | DELIVERY#<snsMessageId>         | CHANNEL#<teamId>#<chan>   | exactly once per (message, channel)     |
 * | outbox          | OUTBOX#<teamId>#<channelId>     | <SNS timestamp>#<msgId>   | a channel's backlog, oldest first       |
 * | drain-lease     | DRAIN                           | <teamId>#<channelId>      | one drainer per channel; every channel: one Query |
 * | thread-anchor   | THREAD#<teamId>#<channelId>     | ANCHOR#<sha256 of the thread key, base64url> | a conversation's parent message in a channel (TTL 3 days after its last change) |
 * | privacy         | ACCOUNT#<accountId>             | PRIVACY                   | the account's "Share user data" setting |
 * | user-data       | USERDATA#<accountId>            | <KIND>#<team>#<chan>#<isoTime>#<id> | all user data of an account: one Query; a channel's items of one kind, newest first |
 * | erasure-request | ERASURE#<accountId>             | REQUEST#<version, 10 digits> | the privacy changes to apply in every Region (home table only) |
 * | erasure-receipt | ERASURE#<accountId>             | RECEIPT#<version>#<region> | one per (request, Region): counts, times, status (home table only) |
 * | alias           | CHANNEL#<teamId>#<channelId>    | ALIAS#<lower-case name>   | a channel's aliases: one Query          |
 * | alias-count     | CHANNEL#<teamId>#<channelId>    | ALIASCOUNT                | the 100-alias limit, race-free          |
 * | confirmation    | CONFIRMATION#<id>               | CONFIRMATION              | a mutating command's button (TTL 15 m)  |
 * | slack-event     | SLACKEVENT#<eventId>            | EVENT                     | Events API retries seen once (TTL 1 h)  |
 * | signed-request  | SIGNED#<sha256 of timestamp:signature> | REQUEST            | each signed request effective once (TTL past the signature's window) |
 * | alarm-lifecycle | ONCALL#<teamId>#<channelId>     | ALARM#<sha256 of the thread key, base64url> | an alarm's lifecycle in a channel (ack, resolve, escalation): one Query lists a channel's (TTL 7 days after its last change) |
 * | snooze          | ONCALL#<teamId>#<channelId>     | SNOOZE#<id>               | a channel's mutes: read with the channel's lifecycles (TTL a day after the end) |
 * | on-call-timer   | ONCALLTIMER                     | <due ISO time>#<kind>#<ref> | escalation steps and snooze ends that are due: one Query up to now |
 *
 * Thread keys name alarms, stacks or findings: the anchor's sort key holds only their digest.
 *
 * User data (lambdas/shared/privacy/user-data.ts) is the only entity the privacy erasure deletes:
 * `<KIND>` is NOTIFICATION, INPUT, RESPONSE, INTERACTION or CONVERSATION, so `INPUT#<team>#<chan>#` is a
 * channel's command inputs in time order (`/aws history`, suggestions). A CONVERSATION item is one
 * exchange of a question's thread: its time is the thread's start and its id starts with the
 * thread's id, so `CONVERSATION#<team>#<chan>#<thread start>#<thread id>#` is one thread. Each item carries the
 * `privacyVersion` it was written under; privacy records, erasure requests and receipts are not user
 * data and stay after an opt-out. Requests and receipts hold ids, counts and times, never content.
 */

export const TABLE_KEYS = { partitionKey: "pk", sortKey: "sk", ttlAttribute: "expiresAt" } as const;

export const keys = {
  topicConfig: (topicArn: string, name: string) => ({ pk: `TOPIC#${topicArn}`, sk: `CONFIG#${name}` }),
  topicPartition: (topicArn: string) => `TOPIC#${topicArn}`,
  channelConfig: (teamId: string, channelId: string, name: string) => ({ pk: `CHANNEL#${teamId}#${channelId}`, sk: `CONFIG#${name}` }),
  configVersion: () => ({ pk: "CONFIG", sk: "VERSION" }),
  delivery: (messageId: string, teamId: string, channelId: string) => ({ pk: `DELIVERY#${messageId}`, sk: `CHANNEL#${teamId}#${channelId}` }),
  outboxPartition: (teamId: string, channelId: string) => `OUTBOX#${teamId}#${channelId}`,
  outbox: (teamId: string, channelId: string, snsTimestamp: string, messageId: string) => ({ pk: `OUTBOX#${teamId}#${channelId}`, sk: `${snsTimestamp}#${messageId}` }),
  drainLease: (teamId: string, channelId: string) => ({ pk: DRAIN_PARTITION, sk: `${teamId}#${channelId}` }),
  threadAnchor: (teamId: string, channelId: string, threadKey: string) => ({
    pk: `THREAD#${teamId}#${channelId}`,
    sk: `ANCHOR#${createHash("sha256").update(threadKey).digest("base64url")}`,
  }),
  privacy: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: "PRIVACY" }),
  userDataPartition: (accountId: string) => `USERDATA#${accountId}`,
  userData: (accountId: string, kind: UserDataSortKind, teamId: string, channelId: string, isoTime: string, id: string) => ({
    pk: `USERDATA#${accountId}`,
    sk: `${kind}#${teamId}#${channelId}#${isoTime}#${id}`,
  }),
  /** Sort-key prefix of one channel's user data of one kind (begins_with, newest first with ScanIndexForward false). */
  userDataChannelPrefix: (kind: UserDataSortKind, teamId: string, channelId: string) => `${kind}#${teamId}#${channelId}#`,
  erasurePartition: (accountId: string) => `ERASURE#${accountId}`,
  erasureRequest: (accountId: string, version: number) => ({ pk: `ERASURE#${accountId}`, sk: `${ERASURE_REQUEST_SORT_PREFIX}${paddedVersion(version)}` }),
  erasureReceipt: (accountId: string, version: number, region: string) => ({ pk: `ERASURE#${accountId}`, sk: `${erasureReceiptPrefix(version)}${region}` }),
  channelPartition: (teamId: string, channelId: string) => `CHANNEL#${teamId}#${channelId}`,
  alias: (teamId: string, channelId: string, name: string) => ({ pk: `CHANNEL#${teamId}#${channelId}`, sk: `ALIAS#${name.toLowerCase()}` }),
  aliasCount: (teamId: string, channelId: string) => ({ pk: `CHANNEL#${teamId}#${channelId}`, sk: "ALIASCOUNT" }),
  confirmation: (id: string) => ({ pk: `CONFIRMATION#${id}`, sk: "CONFIRMATION" }),
  slackEvent: (eventId: string) => ({ pk: `SLACKEVENT#${eventId}`, sk: "EVENT" }),
  signedRequest: (digest: string) => ({ pk: `SIGNED#${digest}`, sk: "REQUEST" }),
  onCallPartition: (teamId: string, channelId: string) => `ONCALL#${teamId}#${channelId}`,
  alarmLifecycle: (teamId: string, channelId: string, threadKey: string) => ({
    pk: `ONCALL#${teamId}#${channelId}`,
    sk: `${ALARM_LIFECYCLE_SORT_PREFIX}${createHash("sha256").update(threadKey).digest("base64url")}`,
  }),
  snooze: (teamId: string, channelId: string, id: string) => ({ pk: `ONCALL#${teamId}#${channelId}`, sk: `${SNOOZE_SORT_PREFIX}${id}` }),
  onCallTimer: (dueAt: string, kind: string, ref: string) => ({ pk: ON_CALL_TIMER_PARTITION, sk: `${dueAt}#${kind}#${ref}` }),
} as const;

export const CONFIG_SORT_PREFIX = "CONFIG#";
/** The one partition holding every channel's drain lease, so a sweep lists them with one Query. */
export const DRAIN_PARTITION = "DRAIN";
export const ALIAS_SORT_PREFIX = "ALIAS#";
export const ALARM_LIFECYCLE_SORT_PREFIX = "ALARM#";
export const SNOOZE_SORT_PREFIX = "SNOOZE#";
/** The one partition of due on-call timers, so the scheduled check finds them with one Query. */
export const ON_CALL_TIMER_PARTITION = "ONCALLTIMER";

/** The sort-key word of each user-data kind. */
export const USER_DATA_SORT_KINDS = { notification: "NOTIFICATION", "user-input": "INPUT", response: "RESPONSE", interaction: "INTERACTION", conversation: "CONVERSATION" } as const;
export type UserDataSortKind = (typeof USER_DATA_SORT_KINDS)[keyof typeof USER_DATA_SORT_KINDS];

export const ERASURE_REQUEST_SORT_PREFIX = "REQUEST#";
/** Receipts of one request: `RECEIPT#<version>#`, then the Region. */
export const erasureReceiptPrefix = (version: number) => `RECEIPT#${paddedVersion(version)}#`;

/** Versions sort as strings in keys: zero-padded to 10 digits. */
function paddedVersion(version: number): string {
  return String(version).padStart(10, "0");
}
