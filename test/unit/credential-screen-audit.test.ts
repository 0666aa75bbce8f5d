import { Logger } from "@aws-lambda-powertools/logger";
import { type AuditLogger, auditCommand, auditDigest, type CommandAuditEntry, REFUSED_CREDENTIAL_TEXT } from "../../lambdas/shared/commands/audit";

/** The command audit log: one line per command, whatever the logging level, never a credential. */

class CollectingLogger implements AuditLogger {
  readonly lines: Array<{ message: string; attributes: Record<string, unknown> }> = [];
  info(message: string, attributes: Record<string, unknown>): void {
    this.lines.push({ message, attributes });
  }
}

const entry: CommandAuditEntry = {
  caller: { teamId: "T0123", channelId: "C0456", userId: "U0789" },
  command: "sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:ops --message hi",
  outcome: "denied",
  durationMs: 41.6,
  requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
  configuration: "ops-alarms",
  iamAction: "sns:Publish",
  resource: "arn:aws:sns:us-east-1:123456789012:ops",
  region: "us-east-1",
  mutating: true,
  detail: "The channel's guardrails (ReadOnlyAccess) do not allow sns:Publish: implicitly denied.",
};

describe("auditCommand", () => {
  test("writes one structured line with who, where, what (the command's shape and digests), the outcome, the duration and the request id", () => {
    const logger = new CollectingLogger();
    auditCommand(entry, logger);
    expect(logger.lines).toEqual([{
      message: "Command audit",
      attributes: {
        audit: "command",
        teamId: "T0123",
        channelId: "C0456",
        userId: "U0789",
        serviceName: "sns",
        operationName: "publish",
        parameters: [{ name: "topic-arn", digest: auditDigest("arn:aws:sns:us-east-1:123456789012:ops") }, { name: "message", digest: auditDigest("hi") }],
        commandDigest: auditDigest(entry.command),
        outcome: "denied",
        durationMs: 42,
        requestId: entry.requestId,
        configuration: "ops-alarms",
        iamAction: "sns:Publish",
        resource: auditDigest("arn:aws:sns:us-east-1:123456789012:ops"),
        region: "us-east-1",
        mutating: true,
        detail: entry.detail,
      },
    }]);
  });

  test("a command carrying a credential is logged as refused, never as typed", () => {
    const logger = new CollectingLogger();
    const secret = ["wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY"].join("");
    const record = auditCommand({ ...entry, command: `sns publish --message ${secret}`, outcome: "refused-credential", detail: `echo ${secret}` }, logger);
    expect(record.command).toBe(REFUSED_CREDENTIAL_TEXT);
    expect(record.detail).toBe(REFUSED_CREDENTIAL_TEXT);
    expect(JSON.stringify(logger.lines)).not.toContain(secret);
  });

  test("fields left out are not written; a very long command is its shape and digests, whatever its length", () => {
    const logger = new CollectingLogger();
    const record = auditCommand({ caller: { teamId: "T1", channelId: "C1", userId: "U1" }, command: `sns publish --message ${"x".repeat(6_000)}`, outcome: "succeeded", durationMs: 5, requestId: "r" }, logger);
    expect(Object.keys(record).sort()).toEqual(["audit", "channelId", "commandDigest", "durationMs", "operationName", "outcome", "parameters", "requestId", "serviceName", "teamId", "userId"]);
    expect(JSON.stringify(record).length).toBeLessThan(500);
  });

  test("by default it is a Powertools JSON line at INFO, even when the function logs only errors", () => {
    const previous = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      auditCommand(entry);
    } finally {
      spy.mockRestore();
      if (previous === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
      else process.env.POWERTOOLS_LOG_LEVEL = previous;
    }
    const lines = written.join("").trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "INFO", message: "Command audit", service: "herald-audit", audit: "command", outcome: "denied", userId: "U0789" });
  });

  test("Powertools' Logger can be injected as is", () => {
    const logger: AuditLogger = new Logger({ serviceName: "herald-command", logLevel: "SILENT" });
    expect(() => auditCommand(entry, logger)).not.toThrow();
  });
});
