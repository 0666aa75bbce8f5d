import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Template } from "aws-cdk-lib/assertions";
import { synthTemplates } from "./synth";
import { logicalId } from "./template-helpers";

/**
 * The one synthesis that runs esbuild for real (every other CDK test skips bundling): both
 * handlers bundle, carry a source map, and load with nothing but Node itself, which shows the
 * AWS SDK is inside the bundle rather than expected from the runtime.
 */
const run = promisify(execFile);
// Outside the repository, so a bundle cannot fall back on the project's node_modules.
const outdir = mkdtempSync(path.join(tmpdir(), "herald-bundle-"));
let template: Template;

beforeAll(() => {
  template = synthTemplates({ bundle: true, outdir }).get("us-east-1")!;
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function bundleDirOf(functionPrefix: string): string {
  const id = logicalId(template, "AWS::Lambda::Function", functionPrefix);
  const key: string = template.findResources("AWS::Lambda::Function")[id].Properties.Code.S3Key;
  return path.join(outdir, `asset.${key.replace(/\.zip$/, "")}`);
}

describe.each([
  ["forwarder", "HeraldForwarder"],
  ["config sync", "HeraldChannelConfigs"],
])("the %s bundle", (_name, functionPrefix) => {
  it("is one file with its source map (NODE_OPTIONS=--enable-source-maps maps stack traces back)", () => {
    const dir = bundleDirOf(functionPrefix);
    expect(existsSync(path.join(dir, "index.js.map"))).toBe(true);
    const code = readFileSync(path.join(dir, "index.js"), "utf8");
    expect(code.trimEnd().endsWith("//# sourceMappingURL=index.js.map")).toBe(true);
    // The DynamoDB client's wire protocol is compiled in, not required from the runtime.
    expect(code).toContain("DynamoDB_20120810");
  });

  it("loads and exports handler without any node_modules", async () => {
    const entry = path.join(bundleDirOf(functionPrefix), "index.js");
    const env = { PATH: process.env.PATH, TABLE_NAME: "herald", AWS_REGION: "us-east-1", NODE_NO_WARNINGS: "1" };

    const { stdout } = await run(process.execPath, ["-e", "process.stdout.write(typeof require(process.argv[1]).handler)", entry], { cwd: outdir, env });

    expect(stdout).toBe("function");
  });
});
