import { Validations } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Template } from "aws-cdk-lib/assertions";
import { NAG_PACKS } from "../../lib/herald-app";
import { buildApp, synthTemplates } from "../cdk/synth";
import { CONTROLS, type TemplateJson } from "./controls";
import { configRefusal, exampleConfigWith, HARDENED_ACCOUNT, writeVariantConfig } from "./variant-config";

/**
 * The seed's promises that cdk-nag does not check, asserted on the real synthesized template of
 * every Region's stack: the example config, and a hardened variant (trail, custom domain with TLS
 * 1.2, FIPS). Each control is also run against a deliberately weakened copy, where it must fail.
 */

const variants: Array<[string, Map<string, Template>]> = [];

beforeAll(() => {
  variants.push(["example config", synthTemplates()]);
  variants.push(["hardened config", synthTemplates({ configPath: writeVariantConfig(HARDENED_ACCOUNT) })]);
}, 120_000);

const templates = () => variants.flatMap(([variant, byRegion]) => [...byRegion].map(([region, template]) => ({ name: `${variant}, ${region}`, json: template.toJSON() as TemplateJson })));

describe.each(CONTROLS.map((control) => [control.name, control] as const))("%s", (_name, control) => {
  it("holds in every Region's stack", () => {
    const applicable = templates().filter((t) => !control.appliesTo || control.appliesTo(t.json));
    expect(applicable.length).toBeGreaterThan(0);
    for (const template of applicable) expect({ stack: template.name, violations: control.check(template.json) }).toEqual({ stack: template.name, violations: [] });
  });

  it("fails on a template where it is broken", () => {
    const template = templates().find((t) => !control.appliesTo || control.appliesTo(t.json))!;
    const weakened = structuredClone(template.json);
    control.weaken(weakened);
    expect(control.check(weakened).length).toBeGreaterThan(0);
  });
});

test("the hardened variant has what the controls above look for: a trail and a TLS 1.2 custom domain in the home Region", () => {
  const home = variants[1][1].get("us-east-1")!;
  home.resourceCountIs("AWS::CloudTrail::Trail", 1);
  home.resourceCountIs("AWS::ApiGateway::DomainName", 1);
  for (const region of ["us-west-2", "ca-central-1"]) variants[1][1].get(region)!.resourceCountIs("AWS::CloudTrail::Trail", 0);
});

test("the trail logs data events for every Region's table and every Region's Herald functions", () => {
  const [trail] = Object.values(variants[1][1].get("us-east-1")!.findResources("AWS::CloudTrail::Trail"));
  const selectors: Array<{ Name: string; FieldSelectors: Array<{ Field: string; Equals?: unknown[]; StartsWith?: unknown[] }> }> = trail.Properties.AdvancedEventSelectors;
  const arnsOf = (name: string) => JSON.stringify(selectors.find((s) => s.Name === name)!.FieldSelectors.find((f) => f.Field === "resources.ARN"));
  for (const region of HARDENED_ACCOUNT.regions) {
    expect(arnsOf("Herald tables")).toContain(`:dynamodb:${region}:`);
    expect(arnsOf("Herald functions")).toContain(`:lambda:${region}:`);
  }
  expect(arnsOf("Herald tables")).toContain(":table/herald");
  expect(arnsOf("Herald functions")).toContain("function:herald-privacy-erasure");
});

test("the trail's key lets CloudTrail encrypt for this trail only (aws:SourceArn), and nothing else outside the account", () => {
  const home = variants[1][1].get("us-east-1")!;
  const [, trailKey] = Object.entries(home.findResources("AWS::KMS::Key")).find(([id]) => id.startsWith("HeraldTrailKey"))!;
  const statements: Array<{ Principal?: { Service?: string; AWS?: unknown }; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> }> = trailKey.Properties.KeyPolicy.Statement;
  const forCloudTrail = statements.filter((s) => s.Principal?.Service === "cloudtrail.amazonaws.com");
  expect(forCloudTrail.map((s) => s.Action).sort()).toEqual(["kms:DescribeKey", "kms:GenerateDataKey*"]);
  for (const statement of forCloudTrail) expect(JSON.stringify(statement.Condition?.StringEquals?.["aws:SourceArn"])).toContain(":trail/herald");
  // The rest is the account's own administration (IAM decides who in the account may use the key).
  expect(statements.filter((s) => !s.Principal?.Service).every((s) => JSON.stringify(s.Principal).includes(":root"))).toBe(true);
});

test("with account.trail.existingTrailArn, Herald creates no trail and outputs the one you named", () => {
  const existing = "arn:aws:cloudtrail:us-east-1:123456789012:trail/organization-trail";
  const home = synthTemplates({ configPath: writeVariantConfig({ trail: { existingTrailArn: existing } }) }).get("us-east-1")!;
  home.resourceCountIs("AWS::CloudTrail::Trail", 0);
  home.resourceCountIs("AWS::S3::Bucket", 0);
  const outputs = Object.entries(home.toJSON().Outputs as Record<string, { Value: unknown }>).filter(([id]) => id.includes("TrailArn"));
  expect(outputs.map(([, output]) => output.Value)).toEqual([existing]);
}, 60_000);

test("a trail is created or named, not both", () => {
  const { issues } = configRefusal(exampleConfigWith({ trail: { create: true, existingTrailArn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/org" } }));
  expect(issues).toEqual(["account.trail.existingTrailArn: give either create: true or existingTrailArn, not both"]);
});

describe("cdk-nag", () => {
  it(`runs ${NAG_PACKS.join(" and ")} on every synthesis, and an unacknowledged finding of either fails it`, () => {
    const { app, stacks } = buildApp();
    // A bucket without encryption, access logs or TLS-only policy: findings in both packs.
    new s3.CfnBucket(stacks[0], "WeakBucket");
    let message = "";
    try {
      app.synth();
    } catch (error) {
      message = (error as Error).message;
    }
    for (const pack of NAG_PACKS) expect(message).toContain(`${pack}::`);
    expect(message).toContain("WeakBucket");
  }, 60_000);

  it("every acknowledgement names a rule of those packs and says specifically why", () => {
    const { app } = buildApp({ configPath: writeVariantConfig(HARDENED_ACCOUNT) });
    app.synth();
    const acknowledgements = app.node.findAll().flatMap((construct) => construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([rule, reason]) => ({ path: construct.node.path, rule, reason }))));
    expect(acknowledgements.length).toBeGreaterThan(20);
    for (const { path, rule, reason } of acknowledgements) {
      expect({ path, rule: rule.replace(/^Annotation::/, "").split("-")[0] }).toEqual({ path, rule: expect.stringMatching(new RegExp(`^(${NAG_PACKS.join("|").replaceAll(".", "\\.")})$`)) });
      // A reason says what makes the rule not apply here; "not needed" or "false positive" does not.
      expect({ path, rule, specific: reason.split(/\s+/).length >= 12 }).toEqual({ path, rule, specific: true });
    }
  }, 60_000);
});
