import type { Notification, Renderer, SnsNotificationInput } from "../../lambdas/shared/notifications/model";
import { renderNotification, renderWith, RENDERERS } from "../../lambdas/shared/notifications/render";
import { plainTextRenderer } from "../../lambdas/shared/notifications/plain-text";
import { genericJsonRenderer } from "../../lambdas/shared/notifications/generic-json";
import { CUSTOM_NOTIFICATION_LIMITS } from "../../lambdas/shared/notifications/custom-notification";
import { listSnsFixtures, loadSnsFixture } from "../fixtures/sns/load";
import { deepFreeze } from "./helpers/deep-freeze";

function render(name: string): Notification {
  const errors: string[] = [];
  const notification = renderNotification(loadSnsFixture(name), {
    onRendererError: (kind, error) => errors.push(`${kind}: ${String(error)}`),
  });
  expect(errors).toEqual([]);
  return notification;
}

function fieldValue(notification: Notification, label: string): string | undefined {
  return notification.fields.find((field) => field.label === label)?.value;
}

function listItems(notification: Notification, title: string): string[] | undefined {
  return notification.lists.find((list) => list.title === title)?.items.map((item) => item.text);
}

function input(message: string, subject?: string): SnsNotificationInput {
  return {
    messageId: "m-1",
    topicArn: "arn:aws:sns:us-east-1:111122223333:t",
    subject,
    message,
    timestamp: "2025-03-14T09:26:53.456Z",
    messageAttributes: {},
  };
}

