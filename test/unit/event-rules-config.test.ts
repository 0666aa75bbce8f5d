import { readFileSync } from "node:fs";
import { parseHeraldConfig } from "../../lambdas/shared/config/load";
import { eventPatternIssues } from "../../lambdas/shared/config/event-patterns";
import { configRefusal } from "../security/variant-config";
import { EXAMPLE_CONFIG } from "../cdk/synth";

/** `eventRules[]` as the config reads it: patterns checked as EventBridge reads them, references to the rest of the config. */

const example = () => JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8"));
const withRules = (...eventRules: unknown[]) => ({ ...example(), eventRules });
const rule = (fields: Record<string, unknown> = {}) => ({ name: "guardduty-high", topic: "alarms", eventPattern: { source: ["aws.guardduty"] }, ...fields });

describe("a valid rule", () => {
  it("GuardDuty findings of severity 7 or more is accepted as written", () => {
    const pattern = { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", 7] }] } };
    const config = parseHeraldConfig(withRules(rule({ eventPattern: pattern })));
    expect(config.eventRules).toEqual([{ name: "guardduty-high", topic: "alarms", eventPattern: pattern }]);
  });

  it("no eventRules: none", () => {
    expect(parseHeraldConfig(example()).eventRules).toEqual([]);
  });

  it.each([
    ["prefix and anything-but", { source: [{ prefix: "aws." }], detail: { state: [{ "anything-but": ["OK", "INSUFFICIENT_DATA"] }] } }],
    ["a numeric range and exists", { detail: { severity: [{ numeric: [">", 4, "<=", 8.9] }], resource: { instanceDetails: [{ exists: true }] } } }],
    ["$or, cidr, wildcard, equals-ignore-case", { $or: [{ source: ["aws.ec2"] }, { detail: { ip: [{ cidr: "10.0.0.0/24" }], name: [{ wildcard: "prod-*" }, { "equals-ignore-case": "PROD" }] } }] }],
  ])("%s", (_what, pattern) => {
    expect(eventPatternIssues(pattern)).toEqual([]);
  });
});

describe("a bad pattern is refused naming the field", () => {
  it.each([
    [{ detail: { severity: [{ numeric: ["≥", 7] }] } }, "eventRules[0].eventPattern.detail.severity[0].numeric: must be [comparison, number] or a range such as [\">=\", 7, \"<\", 9], comparisons being <, <=, =, >, >=; \"≥\" is not a comparison"],
    [{ detail: { severity: [{ numeric: [">=", "7"] }] } }, "eventRules[0].eventPattern.detail.severity[0].numeric: must be [comparison, number] or a range such as [\">=\", 7, \"<\", 9], comparisons being <, <=, =, >, >=; \"7\" is not a number"],
    [{ detail: { severity: [{ numeric: [">", 8, "<", 7] }] } }, "eventRules[0].eventPattern.detail.severity[0].numeric: is an empty range: 8 is not below 7"],
    [{ sources: ["aws.guardduty"] }, "eventRules[0].eventPattern.sources: is not a field of an EventBridge event (version, id, detail-type, source, account, time, region, resources, detail, replay-name); a service's own fields go under detail"],
    [{ source: "aws.guardduty" }, "eventRules[0].eventPattern.source: must be a list of values to match, such as [\"aws.guardduty\"]"],
    [{ source: [] }, "eventRules[0].eventPattern.source: is an empty list, which matches nothing; list at least one value"],
    [{}, "eventRules[0].eventPattern: is empty: an empty pattern matches nothing; name at least one field"],
    ["{\"source\": [\"aws.guardduty\"]}", "eventRules[0].eventPattern: must be a JSON object such as {\"source\": [\"aws.guardduty\"]}"],
    [{ detail: { state: [{ startsWith: "AL" }] } }, "eventRules[0].eventPattern.detail.state[0]: must be a matcher object with exactly one of prefix, suffix, anything-but, numeric, exists, cidr, equals-ignore-case, wildcard; got startsWith"],
    [{ detail: { ip: [{ cidr: "10.0.0.0" }] } }, "eventRules[0].eventPattern.detail.ip[0].cidr: must be an IPv4 or IPv6 CIDR block such as 10.0.0.0/24"],
    [{ detail: "GuardDuty" }, "eventRules[0].eventPattern.detail: must be an object of detail fields, such as {\"severity\": [{\"numeric\": [\">=\", 7]}]}"],
    [{ $or: [{ source: ["aws.ec2"] }] }, "eventRules[0].eventPattern.$or: must be a list of at least two alternative patterns (objects)"],
  ])("%j", (pattern, issue) => {
    expect(configRefusal(withRules(rule({ eventPattern: pattern }))).issues).toEqual([issue]);
  });

  it("a pattern over EventBridge's 4096 characters", () => {
    const pattern = { detail: { id: Array.from({ length: 500 }, (_, i) => `finding-${i}`) } };
    expect(configRefusal(withRules(rule({ eventPattern: pattern }))).issues).toEqual([expect.stringMatching(/^eventRules\[0\]\.eventPattern: is \d+ characters as JSON; EventBridge allows at most 4096$/)]);
  });
});

describe("references to the rest of the config", () => {
  it.each([
    [rule({ topic: "alrams" }), "eventRules[0].topic: no topic named alrams is configured"],
    [rule({ regions: ["eu-central-1"] }), "eventRules[0].regions[0]: eu-central-1 is not one of account.regions"],
    [rule({ eventBus: "org-central", from: { accounts: ["444455556666"] } }), "eventRules[0].from: give either eventBus (a bus of this account) or from (other accounts send to Herald's bus), not both"],
    [rule({ from: {} }), "eventRules[0].from: name at least one account or organization, or leave from out"],
    [rule({ eventBus: "arn:aws:events:us-east-1:123456789012:event-bus/x" }), "eventRules[0].eventBus: must be the name of an event bus in this account (not an ARN)"],
    [rule({ name: "guardduty high" }), "eventRules[0].name: must be 1-57 characters of [A-Za-z0-9._-] (Herald names the rule herald-<name>)"],
  ])("%j", (bad, issue) => {
    expect(configRefusal(withRules(bad)).issues).toEqual([issue]);
  });

  it("a topic given by arn is refused: its policy is its owner's", () => {
    const config = withRules(rule({ topic: "team" }));
    config.topics.push({ name: "team", arn: "arn:aws:sns:us-east-1:123456789012:team" });
    expect(configRefusal(config).issues).toEqual(["eventRules[0].topic: names team, an existing topic given by arn; a rule targets a topic Herald creates, whose policy and key Herald keeps open to the rule"]);
  });

  it("two rules of one name", () => {
    expect(configRefusal(withRules(rule(), rule())).issues).toEqual(["eventRules[1].name: duplicate rule name guardduty-high; it must be unique"]);
  });
});
