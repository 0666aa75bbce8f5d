import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { privacyChangeFrom } from "../../lambdas/privacy-erasure/stream-records";
import { createPrivacyErasureTelemetry } from "../../lambdas/privacy-erasure/telemetry";
import { privacyErasureEnvironment, privacyErasureVariables } from "../../lambdas/privacy-erasure/environment";
import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import { join } from "node:path";
import { outboxItemsToErase } from "../../lambdas/shared/privacy/region-erasure";
import { isErasureContinuation, privacyRequestId } from "../../lambdas/shared/privacy";
import { privacySettingFrom } from "../../lambdas/shared/store/privacy-records";
import { MissingEnvironmentError } from "../../lambdas/shared/errors";

/** Pure parts of the privacy feature: defaults, ids, stream records, continuation events, what the function logs and measures. */

describe("the setting's defaults", () => {
  test("no record: sharing on, version 0, nothing erased", () => {
    expect(privacySettingFrom("111122223333", undefined)).toEqual({ accountId: "111122223333", shareUserData: true, version: 0, floorVersion: 0, recorded: false });
  });

  test("request ids are derived from the version, so a redelivered change maps to the same request", () => {
    expect(privacyRequestId(3, false)).toBe("opt-out-v3");
    expect(privacyRequestId(4, true)).toBe("opt-in-v4");
  });
});

describe("stream records", () => {
  const image = (version: number, share: boolean) => ({
    pk: { S: "ACCOUNT#111122223333" }, sk: { S: "PRIVACY" }, shareUserData: { BOOL: share }, version: { N: String(version) }, floorVersion: { N: "2" },
    changedBy: { S: "U0ADMIN01" }, changedAt: { S: "2026-06-01T00:00:00.000Z" }, notify: { M: { teamId: { S: "T0HERALD1" }, channelId: { S: "C0OPS0001" } } },
  });

  test("a higher version is a change, carried with who asked and where to tell them", () => {
    expect(privacyChangeFrom({ eventName: "MODIFY", dynamodb: { NewImage: image(2, false), OldImage: image(1, true) } }, "111122223333")).toEqual({
      accountId: "111122223333", version: 2, shareUserData: false, floorVersion: 2, changedBy: "U0ADMIN01", changedAt: "2026-06-01T00:00:00.000Z",
      notify: { teamId: "T0HERALD1", channelId: "C0OPS0001" },
    });
  });

  test.each([
    ["the same version (the engine updating a Region's erasure state)", { eventName: "MODIFY" as const, dynamodb: { NewImage: image(2, false), OldImage: image(2, false) } }],
    ["a removal", { eventName: "REMOVE" as const, dynamodb: { OldImage: image(2, false) } }],
    ["another account's record", { eventName: "INSERT" as const, dynamodb: { NewImage: { ...image(1, false), pk: { S: "ACCOUNT#999999999999" } } } }],
    ["a record without a version", { eventName: "INSERT" as const, dynamodb: { NewImage: { pk: { S: "ACCOUNT#111122223333" }, sk: { S: "PRIVACY" } } } }],
  ])("%s is not a change", (_, record) => {
    expect(privacyChangeFrom(record, "111122223333")).toBeUndefined();
  });
});

describe("continuation events", () => {
  const continuation = { kind: "privacy-erasure-continuation", accountId: "111122223333", version: 1, requestId: "opt-out-v1", chainId: "c", cursors: {} };

  test("are recognised after a JSON round trip (the Lambda Invoke payload)", () => {
    expect(isErasureContinuation(JSON.parse(JSON.stringify(continuation)))).toBe(true);
  });

  test.each([null, "text", { ...continuation, kind: "other" }, { ...continuation, version: "1" }, { Records: [] }])("%j is not one", (event) => {
    expect(isErasureContinuation(event)).toBe(false);
  });
});

describe("the deletion function's telemetry", () => {
  let lines: string[];
  let telemetry: ReturnType<typeof createPrivacyErasureTelemetry>;
  beforeEach(() => {
    lines = [];
    // Dev mode writes through the global console (which the test captures); metrics stay on.
    process.env.POWERTOOLS_DEV = "true";
    process.env.POWERTOOLS_METRICS_DISABLED = "false";
    jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(String(line)));
    jest.spyOn(console, "info").mockImplementation((line: string) => void lines.push(String(line)));
    jest.spyOn(console, "warn").mockImplementation((line: string) => void lines.push(String(line)));
    jest.spyOn(console, "error").mockImplementation((line: string) => void lines.push(String(line)));
    telemetry = createPrivacyErasureTelemetry(new Logger({ serviceName: "herald-privacy-erasure" }), new Metrics({ namespace: "Herald", serviceName: "herald-privacy-erasure" }));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    delete process.env.POWERTOOLS_DEV;
    delete process.env.POWERTOOLS_METRICS_DISABLED;
  });
  const emf = () => lines.map((line) => JSON.parse(line)).filter((entry) => entry._aws);

  test("ErasureOverdue is emitted with only the service dimension, as the CDK alarm expects", () => {
    telemetry.overdue(2);
    const [metric] = emf();
    expect(metric._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: "Herald", Dimensions: [["service"]], Metrics: [{ Name: "ErasureOverdue", Unit: "Count" }] });
    expect(metric).toMatchObject({ service: "herald-privacy-erasure", ErasureOverdue: 2 });
  });

  test("each Region's outcome is one JSON log line and an ErasureItemsDeleted metric per Region; failures count ErasureRegionFailures", () => {
    telemetry.regionFinished({ requestId: "opt-out-v1", region: "eu-west-1", status: "complete", itemsDeleted: 75, attempts: 1, startedAt: "2026-06-01T00:00:00.000Z", endedAt: "2026-06-01T00:00:05.000Z" });
    telemetry.attemptFailed({ requestId: "opt-out-v1", region: "ap-southeast-2", attempts: 1, error: "TimeoutError", nextAttemptAt: Date.UTC(2026, 5, 1), gaveUp: false });
    expect(emf().map((m) => [m._aws.CloudWatchMetrics[0].Metrics[0].Name, m.Region])).toEqual([["ErasureItemsDeleted", "eu-west-1"], ["ErasureRegionFailures", "ap-southeast-2"]]);
    const logs = lines.map((line) => JSON.parse(line)).filter((entry) => entry.message);
    expect(logs[0]).toMatchObject({ level: "INFO", requestId: "opt-out-v1", region: "eu-west-1", status: "complete", itemsDeleted: 75 });
    expect(logs[1]).toMatchObject({ level: "WARN", region: "ap-southeast-2", error: "TimeoutError", gaveUp: false });
  });
});

