import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Template } from "aws-cdk-lib/assertions";
import { EXAMPLE_CONFIG, synthTemplates } from "./synth";
import { permissionsOf } from "./template-helpers";

/** `ask` (issue 18): the worker may invoke exactly the configured Bedrock model, and apply the configured guardrail; nothing without `ask`. */

function synthWith(ask: unknown): Map<string, Template> {
  const config = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8"));
  if (ask !== undefined) config.ask = ask;
  const file = path.join(mkdtempSync(path.join(tmpdir(), "herald-ask-")), "herald.json");
  writeFileSync(file, JSON.stringify(config));
  return synthTemplates({ configPath: file }); // runs cdk-nag: any finding fails synthesis
}

const bedrockPermissions = (template: Template) => permissionsOf(template, "HeraldCommandsWorker").filter((p) => p.actions.some((action) => action.startsWith("bedrock:")));

describe("asking through Amazon Bedrock", () => {
  it("a foundation model: bedrock:InvokeModel on that model in the configured Region, only in the home Region's worker, and the model reaches the worker's environment", () => {
    const templates = synthWith({ modelId: "anthropic.claude-3-5-haiku-20241022-v1:0", region: "us-west-2" });
    const home = templates.get("us-east-1")!;
    expect(bedrockPermissions(home)).toEqual([
      { actions: ["bedrock:InvokeModel"], resources: ["arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0"] },
    ]);
    const worker = Object.values(home.findResources("AWS::Lambda::Function")).find((fn) => JSON.stringify(fn).includes("HERALD_ASK")) as { Properties: { Environment: { Variables: Record<string, string> } } };
    expect(JSON.parse(worker.Properties.Environment.Variables.HERALD_ASK)).toMatchObject({ modelId: "anthropic.claude-3-5-haiku-20241022-v1:0", region: "us-west-2", maxToolCalls: 8, timeLimitSeconds: 50 });
  });

  it("an inference profile with a guardrail: the profile, its model in any Region, and ApplyGuardrail on that guardrail", () => {
    const home = synthWith({ modelId: "us.anthropic.claude-3-5-haiku-20241022-v1:0", guardrail: { id: "abc123def456", version: "2" } }).get("us-east-1")!;
    expect(bedrockPermissions(home)).toEqual([
      {
        actions: ["bedrock:InvokeModel"],
        resources: [
          "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0",
          "arn:aws:bedrock:us-east-1:${AWS::AccountId}:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0",
        ],
      },
      { actions: ["bedrock:ApplyGuardrail"], resources: ["arn:aws:bedrock:us-east-1:${AWS::AccountId}:guardrail/abc123def456"] },
    ]);
  });

  it("without an ask section no function may call Bedrock", () => {
    for (const template of synthWith(undefined).values()) {
      expect(JSON.stringify(template.toJSON())).not.toContain("bedrock:");
    }
  });
});
