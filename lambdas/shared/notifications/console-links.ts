/**
 * Links into the AWS Management Console. The console lives on a different host in each partition,
 * so a GovCloud or China alarm needs its own host or the link leads nowhere.
 */
import { parseArn } from "./arn";

export type Partition = "aws" | "aws-cn" | "aws-us-gov";

const CONSOLE_BASE_URL: Readonly<Record<Partition, string>> = {
  aws: "https://console.aws.amazon.com",
  "aws-cn": "https://console.amazonaws.cn",
  "aws-us-gov": "https://console.amazonaws-us-gov.com",
};

// A Region code such as "us-east-1", "cn-northwest-1" or "us-gov-west-1"; checked before it goes into a URL.
const REGION_CODE_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isRegionCode(value: string): boolean {
  return REGION_CODE_PATTERN.test(value);
}

function isPartition(value: string): value is Partition {
  return Object.hasOwn(CONSOLE_BASE_URL, value);
}

/** The partition named in an ARN, or undefined for a malformed ARN or a partition Herald has no console for. */
export function partitionFromArn(arn: string): Partition | undefined {
  const partition = parseArn(arn)?.partition;
  return partition !== undefined && isPartition(partition) ? partition : undefined;
}

/** The partition a Region belongs to, judged by its code's prefix. */
export function partitionFromRegion(region: string): Partition {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export function consoleBaseUrl(partition: Partition): string {
  return CONSOLE_BASE_URL[partition];
}

/**
 * The CloudWatch console page of one alarm, or undefined when the Region is not a valid code.
 * The alarm name is user-chosen text, so it is percent-encoded into the URL fragment.
 */
export function cloudWatchAlarmConsoleUrl(
  region: string,
  alarmName: string,
  partition: Partition = partitionFromRegion(region),
): string | undefined {
  if (!isRegionCode(region)) return undefined;
  const base = consoleBaseUrl(partition);
  return `${base}/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}
