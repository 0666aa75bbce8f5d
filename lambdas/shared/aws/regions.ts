/**
 * The AWS Regions Herald knows, one list for the config check (a stack per Region), Region names in
 * notifications and partitions in console links. Sources: the AWS General Reference "AWS Regions"
 * table and the partitions of the AWS SDKs' endpoint data (aws, aws-cn, aws-us-gov); names are the
 * ones CloudWatch writes in alarm messages. The isolated partitions (aws-iso*) and the European
 * Sovereign Cloud are left out: Herald does not deploy there. Add a Region here when AWS opens one.
 */

export type Partition = "aws" | "aws-cn" | "aws-us-gov";

export interface AwsRegion {
  readonly code: string;
  readonly partition: Partition;
  /** The Region's name as CloudWatch writes it in alarm messages. */
  readonly name: string;
}

export const AWS_REGIONS: readonly AwsRegion[] = [
  { code: "us-east-1", partition: "aws", name: "US East (N. Virginia)" },
  { code: "us-east-2", partition: "aws", name: "US East (Ohio)" },
  { code: "us-west-1", partition: "aws", name: "US West (N. California)" },
  { code: "us-west-2", partition: "aws", name: "US West (Oregon)" },
  { code: "af-south-1", partition: "aws", name: "Africa (Cape Town)" },
  { code: "ap-east-1", partition: "aws", name: "Asia Pacific (Hong Kong)" },
  { code: "ap-east-2", partition: "aws", name: "Asia Pacific (Taipei)" },
  { code: "ap-northeast-1", partition: "aws", name: "Asia Pacific (Tokyo)" },
  { code: "ap-northeast-2", partition: "aws", name: "Asia Pacific (Seoul)" },
  { code: "ap-northeast-3", partition: "aws", name: "Asia Pacific (Osaka)" },
  { code: "ap-south-1", partition: "aws", name: "Asia Pacific (Mumbai)" },
  { code: "ap-south-2", partition: "aws", name: "Asia Pacific (Hyderabad)" },
  { code: "ap-southeast-1", partition: "aws", name: "Asia Pacific (Singapore)" },
  { code: "ap-southeast-2", partition: "aws", name: "Asia Pacific (Sydney)" },
  { code: "ap-southeast-3", partition: "aws", name: "Asia Pacific (Jakarta)" },
  { code: "ap-southeast-4", partition: "aws", name: "Asia Pacific (Melbourne)" },
  { code: "ap-southeast-5", partition: "aws", name: "Asia Pacific (Malaysia)" },
  { code: "ap-southeast-6", partition: "aws", name: "Asia Pacific (New Zealand)" },
  { code: "ap-southeast-7", partition: "aws", name: "Asia Pacific (Thailand)" },
  { code: "ca-central-1", partition: "aws", name: "Canada (Central)" },
  { code: "ca-west-1", partition: "aws", name: "Canada West (Calgary)" },
  { code: "eu-central-1", partition: "aws", name: "EU (Frankfurt)" },
  { code: "eu-central-2", partition: "aws", name: "EU (Zurich)" },
  { code: "eu-north-1", partition: "aws", name: "EU (Stockholm)" },
  { code: "eu-south-1", partition: "aws", name: "EU (Milan)" },
  { code: "eu-south-2", partition: "aws", name: "EU (Spain)" },
  { code: "eu-west-1", partition: "aws", name: "EU (Ireland)" },
  { code: "eu-west-2", partition: "aws", name: "EU (London)" },
  { code: "eu-west-3", partition: "aws", name: "EU (Paris)" },
  { code: "il-central-1", partition: "aws", name: "Israel (Tel Aviv)" },
  { code: "me-central-1", partition: "aws", name: "Middle East (UAE)" },
  { code: "me-south-1", partition: "aws", name: "Middle East (Bahrain)" },
  { code: "mx-central-1", partition: "aws", name: "Mexico (Central)" },
  { code: "sa-east-1", partition: "aws", name: "South America (Sao Paulo)" },
  { code: "cn-north-1", partition: "aws-cn", name: "China (Beijing)" },
  { code: "cn-northwest-1", partition: "aws-cn", name: "China (Ningxia)" },
  { code: "us-gov-east-1", partition: "aws-us-gov", name: "AWS GovCloud (US-East)" },
  { code: "us-gov-west-1", partition: "aws-us-gov", name: "AWS GovCloud (US-West)" },
];

const BY_CODE: ReadonlyMap<string, AwsRegion> = new Map(AWS_REGIONS.map((region) => [region.code, region]));

/** The Region with this code, or undefined when AWS has no such Region in a partition Herald deploys to. */
export function awsRegion(code: string): AwsRegion | undefined {
  return BY_CODE.get(code);
}

export function isKnownRegion(code: string): boolean {
  return BY_CODE.has(code);
}
