/** The channel configuration's noise-control fields: optional, validated, and carried to the table records. */
import { HeraldConfigSchema } from "../../lambdas/shared/config/schema";
import { channelConfigRecords } from "../../lambdas/shared/store/channel-configs";

const base = {
  account: { homeRegion: "us-east-1", regions: ["us-east-1"], admins: ["U0ADMIN01"] },
  workspaces: [{ teamId: "T0HERALD1", botTokenSecretName: "herald/bot", signingSecretName: "herald/signing" }],
  topics: [{ name: "alarms" }],
};
const channel = { name: "ops", teamId: "T0HERALD1", channelId: "C0OPS0001", topics: ["alarms"], iamRoleArn: "arn:aws:iam::123456789012:role/Ops" };

function parse(extra: Record<string, unknown>) {
  return HeraldConfigSchema.safeParse({ ...base, channels: [{ ...channel, ...extra }] });
}

describe("filters and mentions in the config", () => {
  it("are optional, and a configuration without them keeps exactly the record it had", () => {
    const result = parse({});
    expect(result.success).toBe(true);
    const [record] = channelConfigRecords(result.data!, (name) => `arn:aws:sns:us-east-1:123456789012:herald-${name}`);
    expect(record).not.toHaveProperty("filters");
    expect(record).not.toHaveProperty("mentions");
  });

  it("are validated and carried to the records, with defaults filled in", () => {
    const result = parse({
      filters: { includeEventTypes: ["CloudWatch Alarm State Change"], excludeEventTypes: ["text"], minSeverity: "medium" },
      mentions: { onAlarm: "here", minSeverity: "critical" },
    });
    expect(result.success).toBe(true);
    const [record] = channelConfigRecords(result.data!, (name) => name);
    expect(record.filters).toEqual({ includeEventTypes: ["CloudWatch Alarm State Change"], excludeEventTypes: ["text"], minSeverity: "medium" });
    expect(record.mentions).toEqual({ onAlarm: "here", minSeverity: "critical", onSeverity: "here" });
  });

  it.each([
    [{ filters: { minSeverity: "ok" } }, "filters.minSeverity"],
    [{ filters: { includeEventTypes: [] } }, "filters.includeEventTypes"],
    [{ filters: { includeEventTypes: [""] } }, "filters.includeEventTypes.0"],
    [{ filters: { severity: "high" } }, "filters"],
    [{ mentions: { onAlarm: "everyone" } }, "mentions.onAlarm"],
    [{ mentions: { onSeverity: "none" } }, "mentions.onSeverity"],
  ])("rejects %j naming %s", (extra, path) => {
    const result = parse(extra);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.slice(2).join("."))).toContain(path);
  });
});
