/**
 * Existing SNS topics named by ARN (config `topics[].arn`): the forwarder of the topic's Region
 * subscribes to it; Herald creates no topic for it and leaves its policy alone; a topic in another
 * account gets the statement its owner must add as an output.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Template } from "aws-cdk-lib/assertions";
import { EXAMPLE_CONFIG, synthTemplates } from "./synth";
import { logicalId } from "./template-helpers";

const SAME_ACCOUNT_TOPIC = "arn:aws:sns:eu-west-1:111122223333:team-alarms";
const OTHER_ACCOUNT_TOPIC = "arn:aws:sns:ap-southeast-2:444455556666:payments-alerts";

let templates: Map<string, Template>;

beforeAll(() => {
  const config = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8"));
  config.account.id = "111122223333";
  config.topics.push({ name: "team-alarms", arn: SAME_ACCOUNT_TOPIC }, { name: "payments", arn: OTHER_ACCOUNT_TOPIC });
  config.channels[0].topics.push("team-alarms", "payments");
  const file = path.join(mkdtempSync(path.join(tmpdir(), "herald-topics-")), "herald.json");
  writeFileSync(file, JSON.stringify(config));
  templates = synthTemplates({ configPath: file }); // runs cdk-nag: any finding fails synthesis
});

const subscriptions = (template: Template) => Object.values(template.findResources("AWS::SNS::Subscription")).map((resource) => resource.Properties);
const forwarderArn = (template: Template) => ({ "Fn::GetAtt": [logicalId(template, "AWS::Lambda::Function", "HeraldForwarder"), "Arn"] });

describe("a topic given by ARN", () => {
  it("is subscribed to by its own Region's forwarder only, with SNS allowed to invoke it from that topic", () => {
    const ireland = templates.get("eu-west-1")!;
    expect(subscriptions(ireland)).toContainEqual({ Protocol: "lambda", TopicArn: SAME_ACCOUNT_TOPIC, Region: "eu-west-1", Endpoint: forwarderArn(ireland) });
    ireland.hasResourceProperties("AWS::Lambda::Permission", { Principal: "sns.amazonaws.com", SourceArn: SAME_ACCOUNT_TOPIC, FunctionName: forwarderArn(ireland) });
    const sydney = templates.get("ap-southeast-2")!;
    expect(subscriptions(sydney)).toContainEqual({ Protocol: "lambda", TopicArn: OTHER_ACCOUNT_TOPIC, Region: "ap-southeast-2", Endpoint: forwarderArn(sydney) });
    for (const [region, template] of templates) {
      const topicArns = subscriptions(template).map((subscription) => subscription.TopicArn).filter((arn) => typeof arn === "string");
      expect([region, topicArns]).toEqual([region, { "eu-west-1": [SAME_ACCOUNT_TOPIC], "ap-southeast-2": [OTHER_ACCOUNT_TOPIC] }[region] ?? []]);
    }
  });

  it("is not created and its policy is not touched: each stack still creates only herald-alarms and herald-deployments", () => {
    for (const template of templates.values()) {
      const names = Object.values(template.findResources("AWS::SNS::Topic")).map((topic) => topic.Properties.TopicName);
      expect(names.sort()).toEqual(["herald-alarms", "herald-deployments"]);
      expect(Object.values(template.findResources("AWS::SNS::TopicPolicy"))).toHaveLength(2);
    }
  });

  it("is one of its channels' topics in the configuration records (by its ARN)", () => {
    const ireland = templates.get("eu-west-1")!;
    const [sync] = Object.values(ireland.findResources("Custom::HeraldChannelConfigs")).map((resource) => JSON.stringify(resource.Properties.Records));
    expect(sync).toContain(SAME_ACCOUNT_TOPIC);
    expect(sync).toContain(OTHER_ACCOUNT_TOPIC);
  });

  it("in another account: its Region's stack outputs the topic-policy statement the owner adds so Herald can subscribe", () => {
    const outputs = templates.get("ap-southeast-2")!.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
    const statement = Object.entries(outputs).find(([id]) => id.startsWith("TopicPolicyStatement"))?.[1];
    expect(statement?.Description).toContain(OTHER_ACCOUNT_TOPIC);
    expect(JSON.parse(String(statement?.Value))).toEqual({
      Sid: "AllowHeraldForwarderSubscription", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sns:Subscribe", Resource: OTHER_ACCOUNT_TOPIC,
    });
    // The same-account topic needs no statement.
    const ireland = templates.get("eu-west-1")!.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(ireland).filter((id) => id.startsWith("TopicPolicyStatement"))).toEqual([]);
  });
});
