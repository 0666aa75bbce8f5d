import type { CommandAuditEntry } from "../../lambdas/shared/commands/audit";
import { synthTemplates } from "../cdk/synth";
import { captureLogsPerTest } from "../helpers/capture-logs";
import { configRefusal, exampleConfigWith } from "./variant-config";

/**
 * The command audit log is always on: the config has no switch for it, a channel's logging level
 * and the function's log-level variables do not mute it, and no function lets Lambda drop its lines.
 */

const logs = captureLogsPerTest();
const entry: CommandAuditEntry = { caller: { teamId: "T0HERALD1", channelId: "C0DEV0001", userId: "U0DEV0001" }, command: "sns list-topics", outcome: "succeeded", durationMs: 3, requestId: "r-1" };

/** Audits one command with a fresh module (its logger is built on first use) under `env`. */
function auditUnder(env: Record<string, string>): string[] {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    jest.isolateModules(() => {
      const { auditCommand } = require("../../lambdas/shared/commands/audit") as typeof import("../../lambdas/shared/commands/audit"); // eslint-disable-line @typescript-eslint/no-require-imports
      auditCommand(entry);
    });
  } finally {
    for (const name of Object.keys(env)) delete process.env[name];
    Object.assign(process.env, saved);
  }
  return logs.lines.filter((line) => line.includes('"herald-audit"'));
}

it.each<[string, (config: { account: Record<string, unknown>; channels: Array<Record<string, unknown>> }) => void]>([
  ["account.auditLog", (config) => { config.account.auditLog = false; }],
  ["channels[0].auditLog", (config) => { config.channels[0].auditLog = false; }],
  ["channels[0].audit", (config) => { config.channels[0].audit = "off"; }],
])("the config has no switch to turn it off: %s is refused as unknown", (field, patch) => {
  const config = exampleConfigWith({}) as { account: Record<string, unknown>; channels: Array<Record<string, unknown>> };
  patch(config);
  const issues = configRefusal(config).issues.join("\n");
  expect(issues).toMatch(/Unrecognized key/);
  expect(issues).toContain(field.replace(/\.[a-zA-Z]+$/, ""));
});

it.each([
  ["no log-level variable", {}],
  ["POWERTOOLS_LOG_LEVEL=SILENT (the function's own level, as for a NONE configuration)", { POWERTOOLS_LOG_LEVEL: "SILENT" }],
  ["LOG_LEVEL=ERROR", { LOG_LEVEL: "ERROR" }],
])("an audit line is written with %s", (_name, env) => {
  const [line] = auditUnder(env);
  expect(JSON.parse(line)).toMatchObject({ level: "INFO", audit: "command", userId: "U0DEV0001", serviceName: "sns", operationName: "list-topics", outcome: "succeeded" });
});

it("Lambda's advanced logging controls at ERROR would drop it, so no Herald function sets an application log level", () => {
  // Why the template check below matters: Lambda (and Powertools, following it) drops INFO lines.
  expect(auditUnder({ AWS_LAMBDA_LOG_LEVEL: "ERROR" })).toEqual([]);

  for (const [region, template] of synthTemplates()) {
    for (const [id, fn] of Object.entries(template.findResources("AWS::Lambda::Function"))) {
      const level = fn.Properties.LoggingConfig?.ApplicationLogLevel;
      expect({ fn: `${region} ${id}`, level }).toEqual({ fn: `${region} ${id}`, level: undefined });
    }
  }
}, 60_000);