describe("CloudWatch alarm notifications", () => {
  it("renders an alarm entering ALARM with its state change, metric, condition, place and console link", () => {
    const alarm = render("cloudwatch-alarm-alarm");

    expect(alarm).toMatchObject({ kind: "cloudwatch-alarm", recognized: true, title: "checkout-web-cpu-high", severity: "high" });
    expect(alarm.summary).toBe('ALARM: "checkout-web-cpu-high" in US East (N. Virginia)');
    expect(alarm.body?.text).toMatch(/^Threshold Crossed: 3 out of the last 3 datapoints/);
    expect(fieldValue(alarm, "State")).toBe("OK → ALARM");
    expect(fieldValue(alarm, "Description")).toBe("CPU above 80% on the checkout web server");
    expect(alarm.fields.find((field) => field.label === "Metric")).toEqual({ label: "Metric", value: "AWS/EC2 CPUUtilization", code: true });
    expect(fieldValue(alarm, "Dimensions")).toBe("InstanceId=i-0a1b2c3d4e5f67890");
    expect(fieldValue(alarm, "Condition")).toBe("Average > 80% for 3 of 3 periods of 5 minutes");
    expect(fieldValue(alarm, "Missing data")).toBe("treated as missing");
    expect(alarm.context).toEqual(["CloudWatch alarm", "Account 111122223333", "us-east-1", "Changed 2025-03-14 09:26:53 UTC"]);
    expect(alarm.links).toEqual([
      {
        label: "View alarm in CloudWatch",
        url: "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/checkout-web-cpu-high",
      },
    ]);
  });

  it("maps each alarm state to a severity and shows where it came from", () => {
    expect(render("cloudwatch-alarm-ok")).toMatchObject({ severity: "ok", summary: 'OK: "checkout-web-cpu-high" in US East (N. Virginia)' });
    expect(fieldValue(render("cloudwatch-alarm-ok"), "State")).toBe("ALARM → OK");
    const noData = render("cloudwatch-alarm-insufficient-data");
    expect(noData.severity).toBe("unknown");
    expect(fieldValue(noData, "State")).toBe("OK → INSUFFICIENT_DATA");
    expect(noData.body?.text).toBe("Insufficient Data: 3 datapoints were unknown.");
  });

  it("describes a metric-math alarm by its expression and the metrics it uses", () => {
    const alarm = render("cloudwatch-alarm-metric-math");

    expect(alarm.fields.find((field) => field.label === "Metric")).toBeUndefined();
    expect(fieldValue(alarm, "Condition")).toBe("Error rate (%) ≥ 5 for 2 of 5 periods of 1 minute");
    expect(fieldValue(alarm, "Missing data")).toBe("treated as not breaching");
    expect(listItems(alarm, "Metrics")).toEqual([
      'error_rate: 100 * errors / invocations "Error rate (%)" (evaluated)',
      "errors: AWS/Lambda Errors (FunctionName=orders-processor) Sum over 1 minute",
      "invocations: AWS/Lambda Invocations (FunctionName=orders-processor) Sum over 1 minute",
    ]);
    expect(alarm.links[0].url).toBe(
      "https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/orders-processor-error-rate",
    );
  });

  it("describes an anomaly-detection alarm by its band instead of a number", () => {
    const alarm = render("cloudwatch-alarm-anomaly-detection");

    expect(fieldValue(alarm, "Condition")).toBe(
      "m1 outside the band ad1 (ANOMALY_DETECTION_BAND(m1, 2)) for 2 of 3 periods of 5 minutes",
    );
    expect(fieldValue(alarm, "Missing data")).toBe("treated as missing");
    expect(listItems(alarm, "Metrics")).toEqual([
      "m1: AWS/ApplicationELB RequestCount (LoadBalancer=app/web-public/50dc6c495c0c9188) Sum over 5 minutes (evaluated)",
      'ad1: ANOMALY_DETECTION_BAND(m1, 2) "RequestCount (expected)" (threshold)',
    ]);
  });

  it("shows a composite alarm's rule and the children that triggered it", () => {
    const alarm = render("cloudwatch-alarm-composite");

    expect(alarm).toMatchObject({ kind: "cloudwatch-alarm", title: "checkout-degraded", severity: "high" });
    expect(alarm.fields.find((field) => field.label === "Rule")).toEqual({
      label: "Rule",
      value: 'ALARM("arn:aws:cloudwatch:us-east-1:111122223333:alarm:checkout-5xx-high") AND ALARM("arn:aws:cloudwatch:us-east-1:111122223333:alarm:checkout-latency-p99-high")',
      code: true,
    });
    expect(listItems(alarm, "Triggered by")).toEqual([
      "checkout-5xx-high: ALARM since 2025-03-14 09:26:53 UTC",
      "checkout-latency-p99-high: ALARM since 2025-03-14 09:24:11 UTC",
    ]);
    expect(alarm.context[0]).toBe("CloudWatch composite alarm");
  });

  it.each([
    ["cloudwatch-alarm-govcloud", "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#alarmsV2:alarm/payments-queue-depth", "us-gov-west-1"],
    ["cloudwatch-alarm-china", "https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#alarmsV2:alarm/orders-db-free-storage-low", "cn-north-1"],
    ["cloudwatch-alarm-alarm", "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/checkout-web-cpu-high", "us-east-1"],
  ])("links %s to the console of its own partition", (fixture, url, region) => {
    const alarm = render(fixture);
    expect(alarm.links.map((link) => link.url)).toEqual([url]);
    expect(alarm.context).toContain(region);
  });

  it("reads the Region from its display name when there is no AlarmArn, and URL-encodes the alarm name", () => {
    const alarm = render("cloudwatch-alarm-region-display-name");

    expect(alarm.title).toBe("orders api / p99 latency > 2s #1");
    expect(alarm.links[0].url).toBe(
      "https://console.aws.amazon.com/cloudwatch/home?region=us-east-2#alarmsV2:alarm/orders%20api%20%2F%20p99%20latency%20%3E%202s%20%231",
    );
    expect(alarm.context).toEqual(["CloudWatch alarm", "Account 111122223333", "us-east-2", "Changed 2025-03-14 09:26:53 UTC"]);
    expect(fieldValue(alarm, "Condition")).toBe("p99 > 2 Seconds for 1 of 1 period of 1 minute");
    expect(fieldValue(alarm, "Description")).toBeUndefined();
  });

  it("keeps Slack control sequences in the description as text (the adapter escapes them)", () => {
    const alarm = render("cloudwatch-alarm-description-mentions");
    expect(fieldValue(alarm, "Description")).toContain("<!channel> Disk almost full");
    expect(fieldValue(alarm, "Dimensions")).toBe("InstanceId=i-0a1b2c3d4e5f67890, path=/`<!everyone>`");
  });

  it("gives no console link when the Region cannot be known, rather than a wrong one", () => {
    const alarm = renderNotification(input(JSON.stringify({ AlarmName: "x", NewStateValue: "ALARM", Region: "Somewhere (Unknown)" })));
    expect(alarm.kind).toBe("cloudwatch-alarm");
    expect(alarm.links).toEqual([]);
    expect(alarm.context).toContain("Somewhere (Unknown)");
  });

  it("does not mistake JavaScript's built-in names for known states or operators", () => {
    const alarm = renderNotification(
      input(JSON.stringify({ AlarmName: "x", NewStateValue: "constructor", Trigger: { ComparisonOperator: "toString", Statistic: "__proto__" } })),
    );
    expect(alarm.severity).toBe("unknown");
    expect(fieldValue(alarm, "Condition")).toBe("__proto__ toString");
  });

  it("copes with alarm fields of the wrong type", () => {
    const alarm = renderNotification(
      input(JSON.stringify({ AlarmName: "x", NewStateValue: "WEIRD", OldStateValue: 7, Trigger: { Metrics: "no", Dimensions: [null, 1, {}], Period: "sixty", ComparisonOperator: "Sideways" }, TriggeringChildren: [null, 5, "arn:aws:cloudwatch:us-east-1:1:alarm:child"] })),
    );
    expect(alarm).toMatchObject({ kind: "cloudwatch-alarm", severity: "unknown" });
    expect(fieldValue(alarm, "State")).toBe("WEIRD");
    expect(fieldValue(alarm, "Condition")).toBe("the metric Sideways");
    expect(listItems(alarm, "Triggered by")).toEqual(["(unreadable child alarm)", "5", "child"]);
  });
});

