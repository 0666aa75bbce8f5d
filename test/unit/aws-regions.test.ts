/** The one list of AWS Regions: what the config accepts, what notifications name, which partition links go to. */
import { AWS_REGIONS, awsRegion } from "../../lambdas/shared/aws/regions";
import { FIPS_REGIONS_BY_SERVICE } from "../../lambdas/shared/config/fips-regions";
import { regionCodeFromDisplayName, regionDisplayName } from "../../lambdas/shared/notifications/aws-region-names";
import { partitionFromRegion } from "../../lambdas/shared/notifications/console-links";

describe("the AWS Regions list", () => {
  test("holds each Region once, with a code of its partition's form", () => {
    const codes = AWS_REGIONS.map((region) => region.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const region of AWS_REGIONS) {
      const expected = region.code.startsWith("cn-") ? "aws-cn" : region.code.startsWith("us-gov-") ? "aws-us-gov" : "aws";
      expect([region.code, region.partition]).toEqual([region.code, expected]);
      expect(partitionFromRegion(region.code)).toBe(region.partition);
    }
  });

  test("every Region's CloudWatch name maps back to its code, and its code to that name", () => {
    for (const region of AWS_REGIONS) {
      expect(regionCodeFromDisplayName(region.name)).toBe(region.code);
      expect(regionDisplayName(region.code)).toBe(region.name);
    }
    expect(regionCodeFromDisplayName("Europe (Frankfurt)")).toBe("eu-central-1");
    expect(regionCodeFromDisplayName("US - Oregon")).toBe("us-west-2");
  });

  test("every Region the FIPS table names is in the list", () => {
    const fipsRegions = Object.values(FIPS_REGIONS_BY_SERVICE).flat();
    expect(fipsRegions.filter((code) => awsRegion(code) === undefined)).toEqual([]);
  });

  test("knows no made-up Region", () => {
    expect(awsRegion("eu-mars-1")).toBeUndefined();
    expect(awsRegion("us-iso-east-1")).toBeUndefined(); // isolated partitions: Herald does not deploy there
  });
});
