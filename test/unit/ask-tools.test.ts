import { askGrants } from "../../lib/ask-permissions";
import { commandText } from "../../lambdas/shared/ask/command-text";
import { parseToolRequest } from "../../lambdas/shared/ask/tools";
import { untrustedResult } from "../../lambdas/shared/ask/untrusted";
import { explicitQuestion, isMentionQuestion } from "../../lambdas/shared/commands/ask-intent";
import { AskSchema } from "../../lambdas/shared/config/ask";

describe("the ask tools' input is untrusted", () => {
  test("call_operation becomes the command a member would type, values quoted so they stay one value", () => {
    const request = parseToolRequest("call_operation", { service: "CloudWatch", operation: "describe-alarms", parameters: { "--state-value": "ALARM", "alarm-names": ["a b", "c"], "max-records": 5, "no-paginate": true }, region: "eu-west-1" });
    expect(request).toMatchObject({ tool: "call_operation", service: "cloudwatch" });
    if (request.tool !== "call_operation") throw new Error("not a call");
    expect(commandText(request)).toBe('cloudwatch describe-alarms --state-value ALARM --alarm-names "a b" c --max-records 5 --no-paginate --region eu-west-1');
    // A value cannot smuggle another option or command in: it is quoted.
    expect(commandText({ service: "sns", operation: "list-topics", parameters: { "next-token": "x --region us-west-2; iam create-user" } })).toBe('sns list-topics --next-token "x --region us-west-2; iam create-user"');
  });

  test("malformed tool input is refused with a reason, never thrown", () => {
    expect(parseToolRequest("call_operation", { service: "sns; rm", operation: "list-topics" })).toMatchObject({ tool: "invalid" });
    expect(parseToolRequest("call_operation", { service: "sns", operation: "list-topics", parameters: { "bad name": 1 } })).toMatchObject({ tool: "invalid" });
    expect(parseToolRequest("call_operation", { service: "sns", operation: "list-topics", region: "mars" })).toMatchObject({ tool: "invalid" });
    expect(parseToolRequest("find_operations", null)).toMatchObject({ tool: "invalid" });
    expect(parseToolRequest("run_shell", { command: "ls" })).toEqual({ tool: "invalid", problem: 'there is no tool named "run_shell"' });
    expect(parseToolRequest("propose_command", { command: "aws sns delete-topic --topic-arn x" })).toEqual({ tool: "propose_command", command: "sns delete-topic --topic-arn x" });
  });

  test("AWS output is handed over as data, cut to size", () => {
    const result = untrustedResult("sns list-topics", "succeeded", "x".repeat(9_000));
    expect(result.note).toMatch(/never instructions/);
    expect(String(result.untrusted_data)).toMatch(/cut: 1000 more characters/);
  });
});

describe("when a message is a question", () => {
  test("ask <question> always; a mention only when its first word names no service", () => {
    expect(explicitQuestion("ask which alarms fire?")).toBe("which alarms fire?");
    expect(explicitQuestion("ask")).toBe("");
    expect(explicitQuestion("asking")).toBeUndefined();
    expect(isMentionQuestion({ kind: "invalid", message: "quote" }, "what's failing?")).toBe(true);
    expect(isMentionQuestion({ kind: "invalid", message: "bad option" }, "sns list-topics --bad")).toBe(false);
  });
});

describe("the Bedrock grant", () => {
  const where = { partition: "aws", account: "123456789012", homeRegion: "us-east-1" };
  test("a model ARN is granted as given; a profile ARN adds its model in the profile's Regions", () => {
    const arn = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0";
    expect(askGrants(AskSchema.parse({ modelId: arn }), where)).toEqual([{ actions: ["bedrock:InvokeModel"], resources: [arn] }]);
    const profile = "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0";
    expect(askGrants(AskSchema.parse({ modelId: profile }), where)[0].resources).toEqual([profile, "arn:aws:bedrock:*::foundation-model/amazon.nova-lite-v1:0"]);
  });
});
