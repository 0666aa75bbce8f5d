/** Console links for events: partition from ARNs, Region from the event, and links taken from events only to AWS hosts. */
import { awsLinkFromEvent, consoleLocation, consoleUrl } from "../../lambdas/shared/notifications/console-links";

describe("console locations", () => {
  it.each([
    ["us-east-1", [], { region: "us-east-1", partition: "aws" }],
    ["us-gov-west-1", [], { region: "us-gov-west-1", partition: "aws-us-gov" }],
    ["cn-north-1", ["not an arn", "arn:aws-cn:ec2:cn-north-1:111122223333:instance/i-1"], { region: "cn-north-1", partition: "aws-cn" }],
    // An ARN's partition wins over a guess from the Region.
    ["us-east-1", ["arn:aws-us-gov:s3:::bucket"], { region: "us-east-1", partition: "aws-us-gov" }],
  ])("%s with ARNs %j is %j", (region, arns, location) => {
    expect(consoleLocation(region, arns)).toEqual(location);
  });

  it("has none for a missing or malformed Region", () => {
    expect(consoleLocation(undefined)).toBeUndefined();
    expect(consoleLocation("global")).toBeUndefined();
    expect(consoleLocation("us-east-1#/evil")).toBeUndefined();
  });

  it("builds page URLs on the partition's host with the Region", () => {
    const gov = consoleLocation("us-gov-east-1")!;
    expect(consoleUrl(gov, "/ec2/home", "Instances:")).toBe("https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-east-1#Instances:");
    expect(consoleUrl(consoleLocation("cn-northwest-1")!, "/s3/object/b?prefix=k")).toBe("https://console.amazonaws.cn/s3/object/b?prefix=k&region=cn-northwest-1");
  });
});

describe("links taken from events", () => {
  it.each([
    "https://console.aws.amazon.com/dms/home?region=eu-west-2#tasks:ids=hello-world",
    "https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/home",
    "https://docs.aws.amazon.com/console/securityhub/S3.8/remediation",
    "https://console.amazonaws-us-gov.com/ec2/home",
    "https://health.aws.amazon.com/health/home",
  ])("keeps %s", (url) => {
    expect(awsLinkFromEvent(url)).toBe(new URL(url).href);
  });

  it.each([
    "https://console.aws.amazon.com.evil.example/rds/home",
    "https://evilconsole.aws.amazon.com/",
    "http://console.aws.amazon.com/ec2/home",
    "https://user:pass@console.aws.amazon.com/",
    "javascript:alert(1)",
    "not a url",
    undefined,
  ])("drops %s", (url) => {
    expect(awsLinkFromEvent(url)).toBeUndefined();
  });
});
