import { regionCodeFromDisplayName } from "../../lambdas/shared/notifications/aws-region-names";
import {
  cloudWatchAlarmConsoleUrl,
  consoleBaseUrl,
  partitionFromArn,
  partitionFromRegion,
} from "../../lambdas/shared/notifications/console-links";

describe("console links", () => {
  it.each([
    ["arn:aws:cloudwatch:us-east-1:111122223333:alarm:a", "aws"],
    ["arn:aws-cn:cloudwatch:cn-north-1:111122223333:alarm:a", "aws-cn"],
    ["arn:aws-us-gov:cloudwatch:us-gov-west-1:111122223333:alarm:a", "aws-us-gov"],
    ["arn:aws-iso:cloudwatch:us-iso-east-1:111122223333:alarm:a", undefined],
    ["not an arn", undefined],
  ])("reads the partition of %s as %s", (arn, partition) => {
    expect(partitionFromArn(arn)).toBe(partition);
  });

  it.each([
    ["eu-west-1", "aws"],
    ["cn-northwest-1", "aws-cn"],
    ["us-gov-east-1", "aws-us-gov"],
  ])("puts Region %s in partition %s", (region, partition) => {
    expect(partitionFromRegion(region)).toBe(partition);
  });

  it("has one console host per partition", () => {
    expect(consoleBaseUrl("aws")).toBe("https://console.aws.amazon.com");
    expect(consoleBaseUrl("aws-cn")).toBe("https://console.amazonaws.cn");
    expect(consoleBaseUrl("aws-us-gov")).toBe("https://console.amazonaws-us-gov.com");
  });

  it("encodes the alarm name and refuses a Region that is not a Region code", () => {
    expect(cloudWatchAlarmConsoleUrl("us-east-1", "a/b #c&d")).toBe(
      "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/a%2Fb%20%23c%26d",
    );
    expect(cloudWatchAlarmConsoleUrl("us-east-1#x", "a")).toBeUndefined();
    expect(cloudWatchAlarmConsoleUrl("https://evil.example/", "a")).toBeUndefined();
  });
});

describe("Region display names", () => {
  it.each([
    ["US East (N. Virginia)", "us-east-1"],
    ["US - N. Virginia", "us-east-1"],
    ["EU (Ireland)", "eu-west-1"],
    ["Europe (Ireland)", "eu-west-1"],
    ["EU - Ireland", "eu-west-1"],
    ["South America (São Paulo)", "sa-east-1"],
    ["AWS GovCloud (US-West)", "us-gov-west-1"],
    ["China (Ningxia)", "cn-northwest-1"],
    ["Atlantis (Central)", undefined],
  ])("maps %s to %s", (name, code) => {
    expect(regionCodeFromDisplayName(name)).toBe(code);
  });
});
