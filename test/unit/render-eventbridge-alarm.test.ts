/**
 * One CloudWatch alarm, by SNS (an alarm action) and by EventBridge ("CloudWatch Alarm State
 * Change"): the same kind, severity, event type, alarm flag and thread key, so channel filters,
 * mentions and the ALARM → OK thread treat both paths as one alarm.
 */
import type { SnsNotificationInput } from "../../lambdas/shared/notifications/model";
import { renderNotification } from "../../lambdas/shared/notifications/render";
import { loadSnsFixture } from "../fixtures/sns/load";
import { cloudWatchAlarmMessage } from "../helpers/alarm";

const ARN = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh";

function input(message: string): SnsNotificationInput {
  return { messageId: "m-1", topicArn: "arn:aws:sns:us-east-1:123456789012:herald-alarms", message, timestamp: "2019-10-02T17:04:41.000Z", messageAttributes: {} };
}

function eventBridgeAlarm(overrides: { detail?: Record<string, unknown>; resources?: string[]; region?: string } = {}): string {
  const fixture = JSON.parse(loadSnsFixture("eventbridge-alarm-metric").message) as Record<string, unknown>;
  return JSON.stringify({
    ...fixture,
    ...(overrides.resources === undefined ? {} : { resources: overrides.resources }),
    ...(overrides.region === undefined ? {} : { region: overrides.region }),
    detail: { ...(fixture.detail as Record<string, unknown>), ...overrides.detail },
  });
}

describe("a CloudWatch alarm through EventBridge", () => {
  test("renders as the same alarm by SNS: kind, title, severity, event type, alarm flag, summary and thread key agree", () => {
    const viaEventBridge = renderNotification(loadSnsFixture("eventbridge-alarm-metric"));
    const viaSns = renderNotification(
      input(cloudWatchAlarmMessage({ AlarmName: "ServerCpuTooHigh", AlarmArn: ARN, AWSAccountId: "123456789012", OldStateValue: "OK", NewStateValue: "ALARM" })),
    );
    for (const key of ["kind", "title", "severity", "eventType", "alarm", "summary", "recognized"] as const) {
      expect([key, viaEventBridge[key]]).toEqual([key, viaSns[key]]);
    }
    expect(viaEventBridge.thread?.key).toBe(`cloudwatch-alarm:${ARN}`);
    expect(viaEventBridge.thread?.key).toBe(viaSns.thread?.key);
    expect(viaEventBridge.context).toContain("Via EventBridge");
    expect(viaSns.context).not.toContain("Via EventBridge");
  });

  test("its OK replies in the thread without opening one, and updates the parent, as the SNS OK does", () => {
    const ok = renderNotification(loadSnsFixture("eventbridge-alarm-metric-ok"));
    expect(ok.thread).toMatchObject({ key: `cloudwatch-alarm:${ARN}`, opens: false, updatesParent: true });
    expect(ok.alarm).toBeUndefined();
  });

  test("an event that names no alarm ARN in resources is keyed by the ARN its envelope implies (partition from the Region)", () => {
    const china = renderNotification(input(eventBridgeAlarm({ resources: [], region: "cn-north-1" })));
    expect(china.thread?.key).toBe("cloudwatch-alarm:arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:ServerCpuTooHigh");
    expect(china.links[0]?.url).toBe("https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#alarmsV2:alarm/ServerCpuTooHigh");
  });

  test("INSUFFICIENT_DATA is severity unknown and opens nothing; an event without state or name is left to the generic renderer", () => {
    const insufficient = renderNotification(input(eventBridgeAlarm({ detail: { state: { value: "INSUFFICIENT_DATA", reason: "no data", timestamp: "2019-10-02T17:30:00.000+0000" } } })));
    expect(insufficient).toMatchObject({ kind: "cloudwatch-alarm", severity: "unknown", thread: { opens: false } });
    expect(renderNotification(input(eventBridgeAlarm({ detail: { state: "ALARM" } }))).kind).not.toBe("cloudwatch-alarm");
    expect(renderNotification(input(eventBridgeAlarm({ detail: { alarmName: 42 } }))).kind).not.toBe("cloudwatch-alarm");
  });

  test("a composite alarm's reasonData that is not JSON still renders, without the list of children", () => {
    const fixture = JSON.parse(loadSnsFixture("eventbridge-alarm-composite").message) as { detail: { state: Record<string, unknown> } };
    fixture.detail.state.reasonData = "{not json";
    const composite = renderNotification(input(JSON.stringify(fixture)));
    expect(composite.kind).toBe("cloudwatch-alarm");
    expect(composite.lists.map((list) => list.title)).not.toContain("Triggered by");
  });
});
