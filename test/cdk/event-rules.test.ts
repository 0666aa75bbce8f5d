/**
 * EventBridge rules from the config (`eventRules[]`): each Region's stack creates the rules for it,
 * targeting Herald's topic, with the topic policy and the key open to events.amazonaws.com for
 * exactly those rules; rules `from` other accounts sit on Herald's own bus, whose policy lets
 * exactly those accounts and organizations send, with what the senders add as an output.
 */
import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { EXAMPLE_CONFIG, synthTemplates } from "./synth";
import { logicalId } from "./template-helpers";

const ACCOUNT = "111122223333";
const SENDER = "444455556666";
const ORGANIZATION = "o-a1b2c3d4e5";
const GUARDDUTY_HIGH = { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", 7] }] } };

let templates: Map<string, Template>;

beforeAll(() => {
  const config = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8"));
  config.account.id = ACCOUNT;
  config.topics.push({ name: "security" });
  config.channels.push({ name: "security", teamId: "T0HERALD1", channelId: "C0SEC0001", topics: ["security"], iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/HeraldSecurity` });
  config.eventRules = [
    { name: "guardduty-high", description: "GuardDuty findings of severity 7 or more", topic: "security", eventPattern: GUARDDUTY_HIGH },
    { name: "member-guardduty", topic: "security", regions: ["us-east-1"], from: { accounts: [SENDER] }, eventPattern: { source: ["aws.guardduty"] } },
    { name: "org-health", topic: "alarms", regions: ["us-east-1"], from: { organizations: [ORGANIZATION] }, eventPattern: { source: ["aws.health"] } },
    { name: "central-health", topic: "alarms", regions: ["eu-west-1"], eventBus: "org-central", eventPattern: { source: ["aws.health"] } },
  ];
  const file = path.join(mkdtempSync(path.join(tmpdir(), "herald-rules-")), "herald.json");
  writeFileSync(file, JSON.stringify(config));
  templates = synthTemplates({ configPath: file }); // runs cdk-nag: any finding fails synthesis
}, 180_000);

const configRules = (template: Template) => Object.values(template.findResources("AWS::Events::Rule", { Properties: { Name: Match.stringLikeRegexp("^herald-") } })).map((r) => r.Properties);
const topicRef = (template: Template, name: string) => ({ Ref: logicalId(template, "AWS::SNS::Topic", `HeraldTopics${name}`) });
const ruleArn = (region: string, name: string) => `arn:aws:events:${region}:${ACCOUNT}:rule/${name}`;
type Statement = { Sid?: string; Principal?: unknown; Action: unknown; Condition?: unknown; Resource?: unknown };
const topicPolicyStatements = (template: Template, topic: string): Statement[] => Object.values(template.findResources("AWS::SNS::TopicPolicy"))
  .filter((policy) => JSON.stringify(policy.Properties.Topics) === JSON.stringify([topicRef(template, topic)]))
  .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
const keyStatements = (template: Template): Statement[] => template.findResources("AWS::KMS::Key")[logicalId(template, "AWS::KMS::Key", "HeraldKey")].Properties.KeyPolicy.Statement;
const outputs = (template: Template) => template.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;

describe("a rule on this account's default bus", () => {
  it("is created in every Region (unless regions says otherwise) with the pattern as written, targeting that Region's Herald topic", () => {
    for (const [region, template] of templates) {
      const rule = configRules(template).find((r) => r.Name === "herald-guardduty-high");
      expect({ region, rule }).toEqual({ region, rule: {
        Name: "herald-guardduty-high", Description: "GuardDuty findings of severity 7 or more", State: "ENABLED", EventPattern: GUARDDUTY_HIGH,
        Targets: [{ Id: "HeraldTopic", Arn: topicRef(template, "security") }], Tags: expect.any(Array),
      } });
      expect(rule?.EventBusName).toBeUndefined();
    }
    expect(configRules(templates.get("ap-southeast-2")!).map((r) => r.Name)).toEqual(["herald-guardduty-high"]);
  });

  it("may publish to its topic only for this rule (aws:SourceArn) and this account (aws:SourceAccount)", () => {
    const template = templates.get("ap-southeast-2")!;
    expect(topicPolicyStatements(template, "security")).toContainEqual({
      Sid: "HeraldEventRules", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: topicRef(template, "security"),
      Condition: { ArnEquals: { "aws:SourceArn": [ruleArn("ap-southeast-2", "herald-guardduty-high")] }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
    });
  });

  it("may use the key for the topic, for these rules only", () => {
    expect(keyStatements(templates.get("us-east-1")!)).toContainEqual({
      Sid: "HeraldEventRulesUseKeyForTopics", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*",
      Condition: {
        ArnEquals: { "aws:SourceArn": [ruleArn("us-east-1", "herald-guardduty-high"), ruleArn("us-east-1", "herald/herald-member-guardduty"), ruleArn("us-east-1", "herald/herald-org-health")] },
        StringEquals: { "aws:SourceAccount": ACCOUNT },
      },
    });
  });
});

describe("a rule on a bus of this account (eventBus)", () => {
  it("is created on that bus, which Herald neither creates nor changes", () => {
    const ireland = templates.get("eu-west-1")!;
    expect(configRules(ireland).find((r) => r.Name === "herald-central-health")).toMatchObject({ EventBusName: "org-central", Targets: [{ Arn: topicRef(ireland, "alarms") }] });
    ireland.resourceCountIs("AWS::Events::EventBus", 0);
    ireland.resourceCountIs("AWS::Events::EventBusPolicy", 0);
    expect(topicPolicyStatements(ireland, "alarms")).toContainEqual(expect.objectContaining({
      Sid: "HeraldEventRules", Condition: { ArnEquals: { "aws:SourceArn": [ruleArn("eu-west-1", "org-central/herald-central-health")] }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
    }));
  });
});

describe("rules from other accounts and organizations", () => {
  it("sit on Herald's own bus, only in the Regions that have them; an accounts-only rule matches those accounts' events only", () => {
    const home = templates.get("us-east-1")!;
    home.resourceCountIs("AWS::Events::EventBus", 1);
    home.hasResourceProperties("AWS::Events::EventBus", { Name: "herald" });
    const busRef = { Ref: logicalId(home, "AWS::Events::EventBus", "HeraldEventRulesBus") };
    const rules = configRules(home);
    expect(rules.find((r) => r.Name === "herald-member-guardduty")).toMatchObject({ EventBusName: busRef, EventPattern: { source: ["aws.guardduty"], account: [SENDER] } });
    // An organization's accounts cannot be listed: the bus policy is what limits them.
    expect(rules.find((r) => r.Name === "herald-org-health")).toMatchObject({ EventBusName: busRef, EventPattern: { source: ["aws.health"] } });
    for (const region of ["eu-west-1", "ap-southeast-2"]) templates.get(region)!.resourceCountIs("AWS::Events::EventBus", 0);
  });

  it("the bus lets exactly the named accounts and organizations put events, and the account's default bus is not touched", () => {
    const home = templates.get("us-east-1")!;
    const policies = Object.values(home.findResources("AWS::Events::EventBusPolicy")).map((p) => p.Properties);
    const busRef = { Ref: logicalId(home, "AWS::Events::EventBus", "HeraldEventRulesBus") };
    expect(policies.every((p) => JSON.stringify(p.EventBusName) === JSON.stringify(busRef))).toBe(true);
    const statements = policies.map((p) => p.Statement);
    const busArn = { "Fn::GetAtt": [busRef.Ref, "Arn"] };
    expect(statements.sort((a, b) => a.Sid.localeCompare(b.Sid))).toEqual([
      { Sid: "cdk-HeraldEventSenderAccounts", Effect: "Allow", Action: "events:PutEvents", Principal: { AWS: `arn:aws:iam::${SENDER}:root` }, Resource: busArn },
      { Sid: "cdk-HeraldEventSenderOrganizations", Effect: "Allow", Action: "events:PutEvents", Principal: { AWS: "*" }, Resource: busArn, Condition: { StringEquals: { "aws:PrincipalOrgID": [ORGANIZATION] } } },
    ]);
  });

  it("outputs Herald's bus and, per rule, the rule, target and role the senders add", () => {
    const home = outputs(templates.get("us-east-1")!);
    expect(home.EventBusArn.Value).toEqual({ "Fn::GetAtt": [logicalId(templates.get("us-east-1")!, "AWS::Events::EventBus", "HeraldEventRulesBus"), "Arn"] });
    const sender = home.EventSenderRuleMemberGuardduty;
    expect(sender.Description).toContain("member-guardduty");
    const text = JSON.stringify(sender.Value);
    for (const expected of ["herald-member-guardduty-to-herald", "aws.guardduty", "events:PutEvents", "events.amazonaws.com", "sts:AssumeRole", "RoleArn"]) expect(text).toContain(expected);
    expect(Object.keys(outputs(templates.get("eu-west-1")!)).filter((id) => id.startsWith("Event"))).toEqual([]);
  });
});
