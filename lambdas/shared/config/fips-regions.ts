/**
 * Where AWS has FIPS endpoints for the services Herald's functions call. The SDK builds a
 * `<service>-fips.<region>` host name for any Region of a partition that supports FIPS, but most of
 * those names do not exist: outside the US, Canada and GovCloud a FIPS-only Herald could not reach
 * its own table. Sources: the AWS General Reference endpoint tables (DynamoDB, Secrets Manager,
 * STS) and the AWS SDKs' endpoint data (Lambda: us-east-1/2, us-west-1/2 and GovCloud only).
 * Update when AWS adds FIPS endpoints; the config check and test/security/fips.test.ts use this table.
 */
const US = ["us-east-1", "us-east-2", "us-west-1", "us-west-2"];
const GOVCLOUD = ["us-gov-east-1", "us-gov-west-1"];
const CANADA = ["ca-central-1", "ca-west-1"];

export const FIPS_REGIONS_BY_SERVICE = {
  dynamodb: [...US, ...CANADA, ...GOVCLOUD],
  secretsmanager: [...US, ...CANADA, ...GOVCLOUD],
  sts: [...US, ...GOVCLOUD],
  lambda: [...US, ...GOVCLOUD],
} as const satisfies Record<string, readonly string[]>;

export type FipsService = keyof typeof FIPS_REGIONS_BY_SERVICE;

/**
 * What Herald calls in each kind of Region: every Region's functions use that Region's table; the
 * home Region's also read the Slack secrets, hand jobs to the worker and let the erasure function
 * continue itself (Lambda), and assume channel roles (STS). IAM's FIPS endpoint is global.
 */
export const FIPS_SERVICES_IN = {
  home: ["dynamodb", "secretsmanager", "lambda", "sts"],
  other: ["dynamodb"],
} as const satisfies Record<string, readonly FipsService[]>;

/** The services Herald would call in `region` that have no FIPS endpoint there. */
export function servicesWithoutFips(region: string, isHome: boolean): FipsService[] {
  return FIPS_SERVICES_IN[isHome ? "home" : "other"].filter((service) => !(FIPS_REGIONS_BY_SERVICE[service] as readonly string[]).includes(region));
}
