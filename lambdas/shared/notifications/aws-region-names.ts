/**
 * CloudWatch alarm notifications carry the Region as a display name ("US East (N. Virginia)"),
 * and older ones in a legacy form ("US - N. Virginia"). This maps both back to Region codes for
 * alarms whose message has no AlarmArn to read the Region from.
 */

const REGION_CODE_BY_DISPLAY_NAME: Readonly<Record<string, string>> = {
  "US East (N. Virginia)": "us-east-1",
  "US East (Ohio)": "us-east-2",
  "US West (N. California)": "us-west-1",
  "US West (Oregon)": "us-west-2",
  "Africa (Cape Town)": "af-south-1",
  "Asia Pacific (Hong Kong)": "ap-east-1",
  "Asia Pacific (Taipei)": "ap-east-2",
  "Asia Pacific (Tokyo)": "ap-northeast-1",
  "Asia Pacific (Seoul)": "ap-northeast-2",
  "Asia Pacific (Osaka)": "ap-northeast-3",
  "Asia Pacific (Mumbai)": "ap-south-1",
  "Asia Pacific (Hyderabad)": "ap-south-2",
  "Asia Pacific (Singapore)": "ap-southeast-1",
  "Asia Pacific (Sydney)": "ap-southeast-2",
  "Asia Pacific (Jakarta)": "ap-southeast-3",
  "Asia Pacific (Melbourne)": "ap-southeast-4",
  "Asia Pacific (Malaysia)": "ap-southeast-5",
  "Asia Pacific (New Zealand)": "ap-southeast-6",
  "Asia Pacific (Thailand)": "ap-southeast-7",
  "Canada (Central)": "ca-central-1",
  "Canada West (Calgary)": "ca-west-1",
  "China (Beijing)": "cn-north-1",
  "China (Ningxia)": "cn-northwest-1",
  "EU (Frankfurt)": "eu-central-1",
  "EU (Zurich)": "eu-central-2",
  "EU (Stockholm)": "eu-north-1",
  "EU (Milan)": "eu-south-1",
  "EU (Spain)": "eu-south-2",
  "EU (Ireland)": "eu-west-1",
  "EU (London)": "eu-west-2",
  "EU (Paris)": "eu-west-3",
  "Israel (Tel Aviv)": "il-central-1",
  "Mexico (Central)": "mx-central-1",
  "Middle East (UAE)": "me-central-1",
  "Middle East (Bahrain)": "me-south-1",
  "South America (Sao Paulo)": "sa-east-1",
  "AWS GovCloud (US-East)": "us-gov-east-1",
  "AWS GovCloud (US-West)": "us-gov-west-1",
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

const REGION_CODE_BY_NORMALISED_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(REGION_CODE_BY_DISPLAY_NAME).map(([name, code]) => [normalise(name), code]),
);

/** The Region code for a display name, or undefined when the name is not known. */
export function regionCodeFromDisplayName(displayName: string): string | undefined {
  if (displayName.length > 100) return undefined;
  return REGION_CODE_BY_NORMALISED_NAME.get(normalise(displayName));
}

/** The name CloudWatch gives a Region in its alarm messages ("US East (N. Virginia)"), or undefined. */
export function regionDisplayName(code: string): string | undefined {
  // The first name listed for a code is the current one; legacy names come after.
  return Object.entries(REGION_CODE_BY_DISPLAY_NAME).find(([, listed]) => listed === code)?.[0];
}
