import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { isConditionFailure, unlessConditionFails } from "./conditional";
import type { StoreContext } from "./context";
import { isNumber, isObject, isText, type Item, optional, requireShape } from "./item-guards";
import { ALARM_LIFECYCLE_SORT_PREFIX, keys, ON_CALL_TIMER_PARTITION, SNOOZE_SORT_PREFIX, USER_DATA_SORT_KINDS } from "./keys";
import { queryAll } from "./pages";
import type { TableAction } from "./table-actions";

/**
 * On-call state of one Region's table: each alarm's lifecycle in a channel (opened, acknowledged,
 * resolved, escalation steps sent), the channel's snoozes (what is muted until when, how much was
 * muted) and the timers the scheduled check acts on. None of it names a member: who acknowledged
 * or snoozed is user data, written through lambdas/shared/privacy (an interaction item) and read
 * back here by its key only (`attribution`), so an opt-out erases it with the rest.
 */

export const ON_CALL_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"];

export interface OnCallChannel {
  readonly teamId: string;
  readonly channelId: string;
}

export type LifecycleStatus = "open" | "acknowledged" | "resolved";

export interface AlarmLifecycle extends OnCallChannel {
  readonly threadKey: string;
  /** The alarm's name as its notification titles it (an AWS resource name, not content a member wrote). */
  readonly title: string;
  readonly region: string;
  readonly status: LifecycleStatus;
  /** The thread's parent (chat message id). */
  readonly parentId: string;
  readonly botTokenSecretName: string;
  /** Epoch ms of the first ALARM post. */
  readonly openedAt: number;
  readonly acknowledgedAt?: number;
  readonly resolvedAt?: number;
  /** Escalation steps already mentioned. */
  readonly stepsDone: number;
  /** The sort key of the pending escalation timer, if any. */
  readonly timer?: string;
}

export type SnoozeScope = { readonly kind: "alarm" | "source"; readonly key: string; readonly label: string };

export interface Snooze extends OnCallChannel {
  readonly id: string;
  readonly scope: SnoozeScope;
  readonly region: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly until: number;
  readonly botTokenSecretName: string;
  /** The thread the snooze was set in (its notice and summary go there). */
  readonly threadId?: string;
  readonly mutedCount: number;
  readonly lastMutedAt?: number;
  readonly lastMutedTitle?: string;
  readonly timer: string;
}

export type TimerKind = "escalation" | "snooze-end";

export interface OnCallTimer extends OnCallChannel {
  readonly sk: string;
  readonly kind: TimerKind;
  readonly dueAt: number;
  /** The lifecycle's thread key (escalation) or the snooze id (snooze-end). */
  readonly ref: string;
  /** The escalation step this timer sends (escalation). */
  readonly step?: number;
}

/** Lifecycles and snoozes live 7 days, and a day past a snooze's end, after their last change. */
const LIFECYCLE_TTL_SECONDS = 7 * 86_400;
const SNOOZE_TTL_AFTER_END_SECONDS = 86_400;
/** Muted message ids are kept to count each SNS message once; past this many, counting goes on without the guard. */
const MAX_MUTED_IDS = 500;

