import type { Template } from "aws-cdk-lib/assertions";
import { synthTemplates } from "./synth";
import { writeVariantConfig } from "../security/variant-config";

/**
 * Herald's own alarms (backlog age in every Region; erasure overdue and failed erasure events in the
 * home Region) notify `account.alarmTopic` in their own Region on ALARM and on OK, or have no action
 * when it is unset (cdk-nag's NIST pack is told why). Real synth with both cdk-nag packs.
 */

type Alarm = { Properties: { AlarmName?: unknown; AlarmActions?: unknown[]; OKActions?: unknown[] } };
const alarmsOf = (template: Template) => Object.entries(template.findResources("AWS::CloudWatch::Alarm") as Record<string, Alarm>);
/** An action's topic ARN as synthesised, with references shown as <Name>: arn:aws:sns:<region>:<AccountId>:<topic>. */
function shown(value: unknown): string {
  if (typeof value === "string") return value;
  const object = value as { Ref?: string; "Fn::Join"?: [string, unknown[]] };
  if (object.Ref !== undefined) return `<${object.Ref.replace(/^AWS::/, "")}>`;
  if (object["Fn::Join"] !== undefined) return object["Fn::Join"][1].map(shown).join(object["Fn::Join"][0]);
  return JSON.stringify(value);
}

test("unset: no alarm has an action", () => {
  for (const template of synthTemplates().values()) {
    for (const [, alarm] of alarmsOf(template)) {
      expect(alarm.Properties.AlarmActions ?? []).toEqual([]);
      expect(alarm.Properties.OKActions ?? []).toEqual([]);
    }
  }
});

test.each([
  ["the operator's own topic", "ops-pager", "ops-pager"],
  ["one of Herald's topics (posts them to Slack)", "alarms", "herald-alarms"],
])("set to %s: every alarm of every Region notifies that Region's topic on ALARM and OK", (_, alarmTopic, topicName) => {
  const templates = synthTemplates({ configPath: writeVariantConfig({ alarmTopic }) });
  expect([...templates.keys()].sort()).toEqual(["ap-southeast-2", "eu-west-1", "us-east-1"]);
  for (const [region, template] of templates) {
    const alarms = alarmsOf(template);
    expect(alarms.length).toBeGreaterThanOrEqual(region === "us-east-1" ? 3 : 1);
    for (const [id, alarm] of alarms) {
      const expected = [`arn:aws:sns:${region}:<AccountId>:${topicName}`];
      expect({ id, actions: (alarm.Properties.AlarmActions ?? []).map(shown) }).toEqual({ id, actions: expected });
      expect({ id, ok: (alarm.Properties.OKActions ?? []).map(shown) }).toEqual({ id, ok: expected });
    }
  }
});
