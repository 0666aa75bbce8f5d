import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import type { SlackWebApi, StoredMessage } from "../stand-ins/slack-web-api";
import type { Endpoints } from "./endpoints";
import type { LocalGuardrail } from "./guardrails";
import type { ChannelBacklog, LocalBacklogs } from "./backlogs";
import type { LocalOpenAlarms } from "./open-alarms";
import type { LocalPrivacy, PrivacySnapshot } from "./privacy";
import type { InvocationLog, InvocationRecord } from "./lambda/invocation-log";
import type { ConversationEntry, Conversations } from "./slack/conversations";
import type { TopicCatalog } from "./topics";

/** The live parts of a running runtime that the page, /api/state and `herald status` read. */
export interface RuntimeView {
  readonly config: HeraldConfig;
  readonly configPath: string;
  readonly topics: TopicCatalog;
  readonly endpoints: Endpoints;
  readonly slack: SlackWebApi;
  /** Undefined: the local sink receives the messages; else the user's SLACK_API_URL. */
  readonly slackApiUrl?: string;
  readonly invocations: InvocationLog;
  /** Slash commands, button clicks and their answers (immediate and on response_url). */
  readonly conversations: Conversations;
  readonly guardrails: readonly LocalGuardrail[];
  readonly startedAt: number;
  readonly dynamoDbEndpoint: string;
  /** The "Share user data" setting and its erasure receipts. */
  readonly privacy: Pick<LocalPrivacy, "snapshot" | "version">;
  /** Each channel's backlog (storm control), as the forwarders' records say. */
  readonly backlogs: Pick<LocalBacklogs, "snapshot" | "version">;
  /** Open alarm lifecycles (acknowledged or not), every channel and Region. */
  readonly openAlarms?: Pick<LocalOpenAlarms, "snapshot">;
}

export interface ChannelView {
  readonly teamId?: string;
  readonly channelId: string;
  readonly configurations: readonly string[];
  readonly messages: readonly StoredMessage[];
  /** Commands typed in the channel, clicks, and the answers they got (ephemeral ones included). */
  readonly conversation: readonly ConversationEntry[];
  /** What waits to be posted to the channel, per Region (nothing listed: nothing waits). */
  readonly backlog: readonly ChannelBacklog[];
}

/** Changes whenever a message or an invocation changes, so the page knows when to refresh. */
export function stateVersion(view: RuntimeView): string {
  return `${view.slack.calls.length}.${view.invocations.version}.${view.conversations.version}.${view.privacy.version}.${view.backlogs.version}`;
}

/** Configured channels first (in config order), then any other channel something posted to. */
export function channelViews(view: RuntimeView): ChannelView[] {
  const channels = new Map<string, ChannelView>();
  for (const channel of view.config.channels) {
    const known = channels.get(channel.channelId);
    channels.set(channel.channelId, {
      teamId: channel.teamId,
      channelId: channel.channelId,
      configurations: [...(known?.configurations ?? []), channel.name],
      messages: [],
      conversation: [],
      backlog: [],
    });
  }
  const others = [...view.slack.allMessages().map((message) => message.channel), ...view.conversations.channelIds()];
  for (const channelId of others) {
    if (!channels.has(channelId)) channels.set(channelId, { channelId, configurations: [], messages: [], conversation: [], backlog: [] });
  }
  return [...channels.values()].map((channel) => ({
    ...channel,
    messages: view.slack.channelMessages(channel.channelId),
    conversation: view.conversations.channelEntries(channel.channelId),
    backlog: view.backlogs.snapshot().filter((backlog) => backlog.channelId === channel.channelId && (channel.teamId === undefined || backlog.teamId === channel.teamId)),
  }));
}

/** The setting, who changed it and when, and the latest erasure's receipts per Region. */
export function privacyState(snapshot: PrivacySnapshot) {
  const { setting, latest } = snapshot;
  return {
    shareUserData: setting.shareUserData,
    version: setting.version,
    changedBy: setting.changedBy,
    changedAt: setting.changedAt,
    actingAs: snapshot.actingAs,
    notifyChannel: snapshot.notifyPlace.channelId,
    latestRequest: latest && {
      requestId: latest.request.requestId,
      shareUserData: latest.request.change.shareUserData,
      status: latest.request.status,
      requestedAt: latest.request.createdAt,
      completedAt: latest.request.completedAt,
      notifiedAt: latest.request.notifiedAt,
      receipts: [...latest.receipts].sort((a, b) => a.region.localeCompare(b.region))
        .map(({ region, status, itemsDeleted, outboxItemsErased, attempts, startedAt, endedAt, restorableUntil, lastError }) => ({ region, status, itemsDeleted, outboxItemsErased, attempts, startedAt, endedAt, restorableUntil, lastError })),
    },
  };
}

export type PrivacyState = ReturnType<typeof privacyState>;

/** The JSON behind `GET /api/state`. */
export function runtimeState(view: RuntimeView) {
  const { config } = view;
  return {
    version: stateVersion(view),
    startedAt: new Date(view.startedAt).toISOString(),
    configPath: view.configPath,
    endpoints: view.endpoints,
    slack: view.slackApiUrl ? { sink: "external", url: view.slackApiUrl } : { sink: "local", url: view.endpoints.slackWebApi },
    dynamoDbLocal: view.dynamoDbEndpoint,
    openAlarms: view.openAlarms?.snapshot() ?? [],
    accountId: view.topics.accountId,
    homeRegion: config.account.homeRegion,
    regions: config.account.regions.map((region) => ({
      region,
      home: region === config.account.homeRegion,
      topics: view.topics.topics.filter((t) => t.region === region).map(({ name, displayName, arn }) => ({ name, displayName, arn })),
    })),
    configurations: config.channels.map((c) => ({
      name: c.name,
      teamId: c.teamId,
      channelId: c.channelId,
      topics: c.topics,
      iamRoleArn: c.iamRoleArn,
      guardrailPolicyArns: c.guardrailPolicyArns,
      loggingLevel: c.loggingLevel,
      userRoleRequired: c.userRoleRequired,
    })),
    admins: config.account.admins,
    guardrails: view.guardrails.map(({ arn, name, origin, note, channels }) => ({ arn, name, origin, note, channels })),
    privacy: privacyState(view.privacy.snapshot()),
    channels: channelViews(view),
    invocations: view.invocations.list().map(invocationJson),
  };
}

export type RuntimeState = ReturnType<typeof runtimeState>;

function invocationJson(record: InvocationRecord) {
  return {
    ...record,
    receivedAt: new Date(record.receivedAt).toISOString(),
    nextAttemptAt: record.nextAttemptAt ? new Date(record.nextAttemptAt).toISOString() : undefined,
    attempts: record.attempts.map((a) => ({ ...a, startedAt: new Date(a.startedAt).toISOString() })),
  };
}