/** Every variable the erasure function reads, as Lambda would set them. */
const ENVIRONMENT = {
  TABLE_NAME: "herald", HERALD_ACCOUNT_ID: "111122223333", SECRETS_REGION: "us-east-1", POWERTOOLS_SERVICE_NAME: "herald-privacy-erasure", HERALD_REGIONS: "us-east-1,eu-west-1",
  HOME_REGION: "us-east-1", ERASURE_ALARM_MINUTES: "60", HERALD_RECOVERY_WINDOW_DAYS: "7", SLACK_BOT_TOKEN_SECRET_NAMES: "T0HERALD1:herald/T0HERALD1/bot-token", AWS_LAMBDA_FUNCTION_NAME: "herald-privacy-erasure",
};

describe("the deletion function's environment", () => {
  test("a missing variable fails at start-up, naming it", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, ENVIRONMENT);
    delete process.env.HERALD_REGIONS;
    try {
      // A fresh module registry, so the handler module initialises again; the class is compared by name.
      await jest.isolateModulesAsync(async () => {
        await expect(import("../../lambdas/privacy-erasure/index")).rejects.toThrow(expect.objectContaining({ name: MissingEnvironmentError.name, message: "Environment variable HERALD_REGIONS is required but not set" }));
      });
    } finally {
      process.env = saved;
    }
  });
});

describe("SLACK_BOT_TOKEN_SECRET_NAMES (the erasure function's workspaces)", () => {
  test("maps each teamId to its secret name; a malformed pair is a clear error that names it", () => {
    const read = (value: string) => privacyErasureEnvironment.read({ ...ENVIRONMENT, SLACK_BOT_TOKEN_SECRET_NAMES: value }).SLACK_BOT_TOKEN_SECRET_NAMES;
    expect([...read("T0HERALD1:herald/T0HERALD1/bot-token, T0OTHER01:other/bot")]).toEqual([["T0HERALD1", "herald/T0HERALD1/bot-token"], ["T0OTHER01", "other/bot"]]);
    expect(() => read("T0HERALD1")).toThrow('Environment variable SLACK_BOT_TOKEN_SECRET_NAMES is invalid: "T0HERALD1" is not key:value');
    expect(() => read(":herald/x")).toThrow("is not key:value");
  });
});

describe("the deletion function's environment as CDK and the local runtime build it", () => {
  test("what privacyErasureVariables builds from the config is what the function reads at init", () => {
    const config = loadHeraldConfig(join(__dirname, "../../config/herald.example.json"));
    const built = privacyErasureVariables({ config, tableName: "herald", accountId: "111122223333" });
    const read = privacyErasureEnvironment.read({ ...built, AWS_LAMBDA_FUNCTION_NAME: "herald-privacy-erasure" });
    expect(read).toMatchObject({ TABLE_NAME: "herald", HOME_REGION: config.account.homeRegion, HERALD_REGIONS: config.account.regions, HERALD_RECOVERY_WINDOW_DAYS: config.account.recoveryWindowDays });
    expect(built).not.toHaveProperty("HERALD_TABLE_NAME");
  });
});

describe("which waiting outbox items an opt-out erases", () => {
  const now = Date.UTC(2026, 5, 1, 12);
  const item = (ageMs: number) => ({ key: { pk: "OUTBOX#T#C", sk: `${ageMs}` }, teamId: "T", channelId: "C", messageId: `m-${ageMs}`, enqueuedAt: now - ageMs });
  test.each([
    ["a working channel: only what waited longer than the in-flight bound", false, [0, 59 * 60_000, 61 * 60_000, 86_400_000], [61 * 60_000, 86_400_000]],
    ["a channel the platform refuses: everything waiting, however fresh", true, [0, 59 * 60_000, 86_400_000], [0, 59 * 60_000, 86_400_000]],
    ["nothing waiting", true, [], []],
  ])("%s", (_name, failing, ages, erased) => {
    expect(outboxItemsToErase(ages.map(item), failing, now, 3_600_000).map((i) => now - i.enqueuedAt)).toEqual(erased);
  });
});
