/**
 * Links into the AWS Management Console. The console lives on a different host in each partition,
 * so a GovCloud or China alarm needs its own host or the link leads nowhere.
 */
import { awsRegion, type Partition } from "../aws/regions";
import { parseArn } from "./arn";
import type { Link } from "./model";

export type { Partition } from "../aws/regions";

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

/** The partition a Region belongs to: from the list of Regions, else judged by its code's prefix. */
export function partitionFromRegion(region: string): Partition {
  const known = awsRegion(region)?.partition;
  if (known !== undefined) return known;
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

/** Where an event happened, as far as the console is concerned. */
export interface ConsoleLocation {
  readonly region: string;
  readonly partition: Partition;
}

/**
 * The console location of an event: its Region code, in the partition its ARNs name (a GovCloud or
 * China ARN wins over a guess from the Region), or undefined when the Region is not a valid code.
 */
export function consoleLocation(region: string | undefined, arns: readonly (string | undefined)[] = []): ConsoleLocation | undefined {
  if (region === undefined || !isRegionCode(region)) return undefined;
  for (const arn of arns) {
    const partition = arn === undefined ? undefined : partitionFromArn(arn);
    if (partition !== undefined) return { region, partition };
  }
  return { region, partition: partitionFromRegion(region) };
}

/**
 * A console page in the event's Region. `path` and `fragment` are built by the caller from fixed
 * text and `encodeURIComponent`-ed identifiers; the Region is a checked code.
 */
export function consoleUrl(location: ConsoleLocation, path: string, fragment?: string): string {
  const separator = path.includes("?") ? "&" : "?";
  const url = `${consoleBaseUrl(location.partition)}${path}${separator}region=${location.region}`;
  return fragment === undefined ? url : `${url}#${fragment}`;
}

/** A labelled link to a console page, or undefined when the location or the page's path is unknown. */
export function consoleLink(location: ConsoleLocation | undefined, label: string, path: string | undefined, fragment?: string): Link | undefined {
  return location === undefined || path === undefined ? undefined : { label, url: consoleUrl(location, path, fragment) };
}

/** Hosts whose pages AWS itself links to from events (consoles, documentation, Health). */
const AWS_LINK_HOSTS = [
  "console.aws.amazon.com",
  "console.amazonaws.cn",
  "console.amazonaws-us-gov.com",
  "docs.aws.amazon.com",
  "docs.amazonaws.cn",
  "health.aws.amazon.com",
  "phd.aws.amazon.com",
];

/**
 * A URL taken from an event, kept only when it leads to an AWS console or documentation page.
 * Anyone who may publish to the topic can forge an event, and a button Herald labels "Open in
 * console" must not lead to a look-alike page.
 */
export function awsLinkFromEvent(candidate: string | undefined): string | undefined {
  if (candidate === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(candidate.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "") return undefined;
  const host = url.hostname.toLowerCase();
  const trusted = AWS_LINK_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
  return trusted ? url.href : undefined;
}
