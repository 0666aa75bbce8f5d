/** The parent of a thread shows the conversation's current state and says where the rest is. */
import { threadParentView } from "../../lambdas/shared/forwarding/thread-parent";
import { renderNotification } from "../../lambdas/shared/notifications/render";
import { loadSnsFixture } from "../fixtures/sns/load";

describe("thread parent", () => {
  it("is the opening notification with a note that updates follow in the thread", () => {
    const alarm = renderNotification(loadSnsFixture("cloudwatch-alarm-alarm"));
    const parent = threadParentView(alarm, "opened");
    expect(parent).toMatchObject({ title: alarm.title, severity: "high", fields: alarm.fields, body: alarm.body });
    expect(parent.context).toEqual(["🧵 Updates follow in the thread", ...alarm.context]);
  });

  it("once updated, shows the latest state and when it changed", () => {
    const ok = renderNotification(loadSnsFixture("cloudwatch-alarm-ok"));
    const parent = threadParentView(ok, "updated");
    expect(parent.severity).toBe("ok");
    expect(parent.context[0]).toMatch(/^🧵 Current state as of \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC; earlier updates are in the thread$/);
  });

  it("shows a custom notification's metadata.summary on the parent", () => {
    const custom = renderNotification(loadSnsFixture("custom-notification-full"));
    expect(custom.thread).toMatchObject({ key: "custom:deploy-orders-api-1842", opens: true, updatesParent: true, summary: "orders-api 2.14.0 deployed to production" });
    expect(threadParentView(custom, "opened").fields[0]).toEqual({ label: "Summary", value: "orders-api 2.14.0 deployed to production" });
  });

  it("alarms thread by alarm ARN; only ALARM opens a thread", () => {
    const alarm = renderNotification(loadSnsFixture("cloudwatch-alarm-alarm"));
    const ok = renderNotification(loadSnsFixture("cloudwatch-alarm-ok"));
    expect(alarm.thread).toMatchObject({ opens: true, updatesParent: true });
    expect(ok.thread).toMatchObject({ key: alarm.thread?.key, opens: false, updatesParent: true });
    expect(alarm.thread?.key).toMatch(/^cloudwatch-alarm:arn:aws:cloudwatch:us-east-1:111122223333:alarm:checkout-web-cpu-high$/);
    expect(renderNotification(loadSnsFixture("cloudwatch-alarm-insufficient-data")).thread?.opens).toBe(false);
  });
});