describe("AWS Chatbot custom notifications", () => {
  it("renders the minimal notification with its description as markdown", () => {
    const custom = render("custom-notification-minimal");
    expect(custom).toMatchObject({ kind: "custom", recognized: true, title: "Custom notification", severity: "info" });
    expect(custom.body).toEqual({ text: "Deployment of *orders-api* finished.", markdown: true });
    expect(custom.summary).toBe("Deployment of *orders-api* finished.");
  });

  it("renders every documented field", () => {
    const custom = render("custom-notification-full");

    expect(custom.title).toBe(":rocket: orders-api deployed to production");
    expect(custom.summary).toBe("orders-api 2.14.0 deployed to production");
    expect(custom.publisherThreadId).toBe("deploy-orders-api-1842");
    expect(custom.body?.markdown).toBe(true);
    expect(listItems(custom, "Next steps")).toEqual([
      "Watch the `orders-api` dashboard for 15 minutes",
      "Roll back with `deploy rollback orders-api` if errors rise",
    ]);
    expect(listItems(custom, "Keywords")).toEqual(["deployment", "orders-api", "production"]);
    expect(custom.fields).toEqual([
      {
        label: "Related resources",
        value: "arn:aws:ecs:us-east-1:111122223333:service/prod/orders-api\narn:aws:codedeploy:us-east-1:111122223333:deploymentgroup:orders-api/prod",
        code: true,
      },
      { label: "commit", value: "9f2c1ab" },
      { label: "pipeline", value: "orders-api-release" },
      { label: "durationSeconds", value: "412" },
      { label: "canary", value: "true" },
    ]);
    expect(custom.context).toEqual(["Custom notification", "Event type: DeploymentSucceeded", "ID: c-4f1d2e7a-deploy-1842"]);
  });

  it("cuts over-limit values visibly instead of rejecting the notification", () => {
    const custom = render("custom-notification-over-limits");

    expect(custom.kind).toBe("custom");
    expect(custom.title).toHaveLength(CUSTOM_NOTIFICATION_LIMITS.title);
    expect(custom.title.endsWith("…")).toBe(true);
    expect(custom.body?.text).toHaveLength(CUSTOM_NOTIFICATION_LIMITS.description);
    expect(custom.body?.text.endsWith("…")).toBe(true);
    const [longStep, shortStep] = listItems(custom, "Next steps") ?? [];
    expect(longStep).toHaveLength(CUSTOM_NOTIFICATION_LIMITS.nextStep);
    expect(longStep.endsWith("…")).toBe(true);
    expect(shortStep).toBe("Short step");
    const [longKeyword, shortKeyword] = listItems(custom, "Keywords") ?? [];
    expect(longKeyword).toHaveLength(CUSTOM_NOTIFICATION_LIMITS.keyword);
    expect(shortKeyword).toBe("ok-keyword");
    expect(custom.summary.length).toBeLessThanOrEqual(300);
    expect(custom.fields.at(-1)).toEqual({ label: "More context", value: "10 more fields" });
  });

  it("falls through to generic JSON when the required description is missing", () => {
    const json = render("custom-notification-missing-description");
    expect(json).toMatchObject({ kind: "json", recognized: false });
    expect(fieldValue(json, "content.title")).toBe("Nightly report ready");
  });

  it.each([
    ['{"version":"1.0","source":"custom","content":{"description":"   "}}', "blank description"],
    ['{"version":1.0,"source":"custom","content":{"description":"x"}}', "numeric version"],
    ['{"version":"2.0","source":"custom","content":{"description":"x"}}', "unknown version"],
    ['{"version":"1.0","source":"aws.ecs","content":{"description":"x"}}', "other source"],
  ])("does not claim %s (%s)", (message) => {
    expect(renderNotification(input(message)).kind).toBe("json");
  });
});

