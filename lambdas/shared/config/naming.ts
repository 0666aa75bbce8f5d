/** How Herald names what it creates from the config, in one place (CDK, local runtime and tests agree). */

/**
 * The name Herald's fixed-name resources share by default: the table (the same name in every
 * Region, so the erasure fan-out can address each), the key alias and the trail.
 */
export const HERALD_NAME = "herald";

/** The names of one Herald installation's fixed-name resources, derived from one base name. */
export interface HeraldResourceNames {
  /** Every Region's table. */
  readonly tableName: string;
  /** Every Region's key; the home Region's also encrypts the Slack secrets. */
  readonly keyAlias: string;
  /** The home Region's trail (`account.trail.create`). */
  readonly trailName: string;
  /** The erasure function in the home Region (a fixed name, so it may invoke itself). */
  readonly privacyErasureFunctionName: string;
}

/** Herald's resource names for a base name (HERALD_NAME unless an app runs more than one Herald in an account). */
export function heraldResourceNames(base: string = HERALD_NAME): HeraldResourceNames {
  return {
    tableName: base,
    keyAlias: `alias/${base}`,
    trailName: base,
    privacyErasureFunctionName: `${base}-privacy-erasure`,
  };
}

/** The app's stack for a Region (bin/herald.ts): `Herald-<region>`. */
export function heraldStackName(region: string): string {
  return `Herald-${region}`;
}

/** The SNS topic Herald creates in every Region for a config `topics[]` entry. */
export function heraldTopicName(topicName: string): string {
  return `herald-${topicName}`;
}

/** The ARN of that topic in a given Region and account. */
export function heraldTopicArn(topicName: string, region: string, accountId: string, partition = "aws"): string {
  return `arn:${partition}:sns:${region}:${accountId}:${heraldTopicName(topicName)}`;
}