export function createOnCallStore(context: StoreContext) {
  const { doc, tableName, now } = context;
  const lifecycleTtl = () => Math.floor(now() / 1000) + LIFECYCLE_TTL_SECONDS;

  /** Records a newly opened lifecycle; false when this SNS message opened it before (a redelivery). */
  async function open(lifecycle: Omit<AlarmLifecycle, "status" | "stepsDone" | "acknowledgedAt" | "resolvedAt">, openedBy: string): Promise<boolean> {
    return unlessConditionFails(() => doc.send(new PutCommand({
      TableName: tableName,
      Item: { ...keys.alarmLifecycle(lifecycle.teamId, lifecycle.channelId, lifecycle.threadKey), entity: "alarm-lifecycle", ...lifecycle, status: "open", stepsDone: 0, openedBy, expiresAt: lifecycleTtl() },
      ConditionExpression: "attribute_not_exists(pk) OR openedBy <> :openedBy",
      ExpressionAttributeValues: { ":openedBy": openedBy },
    })));
  }

  async function lifecycle(channel: OnCallChannel, threadKey: string): Promise<AlarmLifecycle | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.alarmLifecycle(channel.teamId, channel.channelId, threadKey), ConsistentRead: true }));
    return Item === undefined ? undefined : lifecycleOf(Item);
  }

  /**
   * Takes an open alarm: the lifecycle as acknowledged, or the one that stood in the way (already
   * acknowledged or resolved). A lifecycle Herald did not record (posted before on-call existed) is
   * created from `fallback`.
   */
  async function acknowledge(channel: OnCallChannel, threadKey: string, at: number, fallback: Omit<AlarmLifecycle, "status" | "stepsDone" | "teamId" | "channelId" | "threadKey">): Promise<{ readonly taken: boolean; readonly lifecycle: AlarmLifecycle }> {
    try {
      const { Attributes } = await doc.send(new UpdateCommand({
        TableName: tableName,
        Key: keys.alarmLifecycle(channel.teamId, channel.channelId, threadKey),
        UpdateExpression: "SET #status = :acknowledged, acknowledgedAt = :at, expiresAt = :expiresAt, entity = :entity, teamId = :teamId, channelId = :channelId, threadKey = :threadKey, "
          + "#title = if_not_exists(#title, :title), #region = if_not_exists(#region, :region), parentId = if_not_exists(parentId, :parentId), "
          + "botTokenSecretName = if_not_exists(botTokenSecretName, :secret), openedAt = if_not_exists(openedAt, :openedAt), stepsDone = if_not_exists(stepsDone, :zero)",
        ConditionExpression: "attribute_not_exists(pk) OR #status = :open",
        ExpressionAttributeNames: { "#status": "status", "#title": "title", "#region": "region" },
        ExpressionAttributeValues: {
          ":acknowledged": "acknowledged", ":open": "open", ":at": at, ":expiresAt": lifecycleTtl(), ":entity": "alarm-lifecycle", ":teamId": channel.teamId, ":channelId": channel.channelId,
          ":threadKey": threadKey, ":title": fallback.title, ":region": fallback.region, ":parentId": fallback.parentId, ":secret": fallback.botTokenSecretName, ":openedAt": fallback.openedAt, ":zero": 0,
        },
        ReturnValues: "ALL_NEW",
      }));
      return { taken: true, lifecycle: lifecycleOf(Attributes ?? {}) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await lifecycle(channel, threadKey);
      if (current === undefined) throw error;
      return { taken: false, lifecycle: current };
    }
  }

  /** Closes an open or acknowledged lifecycle (the OK state): the lifecycle as resolved, once; undefined when there was none to close. */
  async function resolve(channel: OnCallChannel, threadKey: string, at: number): Promise<AlarmLifecycle | undefined> {
    try {
      const { Attributes } = await doc.send(new UpdateCommand({
        TableName: tableName,
        Key: keys.alarmLifecycle(channel.teamId, channel.channelId, threadKey),
        UpdateExpression: "SET #status = :resolved, resolvedAt = :at, expiresAt = :expiresAt",
        ConditionExpression: "#status IN (:open, :acknowledged)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":resolved": "resolved", ":open": "open", ":acknowledged": "acknowledged", ":at": at, ":expiresAt": lifecycleTtl() },
        ReturnValues: "ALL_NEW",
      }));
      return lifecycleOf(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Claims escalation step `step` of a still open lifecycle: true once, for whoever sends it; `timer` is the next step's timer. */
  async function claimStep(channel: OnCallChannel, threadKey: string, step: number, timer: string | undefined): Promise<boolean> {
    return unlessConditionFails(() => doc.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.alarmLifecycle(channel.teamId, channel.channelId, threadKey),
      UpdateExpression: timer === undefined ? "SET stepsDone = :next REMOVE #timer" : "SET stepsDone = :next, #timer = :timer",
      ConditionExpression: "#status = :open AND stepsDone = :step",
      ExpressionAttributeNames: { "#status": "status", "#timer": "timer" },
      ExpressionAttributeValues: { ":open": "open", ":step": step, ":next": step + 1, ...(timer === undefined ? {} : { ":timer": timer }) },
    })));
  }

  /** A channel's lifecycles and snoozes, one Query. */
  async function channelState(channel: OnCallChannel): Promise<{ readonly lifecycles: AlarmLifecycle[]; readonly snoozes: Snooze[] }> {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.onCallPartition(channel.teamId, channel.channelId) },
      ConsistentRead: true,
    });
    return {
      lifecycles: items.filter((item) => String(item.sk).startsWith(ALARM_LIFECYCLE_SORT_PREFIX)).map(lifecycleOf),
      snoozes: items.filter((item) => String(item.sk).startsWith(SNOOZE_SORT_PREFIX)).map(snoozeOf),
    };
  }

  async function snoozesOf(channel: OnCallChannel): Promise<Snooze[]> {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": keys.onCallPartition(channel.teamId, channel.channelId), ":prefix": SNOOZE_SORT_PREFIX },
      ConsistentRead: true,
    });
    return items.map(snoozeOf);
  }

  async function createSnooze(snooze: Omit<Snooze, "mutedCount" | "lastMutedAt" | "lastMutedTitle">): Promise<void> {
    await doc.send(new PutCommand({
      TableName: tableName,
      Item: { ...keys.snooze(snooze.teamId, snooze.channelId, snooze.id), entity: "snooze", ...snooze, mutedCount: 0, expiresAt: Math.floor(snooze.until / 1000) + SNOOZE_TTL_AFTER_END_SECONDS },
      ConditionExpression: "attribute_not_exists(pk)",
    }));
  }

  /**
   * Whether a notification matching one of `scopeKeys` is muted in the channel now; when it is, it
   * is counted on its snooze (once per SNS message, whatever the redeliveries).
   */
  async function muteIfSnoozed(channel: OnCallChannel, scopeKeys: readonly string[], messageId: string, title: string): Promise<boolean> {
    const at = now();
    const snooze = (await snoozesOf(channel)).find((candidate) => candidate.until > at && scopeKeys.includes(candidate.scope.key));
    if (snooze === undefined) return false;
    const key = keys.snooze(channel.teamId, channel.channelId, snooze.id);
    await unlessConditionFails(() => doc.send(new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: snooze.mutedCount < MAX_MUTED_IDS ? "ADD mutedCount :one, mutedIds :ids SET lastMutedAt = :at, lastMutedTitle = :title" : "ADD mutedCount :one SET lastMutedAt = :at, lastMutedTitle = :title",
      ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(mutedIds) OR NOT contains(mutedIds, :id))",
      ExpressionAttributeValues: { ":one": 1, ":at": at, ":title": title, ":id": messageId, ...(snooze.mutedCount < MAX_MUTED_IDS ? { ":ids": new Set([messageId]) } : {}) },
    })));
    return true;
  }

  /** Ends a snooze (expired or lifted): the snooze as it was, for its summary — to exactly one caller. */
  async function endSnooze(channel: OnCallChannel, id: string): Promise<Snooze | undefined> {
    try {
      const { Attributes } = await doc.send(new DeleteCommand({
        TableName: tableName,
        Key: keys.snooze(channel.teamId, channel.channelId, id),
        ConditionExpression: "attribute_exists(pk)",
        ReturnValues: "ALL_OLD",
      }));
      return Attributes === undefined ? undefined : snoozeOf(Attributes);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Schedules a timer; returns its sort key (to cancel it). */
  async function schedule(timer: Omit<OnCallTimer, "sk">): Promise<string> {
    const { sk } = keys.onCallTimer(new Date(timer.dueAt).toISOString(), timer.kind, `${timer.teamId}#${timer.channelId}#${timer.ref}`);
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: ON_CALL_TIMER_PARTITION, sk, entity: "on-call-timer", ...timer, expiresAt: Math.floor(timer.dueAt / 1000) + LIFECYCLE_TTL_SECONDS } }));
    return sk;
  }

  /** Timers due at `at` or before, oldest first. */
  async function dueTimers(at: number): Promise<OnCallTimer[]> {
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND sk <= :upTo",
      // "~" sorts after every character of a timer's key: everything due at this millisecond or before.
      ExpressionAttributeValues: { ":pk": ON_CALL_TIMER_PARTITION, ":upTo": `${new Date(at).toISOString()}~` },
      ConsistentRead: true,
    });
    return items.map(timerOf);
  }

  /** Removes a timer: true for the one caller that removed it (who then acts on it). */
  async function takeTimer(sk: string): Promise<boolean> {
    return unlessConditionFails(() => doc.send(new DeleteCommand({ TableName: tableName, Key: { pk: ON_CALL_TIMER_PARTITION, sk }, ConditionExpression: "attribute_exists(pk)" })));
  }

  /**
   * Who did it, from the user-data interaction item written when they did (`at`: its ISO time,
   * `id`: its id); undefined when it was not kept (sharing off) or has been erased.
   */
  async function attribution(accountId: string, channel: OnCallChannel, at: string, id: string): Promise<string | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.userData(accountId, USER_DATA_SORT_KINDS.interaction, channel.teamId, channel.channelId, at, id) }));
    const data = Item?.data;
    return isObject(data) && isText(data.userId) ? data.userId : undefined;
  }

  return { open, lifecycle, acknowledge, resolve, claimStep, channelState, snoozesOf, createSnooze, muteIfSnoozed, endSnooze, schedule, dueTimers, takeTimer, attribution };
}

