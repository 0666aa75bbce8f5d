/**
 * Noise control per configuration: filters decide which notifications reach a channel, mentions
 * are added by configuration only, and configurations that share a channel post there once.
 */
import { acceptsNotification, channelDeliveries, mentionFor, routeNotification } from "../../lambdas/shared/forwarding/channel-routing";
import type { Notification } from "../../lambdas/shared/notifications/model";
import { renderNotification } from "../../lambdas/shared/notifications/render";
import type { ChannelConfigRecord } from "../../lambdas/shared/store/channel-configs";
import { loadSnsFixture } from "../fixtures/sns/load";

const alarm = renderNotification(loadSnsFixture("cloudwatch-alarm-alarm"));
const ok = renderNotification(loadSnsFixture("cloudwatch-alarm-ok"));
const lowFinding = renderNotification(loadSnsFixture("guardduty-finding-low"));
const criticalFinding = renderNotification(loadSnsFixture("guardduty-finding-critical"));
const text = renderNotification(loadSnsFixture("plain-text"));
const custom = renderNotification(loadSnsFixture("custom-notification-full"));

function config(name: string, channelId: string, extra: Partial<ChannelConfigRecord> = {}): ChannelConfigRecord {
  return {
    name, teamId: "T0HERALD1", channelId, topicArns: [], iamRoleArn: "arn:aws:iam::123456789012:role/R", guardrailPolicyArns: [],
    loggingLevel: "ERROR", userRoleRequired: false, tags: {}, botTokenSecretName: "herald/T0HERALD1/bot-token",
    signingSecretName: "herald/T0HERALD1/signing-secret", ...extra,
  };
}

describe("filters", () => {
  it("let everything through when a configuration has none (today's behaviour)", () => {
    for (const notification of [alarm, ok, lowFinding, text]) expect(acceptsNotification(undefined, notification)).toBe(true);
    expect(acceptsNotification({}, text)).toBe(true);
  });

  it("include event types by event type or renderer kind", () => {
    const filters = { includeEventTypes: ["CloudWatch Alarm State Change", "guardduty-finding"] };
    expect(acceptsNotification(filters, alarm)).toBe(true);
    expect(acceptsNotification(filters, lowFinding)).toBe(true);
    expect(acceptsNotification(filters, text)).toBe(false);
    expect(acceptsNotification({ includeEventTypes: ["DeploymentSucceeded"] }, custom)).toBe(true); // metadata.eventType
  });

  it("exclude event types, also when they are included", () => {
    expect(acceptsNotification({ excludeEventTypes: ["text"] }, text)).toBe(false);
    expect(acceptsNotification({ excludeEventTypes: ["text"] }, alarm)).toBe(true);
    expect(acceptsNotification({ includeEventTypes: ["GuardDuty Finding"], excludeEventTypes: ["guardduty-finding"] }, lowFinding)).toBe(false);
  });

  it("drop notifications below a minimum severity, but never recoveries or unknown severities", () => {
    const filters = { minSeverity: "high" as const };
    expect(acceptsNotification(filters, alarm)).toBe(true); // high
    expect(acceptsNotification(filters, criticalFinding)).toBe(true);
    expect(acceptsNotification(filters, lowFinding)).toBe(false);
    expect(acceptsNotification(filters, text)).toBe(false); // info
    expect(acceptsNotification(filters, ok)).toBe(true); // the alarm's recovery
    expect(acceptsNotification(filters, { ...text, severity: "unknown" })).toBe(true);
  });

  it("do not match JavaScript's built-in names", () => {
    expect(acceptsNotification({ includeEventTypes: ["constructor", "toString"] }, { ...text, eventType: undefined })).toBe(false);
  });
});

describe("mentions Herald adds", () => {
  it("are none without configuration, whatever the notification says", () => {
    expect(mentionFor(undefined, alarm)).toBeUndefined();
    const shouting: Notification = { ...text, title: "<!channel>", summary: "<!here> <!everyone>" };
    expect(mentionFor({ onAlarm: "none", onSeverity: "here" }, shouting)).toBeUndefined();
  });

  it("go to alarms going off, not to their recovery", () => {
    const mentions = { onAlarm: "channel" as const, onSeverity: "here" as const };
    expect(mentionFor(mentions, alarm)).toBe("channel");
    expect(mentionFor(mentions, ok)).toBeUndefined();
    expect(mentionFor(mentions, criticalFinding)).toBeUndefined();
    expect(mentionFor(mentions, renderNotification(loadSnsFixture("prometheus-alertmanager-json-firing")))).toBe("channel");
  });

  it("go to anything at or above a severity, and the stronger one wins", () => {
    const mentions = { onAlarm: "channel" as const, minSeverity: "high" as const, onSeverity: "here" as const };
    expect(mentionFor(mentions, criticalFinding)).toBe("here");
    expect(mentionFor(mentions, lowFinding)).toBeUndefined();
    expect(mentionFor(mentions, alarm)).toBe("channel"); // both apply: @channel is stronger than @here
    expect(mentionFor(mentions, ok)).toBeUndefined(); // "ok" ranks below every threshold
  });
});

describe("routing", () => {
  it("posts once to a channel shared by several accepting configurations, with the strongest mention", () => {
    const configs = [
      config("ops-alarms", "C0OPS", { mentions: { onAlarm: "here", onSeverity: "here" }, loggingLevel: "INFO" }),
      config("ops-pager", "C0OPS", { mentions: { onAlarm: "channel", onSeverity: "here" } }),
      config("dev", "C0DEV"),
    ];
    const { deliveries, filteredOut } = routeNotification(configs, alarm);
    expect(filteredOut).toEqual([]);
    expect(deliveries).toEqual([
      expect.objectContaining({ target: expect.objectContaining({ channelId: "C0OPS" }), configurationNames: ["ops-alarms", "ops-pager"], loggingLevel: "INFO", mention: "channel" }),
      expect.objectContaining({ target: expect.objectContaining({ channelId: "C0DEV" }), configurationNames: ["dev"] }),
    ]);
    expect(deliveries[1]).not.toHaveProperty("mention");
  });

  it("leaves out a configuration that filters the notification, but not the others sharing its channel", () => {
    const configs = [
      config("ops-alarms", "C0OPS", { filters: { minSeverity: "high" } }),
      config("ops-everything", "C0OPS"),
      config("security", "C0SEC", { filters: { includeEventTypes: ["GuardDuty Finding"] } }),
    ];
    const routed = routeNotification(configs, text);
    expect(routed.filteredOut).toEqual(["ops-alarms", "security"]);
    expect(routed.deliveries.map((d) => [d.target.channelId, d.configurationNames])).toEqual([["C0OPS", ["ops-everything"]]]);
  });

  it("keeps channelDeliveries' behaviour for callers without a notification", () => {
    expect(channelDeliveries([config("a", "C1"), config("b", "C1")])).toEqual([expect.objectContaining({ configurationNames: ["a", "b"] })]);
  });
});
