import { type AuditLogger, auditCommand, auditDigest, REFUSED_CREDENTIAL_TEXT } from "../../lambdas/shared/commands/audit";

/**
 * The audit log is kept 90 days, outside the opt-out's reach: it records a command's shape (service,
 * operation, parameter names) and digests of its values, never what a member typed.
 */

const caller = { teamId: "T0HERALD1", channelId: "C0OPS0001", userId: "U0MEMBER1" };
function audited(command: string, extra: { resource?: string; detail?: string } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const logger: AuditLogger = { info: (_message, attributes) => void lines.push(attributes) };
  auditCommand({ caller, command, outcome: "denied", durationMs: 3, requestId: "r-1", ...extra }, logger);
  return lines[0];
}

test("an audit line holds the parameter names and digests of the values, never the values", () => {
  const line = audited('sns publish --topic-arn arn:aws:sns:us-east-1:111122223333:ops --message "the merger with Initech closes Friday"');
  expect(line).toMatchObject({
    serviceName: "sns",
    operationName: "publish",
    parameters: [
      { name: "topic-arn", digest: auditDigest("arn:aws:sns:us-east-1:111122223333:ops") },
      { name: "message", digest: auditDigest("the merger with Initech closes Friday") },
    ],
  });
  expect(JSON.stringify(line)).not.toMatch(/Initech|merger|111122223333:ops/);
  // The same value always gives the same digest: an auditor can match a value they already know.
  expect(auditDigest("the merger with Initech closes Friday")).toMatch(/^sha256:[0-9a-f]{16}$/);
});

test("values quoted in Herald's own words (the resource, the denial reason) are replaced by their digests", () => {
  const line = audited("lambda invoke --function-name payroll-export-7f3k", {
    resource: "arn:aws:lambda:us-east-1:111122223333:function:payroll-export-7f3k",
    detail: "The channel's guardrails do not allow lambda:InvokeFunction on payroll-export-7f3k",
  });
  expect(line.resource).toBe(`arn:aws:lambda:us-east-1:111122223333:function:${auditDigest("payroll-export-7f3k")}`);
  expect(line.detail).toBe(`The channel's guardrails do not allow lambda:InvokeFunction on ${auditDigest("payroll-export-7f3k")}`);
  expect(JSON.stringify(line)).not.toContain("payroll-export-7f3k");
});

test("words that are not names, positional arguments and text that does not split into words are digests too", () => {
  expect(audited("alias create rotate lambda invoke --function-name $fn")).toMatchObject({
    serviceName: "alias", operationName: "create", arguments: [auditDigest("rotate"), auditDigest("lambda"), auditDigest("invoke")], parameters: [{ name: "function-name", digest: auditDigest("$fn") }],
  });
  const odd = audited("\"my secret plan\" --x y");
  expect(odd).not.toHaveProperty("serviceName");
  expect(JSON.stringify(odd)).not.toContain("secret plan");
  const open = audited('sns publish --message "never closed');
  expect(Object.keys(open)).toContain("commandDigest");
  expect(JSON.stringify(open)).not.toContain("never closed");
});

test("Herald's own markers are logged as they are, and a credential is refused without even a digest", () => {
  expect(audited("[confirmation]")).toMatchObject({ command: "[confirmation]" });
  const key = ["AKIA", "IOSFODNN7EXAMPLE"].join("");
  const line = audited(`sns publish --message ${key}`);
  expect(line).toMatchObject({ command: REFUSED_CREDENTIAL_TEXT });
  expect(line).not.toHaveProperty("parameters");
});
