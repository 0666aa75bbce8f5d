/**
 * CloudWatch alarm notifications carry the Region as a display name ("US East (N. Virginia)"),
 * and older ones in a legacy form ("US - N. Virginia"). This maps both back to Region codes for
 * alarms whose message has no AlarmArn to read the Region from.
 */
import { AWS_REGIONS, awsRegion } from "../aws/regions";

/** Names that are not a Region's current name (lambdas/shared/aws/regions.ts holds those). */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  "AWS GovCloud (US)": "us-gov-west-1",
  // Legacy names seen in older alarm notifications.
  "US - N. Virginia": "us-east-1",
  "US - Ohio": "us-east-2",
  "US - N. California": "us-west-1",
  "US - Oregon": "us-west-2",
  "EU - Ireland": "eu-west-1",
  "EU - Frankfurt": "eu-central-1",
  "Asia Pacific - Tokyo": "ap-northeast-1",
  "Asia Pacific - Singapore": "ap-southeast-1",
  "Asia Pacific - Sydney": "ap-southeast-2",
  "South America - Sao Paulo": "sa-east-1",
};

/** Lowercase letters and digits only, accents removed, "Europe" read as "EU": spelling variants compare equal. */
function normalise(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/^europe\b/, "eu")
    .replace(/[^a-z0-9]/g, "");
}

const REGION_CODE_BY_NORMALISED_NAME: ReadonlyMap<string, string> = new Map([
  ...AWS_REGIONS.map((region): [string, string] => [normalise(region.name), region.code]),
  ...Object.entries(OTHER_NAMES).map(([name, code]): [string, string] => [normalise(name), code]),
]);

/** The Region code for a display name, or undefined when the name is not known. */
export function regionCodeFromDisplayName(displayName: string): string | undefined {
  if (displayName.length > 100) return undefined;
  return REGION_CODE_BY_NORMALISED_NAME.get(normalise(displayName));
}

/** The name CloudWatch gives a Region in its alarm messages ("US East (N. Virginia)"), or undefined. */
export function regionDisplayName(code: string): string | undefined {
  return awsRegion(code)?.name;
}
