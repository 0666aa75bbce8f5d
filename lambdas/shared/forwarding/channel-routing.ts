import type { ChatTarget, Mention } from "../chat/chat-platform";
import type { ChannelFilters, ChannelMentions, LoggingLevel, SeverityLevel } from "../config/schema";
import type { Notification } from "../notifications/model";
import { severityRank } from "../notifications/severity";
import type { ChannelConfigRecord } from "../store/channel-configs";

/**
 * Which channels get a notification and how: each configuration's filters decide whether it
 * sends the notification, configurations sharing a channel send it there once, and the mention
 * Herald adds is the strongest any of them asks for.
 */

/** A channel and the configurations that send this message to it. */
export interface ChannelDelivery {
  readonly target: ChatTarget;
  readonly configurationNames: readonly string[];
  /** The most verbose logging level among those configurations. */
  readonly loggingLevel: LoggingLevel;
  /** The broadcast mention those configurations ask Herald to add, if any. */
  readonly mention?: Mention;
}

export interface Routing {
  readonly deliveries: ChannelDelivery[];
  /** Configurations whose filters kept the notification from their channel. */
  readonly filteredOut: readonly string[];
}

const VERBOSITY: Record<LoggingLevel, number> = { NONE: 0, ERROR: 1, INFO: 2 };
const MENTION_STRENGTH: Record<Mention, number> = { here: 1, channel: 2 };

/** Routes a rendered notification to the channels of the configurations that accept it. */
export function routeNotification(configs: readonly ChannelConfigRecord[], notification: Notification): Routing {
  const accepting = configs.filter((config) => acceptsNotification(config.filters, notification));
  const filteredOut = configs.filter((config) => !accepting.includes(config)).map((config) => config.name);
  return { deliveries: channelDeliveries(accepting, notification), filteredOut };
}

/** Groups configurations by channel, so a channel gets one post however many configurations name it. */
export function channelDeliveries(configs: readonly ChannelConfigRecord[], notification?: Notification): ChannelDelivery[] {
  const byChannel = new Map<string, { target: ChatTarget; names: string[]; level: LoggingLevel; mention?: Mention }>();
  for (const config of configs) {
    const key = `${config.teamId}#${config.channelId}`;
    const mention = notification === undefined ? undefined : mentionFor(config.mentions, notification);
    const entry = byChannel.get(key);
    if (entry) {
      entry.names.push(config.name);
      if (VERBOSITY[config.loggingLevel] > VERBOSITY[entry.level]) entry.level = config.loggingLevel;
      entry.mention = strongerMention(entry.mention, mention);
    } else {
      byChannel.set(key, {
        target: { teamId: config.teamId, channelId: config.channelId, botTokenSecretName: config.botTokenSecretName },
        names: [config.name],
        level: config.loggingLevel,
        mention,
      });
    }
  }
  return [...byChannel.values()].map(({ target, names, level, mention }) => ({
    target,
    configurationNames: names,
    loggingLevel: level,
    ...(mention === undefined ? {} : { mention }),
  }));
}

/**
 * Whether a configuration's filters let a notification through. Event-type entries match its
 * event type or renderer kind. Recoveries ("ok") and notifications of unknown severity pass any
 * minimum severity, so a channel that saw something go wrong also sees it recover.
 */
export function acceptsNotification(filters: ChannelFilters | undefined, notification: Notification): boolean {
  if (filters === undefined) return true;
  const matches = (entries: readonly string[]) => entries.some((entry) => entry === notification.kind || entry === notification.eventType);
  if (filters.includeEventTypes !== undefined && filters.includeEventTypes.length > 0 && !matches(filters.includeEventTypes)) return false;
  if (filters.excludeEventTypes !== undefined && matches(filters.excludeEventTypes)) return false;
  if (filters.minSeverity !== undefined && !["ok", "unknown"].includes(notification.severity)) {
    return atLeast(notification, filters.minSeverity);
  }
  return true;
}

/** The mention a configuration adds to a notification: on alarms going off, and at or above a severity. */
export function mentionFor(mentions: ChannelMentions | undefined, notification: Notification): Mention | undefined {
  if (mentions === undefined) return undefined;
  let mention: Mention | undefined;
  if (notification.alarm === true && mentions.onAlarm !== "none") mention = mentions.onAlarm;
  if (mentions.minSeverity !== undefined && atLeast(notification, mentions.minSeverity)) mention = strongerMention(mention, mentions.onSeverity);
  return mention;
}

function atLeast(notification: Notification, level: SeverityLevel): boolean {
  return severityRank(notification.severity) >= severityRank(level);
}

export function strongerMention(a: Mention | undefined, b: Mention | undefined): Mention | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return MENTION_STRENGTH[b] > MENTION_STRENGTH[a] ? b : a;
}
