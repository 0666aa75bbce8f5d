import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { App, Token } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { HeraldConfigError } from "../../lambdas/shared/errors";
import { DEFAULT_CONFIG_PATH, resolveConfigPath } from "../../lib/herald-app";
import { buildApp, EXAMPLE_CONFIG, PROJECT_ROOT } from "./synth";

const run = promisify(execFile);
const example = () => JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8"));
const scratch = mkdtempSync(path.join(tmpdir(), "herald-cdk-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeConfig(name: string, config: unknown): string {
  const file = path.join(scratch, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe("the app", () => {
  it("creates one Herald-<region> stack per configured Region, in that Region", () => {
    const { stacks } = buildApp({ defaultAccount: "111122223333" });

    expect(stacks.map((stack) => [stack.stackName, stack.region, stack.account])).toEqual([
      ["Herald-us-east-1", "us-east-1", "111122223333"],
      ["Herald-eu-west-1", "eu-west-1", "111122223333"],
      ["Herald-ap-southeast-2", "ap-southeast-2", "111122223333"],
    ]);
    expect(stacks.map((stack) => stack.herald.isHomeRegion)).toEqual([true, false, false]);
  });

  it("prefers the config's account id over CDK_DEFAULT_ACCOUNT", () => {
    const config = example();
    config.account.id = "444455556666";

    const { stacks } = buildApp({ configPath: writeConfig("with-account.json", config), defaultAccount: "111122223333" });

    expect(stacks.every((stack) => stack.account === "444455556666")).toBe(true);
  });

  it("is account-agnostic when neither names an account (synth needs no credentials)", () => {
    const { stacks } = buildApp();

    expect(stacks.every((stack) => Token.isUnresolved(stack.account))).toBe(true);
  });

  it("reads the config path from -c config=…, then HERALD_CONFIG, then defaults to the example", () => {
    expect(resolveConfigPath(new App({ context: { config: "from-context.json" } }), { HERALD_CONFIG: "from-env.json" })).toBe("from-context.json");
    expect(resolveConfigPath(new App(), { HERALD_CONFIG: "from-env.json" })).toBe("from-env.json");
    expect(resolveConfigPath(new App(), {})).toBe(DEFAULT_CONFIG_PATH);
  });
});

describe("a bad config fails synthesis naming the field", () => {
  it("rejects a channel name carrying an e-mail address", () => {
    const config = example();
    config.channels[0].name = "alice@example.com";
    const configPath = writeConfig("email-in-name.json", config);

    expect(() => buildApp({ configPath })).toThrow(HeraldConfigError);
    expect(() => buildApp({ configPath })).toThrow(/channels\[0\]\.name: must not contain an e-mail address/);
  });

  it("rejects a log retention CloudWatch Logs does not offer", () => {
    const config = example();
    config.account.logRetentionDays = 10;

    expect(() => buildApp({ configPath: writeConfig("retention.json", config) })).toThrow(/account\.logRetentionDays: must be one of/);
  });

  it("refuses a Region that does not exist (eu-mars-1): no stack is built, the field is named", () => {
    const config = example();
    config.account.regions.push("eu-mars-1");
    const configPath = writeConfig("mars.json", config);

    expect(() => buildApp({ configPath })).toThrow(HeraldConfigError);
    expect(() => buildApp({ configPath })).toThrow(/account\.regions\[3\]: must be an AWS Region code .*; eu-mars-1 is not one/);
  });

  it("builds GovCloud and China stacks: real Regions of the aws-us-gov and aws-cn partitions", () => {
    for (const [home, other] of [["us-gov-west-1", "us-gov-east-1"], ["cn-north-1", "cn-northwest-1"]]) {
      const config = example();
      config.account.homeRegion = home;
      config.account.regions = [home, other];
      delete config.account.commandApi;
      const { stacks } = buildApp({ configPath: writeConfig(`${home}.json`, config) });
      expect(stacks.map((stack) => stack.region)).toEqual([home, other]);
    }
  });

  it("bin/herald.ts prints the field and exits non-zero", async () => {
    const config = example();
    config.channels[0].name = "alice@example.com";
    const env = { ...process.env, HERALD_CONFIG: writeConfig("bin.json", config) };

    const failure = await run("npx", ["tsx", "bin/herald.ts"], { cwd: PROJECT_ROOT, env }).then(() => undefined, (error: unknown) => error);

    expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining("channels[0].name: must not contain an e-mail address") });
  }, 30_000);
});

describe("cdk-nag (AwsSolutions)", () => {
  it("reports no unacknowledged findings: synthesis succeeds and the validation report is clean", () => {
    const outdir = mkdtempSync(path.join(scratch, "out-"));
    const { app } = buildApp({ outdir });

    const assembly = app.synth();

    const report = JSON.parse(readFileSync(path.join(assembly.directory, "validation-report.json"), "utf8"));
    const nagReports = report.pluginReports.filter((r: { pluginName: string }) => r.pluginName === "AwsSolutions");
    expect(nagReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);
  });

  it("fails synthesis on a finding nobody acknowledged", () => {
    const { app, stacks } = buildApp({ outdir: mkdtempSync(path.join(scratch, "out-")) });
    new sqs.Queue(stacks[0], "UnencryptedQueueWithoutDlq", { encryption: sqs.QueueEncryption.UNENCRYPTED });

    // Under jest (NODE_ENV=test) the CDK validates "in memory" and throws the whole report.
    const failure = (() => {
      try {
        app.synth();
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(failure).toContain("AwsSolutions-SQS3");
    expect(failure).toContain("Herald-us-east-1/UnencryptedQueueWithoutDlq/Resource");
  });
});