describe("unknown JSON", () => {
  it("shows a reshaped EventBridge event (no source) with its detail-type as title and nested keys flattened", () => {
    const json = render("json-nested");

    expect(json).toMatchObject({ kind: "json", recognized: false, title: "ECS Task State Change", severity: "info" });
    expect(fieldValue(json, "account")).toBe("111122223333");
    expect(fieldValue(json, "detail.lastStatus")).toBe("STOPPED");
    expect(json.fields.find((field) => field.label === "detail.containers")).toEqual({
      label: "detail.containers",
      value: '[{"name":"orders-api","exitCode":137,"lastStatus":"STOPPED"},{"name":"envoy","exitCode":0,"lastStatus":"STOPPED"}]',
      code: true,
    });
    expect(fieldValue(json, "detail.attachments")).toBe("[]");
    // Flattened to three levels; anything deeper is shown as compact JSON.
    expect(fieldValue(json, "detail.deployment.config")).toBe('{"strategy":{"type":"ROLLING","limits":{"min":50,"max":200}}}');
  });

  it("shows the first fields of a 500-key object and counts the rest", () => {
    const json = render("json-huge-500-keys");

    expect(json.title).toBe("Inventory snapshot");
    expect(json.fields).toHaveLength(31);
    expect(json.fields[0]).toEqual({ label: "item-000", value: "0", code: true });
    expect(json.fields[1]).toEqual({ label: "item-001", value: "value 1" });
    expect(json.fields.at(-1)).toEqual({ label: "More", value: "470 more fields" });
  });

  it("shows a top-level array item by item", () => {
    const json = render("json-array");

    expect(json).toMatchObject({ kind: "json", title: "Batch job results" });
    expect(fieldValue(json, "[0].job")).toBe("resize-images");
    expect(fieldValue(json, "[1].status")).toBe("SUCCEEDED");
    expect(fieldValue(json, "[2]")).toBe("note");
    expect(fieldValue(json, "[3]")).toBe("42");
    expect(fieldValue(json, "[4]")).toBe("null");
    expect(json.context[0]).toBe("JSON list (not a recognised format)");
  });

  it.each([
    ['{"detail-type":"A","title":"B"}', undefined, "A"],
    ['{"title":"B","Subject":"C"}', undefined, "B"],
    ['{"Subject":"C"}', "from SNS", "C"],
    ['{"other":1}', "from SNS", "from SNS"],
    ['{"other":1}', undefined, "Notification"],
    ['{"title":{"nested":true}}', undefined, "Notification"],
  ])("titles %s (subject %s) as %s", (message, subject, title) => {
    expect(renderNotification(input(message, subject)).title).toBe(title);
  });
});

describe("plain text", () => {
  it("shows the subject as title and the message as body", () => {
    const text = render("plain-text");
    expect(text).toMatchObject({ kind: "text", recognized: false, title: "Nightly backup finished", severity: "info" });
    expect(text.body?.text).toBe(
      "The nightly backup of orders-db completed in 42 minutes.\nSnapshot: rds:orders-db-2025-03-14-03-00\nSize: 181 GiB",
    );
    expect(text.context).toEqual(["Plain text message", "Published 2025-03-14 09:26:53 UTC"]);
  });

  it("keeps a 50 KB message whole: cutting is the chat adapter's job", () => {
    const text = render("plain-text-50kb");
    expect(text.body?.text).toHaveLength(51_200);
  });

  it("titles a message without subject 'Message' and previews its first words", () => {
    const text = renderNotification(input("line one\nline two"));
    expect(text).toMatchObject({ kind: "text", title: "Message", summary: "line one line two" });
  });

  it.each(["42", "null", "true", '"a JSON string"', "{not json", "[1, 2", ""])("renders %j as plain text", (message) => {
    const text = renderNotification(input(message));
    expect(text.kind).toBe("text");
    expect(text.body?.text ?? "").toBe(message);
  });
});

