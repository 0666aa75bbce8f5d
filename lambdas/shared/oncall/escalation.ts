import type { EscalationStep } from "../config/on-call";
import type { ChannelConfigRecord } from "../store/channel-configs";

/**
 * A channel's escalation steps: those of its first configuration by name that has any (the same
 * rule commands use to pick a channel's configuration when several share it).
 */
export function escalationOf(configs: readonly ChannelConfigRecord[]): readonly EscalationStep[] {
  const withSteps = [...configs].sort((a, b) => a.name.localeCompare(b.name)).find((config) => (config.onCall?.escalation?.steps.length ?? 0) > 0);
  return withSteps?.onCall?.escalation?.steps ?? [];
}