export type OnCallStore = ReturnType<typeof createOnCallStore>;

function lifecycleOf(item: Item): AlarmLifecycle {
  requireShape(item, "alarm-lifecycle", {
    teamId: isText, channelId: isText, threadKey: isText, title: isText, region: isText, status: (value) => value === "open" || value === "acknowledged" || value === "resolved",
    parentId: isText, botTokenSecretName: isText, openedAt: isNumber, stepsDone: isNumber, acknowledgedAt: optional(isNumber), resolvedAt: optional(isNumber), timer: optional(isText),
  });
  const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, openedBy: _openedBy, ...lifecycle } = item;
  return lifecycle as unknown as AlarmLifecycle;
}

function snoozeOf(item: Item): Snooze {
  requireShape(item, "snooze", {
    teamId: isText, channelId: isText, id: isText, scope: isObject, region: isText, createdAt: isNumber, until: isNumber, botTokenSecretName: isText,
    threadId: optional(isText), mutedCount: isNumber, lastMutedAt: optional(isNumber), lastMutedTitle: optional(isText), timer: isText,
  });
  const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, mutedIds: _mutedIds, ...snooze } = item;
  return snooze as unknown as Snooze;
}

function timerOf(item: Item): OnCallTimer {
  requireShape(item, "on-call-timer", { sk: isText, teamId: isText, channelId: isText, kind: (value) => value === "escalation" || value === "snooze-end", dueAt: isNumber, ref: isText, step: optional(isNumber) });
  const { pk: _pk, entity: _entity, expiresAt: _expiresAt, ...timer } = item;
  return timer as unknown as OnCallTimer;
}