describe("the renderer waterfall", () => {
  it("tries CloudWatch alarms, custom notifications, EventBridge (specific, then generic), service formats, generic JSON, then plain text", () => {
    const kinds = RENDERERS.map((renderer) => renderer.kind);
    expect(kinds.slice(0, 4)).toEqual(["cloudwatch-alarm", "custom", "cloudwatch-alarm-eventbridge", "guardduty-finding"]);
    expect(kinds.indexOf("eventbridge")).toBeGreaterThan(kinds.indexOf("rds-event"));
    expect(kinds.indexOf("eventbridge")).toBeLessThan(kinds.indexOf("rds-event-subscription"));
    expect(kinds.slice(-2)).toEqual(["json", "text"]);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it("falls through to the generic renderers when a renderer throws, and reports it", () => {
    const broken: Renderer = {
      kind: "broken",
      render: () => {
        throw new Error("boom");
      },
    };
    const reported: string[] = [];
    const notification = renderWith([broken, genericJsonRenderer, plainTextRenderer], input('{"a":1}'), {
      onRendererError: (kind) => reported.push(kind),
    });
    expect(notification.kind).toBe("json");
    expect(reported).toEqual(["broken"]);
  });

  it("still returns a notification when the input is not what its type promises", () => {
    const hostile = {
      messageId: "m",
      topicArn: "t",
      timestamp: "now",
      messageAttributes: {},
      get message(): string {
        throw new Error("unreadable");
      },
    } as SnsNotificationInput;
    const reported: string[] = [];
    const notification = renderNotification(hostile, {
      onRendererError: (kind) => {
        reported.push(kind);
        throw new Error("a broken logger must not matter either");
      },
    });
    expect(notification).toMatchObject({ kind: "unreadable", recognized: false });
    // Every renderer that reads the text reports the failure; none stops the next from trying.
    expect(reported[0]).toBe("parse");
    expect(reported.at(-1)).toBe("text");
  });

  it("renders very deep and very large JSON without overflowing the stack or timing out", () => {
    const deep = renderNotification(input(`${"[".repeat(100_000)}${"]".repeat(100_000)}`));
    expect(deep.kind).toBe("json");
    const large = Object.fromEntries(Array.from({ length: 10_000 }, (_, index) => [`k${index}`, { nested: "v".repeat(20) }]));
    const started = Date.now();
    const rendered = renderNotification(input(JSON.stringify(large)));
    expect(rendered.fields.at(-1)).toEqual({ label: "More", value: "9970 more fields" });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("gives renderers a frozen parsed message, so none can change what the next one sees", () => {
    let seen: unknown;
    const spy: Renderer = {
      kind: "spy",
      render: (_input, parsed) => {
        seen = parsed;
        return undefined;
      },
    };
    renderWith([spy, plainTextRenderer], input('{"a":{"b":[1,{"c":2}]}}'));
    expect(Object.isFrozen(seen)).toBe(true);
    expect(Object.isFrozen((seen as { a: { b: unknown[] } }).a.b[1])).toBe(true);
  });
});

describe("every fixture", () => {
  it.each(listSnsFixtures())("%s renders without changing its input", (name) => {
    const frozen = deepFreeze(loadSnsFixture(name));
    const before = structuredClone(frozen);
    const errors: unknown[] = [];

    const notification = renderNotification(frozen, { onRendererError: (_kind, error) => errors.push(error) });

    expect(errors).toEqual([]);
    expect(frozen).toEqual(before);
    expect(notification.title.trim()).not.toBe("");
    expect(notification.summary.trim()).not.toBe("");
    expect(notification.summary).not.toMatch(/\n/);
  });

  it("covers every case the README lists", () => {
    expect(listSnsFixtures()).toEqual(
      expect.arrayContaining([
        "cloudwatch-alarm-alarm",
        "cloudwatch-alarm-ok",
        "cloudwatch-alarm-insufficient-data",
        "cloudwatch-alarm-metric-math",
        "cloudwatch-alarm-anomaly-detection",
        "cloudwatch-alarm-composite",
        "cloudwatch-alarm-govcloud",
        "cloudwatch-alarm-china",
        "cloudwatch-alarm-description-mentions",
        "custom-notification-minimal",
        "custom-notification-full",
        "custom-notification-over-limits",
        "custom-notification-missing-description",
        "json-nested",
        "json-huge-500-keys",
        "json-array",
        "plain-text",
        "plain-text-50kb",
        "plain-text-slack-control-sequences",
      ]),
    );
  });
});
