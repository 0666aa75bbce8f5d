/**
 * The contract between the CDK construct that declares the channel-config custom resource
 * (lib/constructs/channel-config-sync.ts) and the function that applies it (./handler.ts).
 */

export const CHANNEL_CONFIGS_RESOURCE_TYPE = "Custom::HeraldChannelConfigs";

/** The table's channel configs are one logical thing per stack, so the id never changes. */
export const CHANNEL_CONFIGS_PHYSICAL_ID = "herald-channel-configs";

/**
 * CloudFormation hands custom resources every property value as a string (booleans become
 * "true"), so the records travel as one JSON document and keep their types.
 */
export interface ChannelConfigsProperties {
  /** JSON array of ChannelConfigRecord (lambdas/shared/store/channel-configs.ts). */
  readonly Records: string;
  /** Hash of the records as configured, so any config change is an Update that re-syncs. */
  readonly ConfigHash: string;
}
