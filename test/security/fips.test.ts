import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import type { Template } from "aws-cdk-lib/assertions";
import { createAwsClient } from "../../lambdas/shared/aws/aws-client";
import { Catalogue } from "../../lambdas/shared/commands/catalogue/catalogue";
import { SERVICES } from "../../lambdas/shared/commands/catalogue/services";
import { FIPS_REGIONS_BY_SERVICE } from "../../lambdas/shared/config/fips-regions";
import { PROJECT_ROOT, synthTemplates } from "../cdk/synth";
import { configRefusal, exampleConfigWith, HARDENED_ACCOUNT, writeVariantConfig } from "./variant-config";

/**
 * `account.useFipsEndpoints`: one switch, and every AWS call of every function goes to a FIPS
 * endpoint. Proved in three links: every function gets AWS_USE_FIPS_ENDPOINT=true (synth); no code
 * builds an AWS client except through lambdas/shared/aws/aws-client.ts, which sets no endpoint; and a
 * client of every AWS service Herald depends on, built there, sends to the service's FIPS host in
 * each configured Region (a request handler records the host and refuses: no network).
 */

type ClientClass = new (config: object) => { send(command: object): Promise<unknown>; destroy(): void };

/** A call that needs no input, per AWS SDK package Herald depends on; a new dependency must be added here. */
const CALL_BY_PACKAGE: Record<string, { command: string; fipsHost: (region: string) => string }> = {
  // The ask loop's model calls (Converse); a read with no required input chooses the same endpoint.
  "@aws-sdk/client-bedrock-runtime": { command: "ListAsyncInvokesCommand", fipsHost: (r) => `bedrock-runtime-fips.${r}.amazonaws.com` },
  "@aws-sdk/client-cloudwatch": { command: "DescribeAlarmsCommand", fipsHost: (r) => `monitoring-fips.${r}.amazonaws.com` },
  "@aws-sdk/client-cloudwatch-logs": { command: "DescribeLogGroupsCommand", fipsHost: (r) => `logs-fips.${r}.amazonaws.com` },
  "@aws-sdk/client-dynamodb": { command: "ListTablesCommand", fipsHost: (r) => `dynamodb-fips.${r}.amazonaws.com` },
  // IAM is global: one FIPS endpoint for the partition.
  "@aws-sdk/client-iam": { command: "ListRolesCommand", fipsHost: () => "iam-fips.amazonaws.com" },
  "@aws-sdk/client-lambda": { command: "ListFunctionsCommand", fipsHost: (r) => `lambda-fips.${r}.amazonaws.com` },
  "@aws-sdk/client-secrets-manager": { command: "ListSecretsCommand", fipsHost: (r) => `secretsmanager-fips.${r}.amazonaws.com` },
  "@aws-sdk/client-sns": { command: "ListTopicsCommand", fipsHost: (r) => `sns-fips.${r}.amazonaws.com` },
  "@aws-sdk/client-sts": { command: "GetCallerIdentityCommand", fipsHost: (r) => `sts-fips.${r}.amazonaws.com` },
};

const sdkPackages = Object.keys(JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).dependencies).filter((name) => name.startsWith("@aws-sdk/client-"));

/**
 * The command catalogue's services (every operation a member may type): a call with no required
 * input each, found in the service's own model, so a service added to the catalogue is covered here
 * without a line of its own. Their FIPS hosts are not listed: the property checked is that with FIPS
 * on, a client never sends to a host without "fips" (the SDK either picks a FIPS host or refuses).
 */
const CATALOGUE_PACKAGES = [...new Set(SERVICES.map((service) => service.packageName))].filter((pkg) => !(pkg in CALL_BY_PACKAGE));

async function catalogueCall(pkg: string): Promise<string> {
  const entry = SERVICES.find((service) => service.packageName === pkg);
  if (!entry) throw new Error(`${pkg} is not in the catalogue`);
  const model = await new Catalogue().service(entry);
  const reads = model.operations().filter((summary) => /^(List|Describe|Get)/.test(summary.name));
  for (const summary of reads) {
    const operation = await model.operation(summary.name);
    if (operation.members.every((member) => !member.required)) return `${summary.name}Command`;
  }
  // Every read needs input (Budgets: the account id): the endpoint is chosen before input is checked.
  if (reads.length > 0) return `${reads[0].name}Command`;
  throw new Error(`${pkg} has no List/Describe/Get operation`);
}

/** The host a client built by the shared factory sends `command` to, in `region`, with the environment as it is ("" when the SDK refuses to pick one). */
async function hostCalled(pkg: string, region: string, command = CALL_BY_PACKAGE[pkg]?.command): Promise<string> {
  const sdk = require(pkg) as Record<string, unknown>; // eslint-disable-line @typescript-eslint/no-require-imports
  const found = Object.entries(sdk).find(([name, value]) => /^[A-Za-z0-9]+Client$/.test(name) && name !== "__Client" && typeof value === "function");
  if (!found || !command) throw new Error(`${pkg}: no client or command`);
  const Client = found[1] as ClientClass;
  const Command = sdk[command] as new (input: object) => object;
  let host = "";
  const client = createAwsClient(Client, {
    region,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-a-secret" },
    maxAttempts: 1,
    requestHandler: { handle: async (request: { hostname: string }) => { host = request.hostname; throw new Error("recorded; no network in this test"); } },
  });
  await expect(client.send(new Command({}))).rejects.toThrow();
  client.destroy();
  return host;
}

function withEnvironment(variables: Record<string, string | undefined>) {
  const saved = { ...process.env };
  beforeAll(() => {
    for (const name of Object.keys(process.env)) if (name.startsWith("AWS_ENDPOINT_URL")) delete process.env[name];
    Object.assign(process.env, variables);
  });
  afterAll(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });
}

describe("every function gets the switch", () => {
  let hardened: Map<string, Template>;
  let example: Map<string, Template>;
  beforeAll(() => {
    hardened = synthTemplates({ configPath: writeVariantConfig(HARDENED_ACCOUNT) });
    example = synthTemplates();
  }, 120_000);

  const fipsVariables = (templates: Map<string, Template>) => [...templates].flatMap(([region, template]) => Object.entries(template.findResources("AWS::Lambda::Function"))
    .map(([id, fn]) => `${region} ${id}: ${fn.Properties.Environment?.Variables?.AWS_USE_FIPS_ENDPOINT}`));

  it("with account.useFipsEndpoints, AWS_USE_FIPS_ENDPOINT=true on every function of every Region", () => {
    const variables = fipsVariables(hardened);
    // Forwarder, config sync, privacy erasure, command function and worker at home; forwarder and sync elsewhere.
    expect(variables).toHaveLength(5 + 2 + 2);
    for (const line of variables) expect(line).toMatch(/: true$/);
  });

  it("without it, on none", () => {
    for (const line of fipsVariables(example)) expect(line).toMatch(/: undefined$/);
  });
});

describe("every AWS client is built by the shared factory", () => {
  const sources = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith(".ts") ? [file] : [];
  });

  it("no code under lambdas/ constructs an AWS SDK client anywhere else", () => {
    const factory = path.join(PROJECT_ROOT, "lambdas", "shared", "aws", "aws-client.ts");
    const offenders = sources(path.join(PROJECT_ROOT, "lambdas"))
      .filter((file) => file !== factory)
      .flatMap((file) => [...readFileSync(file, "utf8").matchAll(/new\s+([A-Za-z]+Client)\s*\(/g)]
        .map((match) => `${path.relative(PROJECT_ROOT, file)}: new ${match[1]}(`))
      // Slack's WebClient is not an AWS client.
      .filter((line) => !line.endsWith("new WebClient("));
    expect(offenders).toEqual([]);
  });

  it("the factory sets no endpoint of its own (so the SDK's FIPS setting decides)", () => {
    for (const file of ["aws-client.ts", "clients.ts"]) expect(readFileSync(path.join(PROJECT_ROOT, "lambdas", "shared", "aws", file), "utf8")).not.toMatch(/endpoint\s*:/);
  });

  it("every AWS SDK package Herald depends on has a call in this test (its own, or the catalogue's)", () => {
    expect(sdkPackages.sort()).toEqual([...Object.keys(CALL_BY_PACKAGE), ...CATALOGUE_PACKAGES].sort());
  });
});

describe.each(HARDENED_ACCOUNT.regions)("with AWS_USE_FIPS_ENDPOINT=true, in %s", (region) => {
  withEnvironment({ AWS_USE_FIPS_ENDPOINT: "true" });

  it.each(Object.keys(CALL_BY_PACKAGE))("%s calls its FIPS endpoint", async (pkg) => {
    expect(await hostCalled(pkg, region)).toBe(CALL_BY_PACKAGE[pkg].fipsHost(region));
  });
});

describe("without it", () => {
  withEnvironment({ AWS_USE_FIPS_ENDPOINT: undefined });

  it.each(Object.keys(CALL_BY_PACKAGE))("%s calls its standard endpoint", async (pkg) => {
    expect(await hostCalled(pkg, "us-east-1")).not.toContain("-fips");
  });
});

describe("the command catalogue's services", () => {
  const calls = new Map<string, string>();
  beforeAll(async () => {
    for (const pkg of CATALOGUE_PACKAGES) calls.set(pkg, await catalogueCall(pkg));
  }, 120_000);

  describe.each(HARDENED_ACCOUNT.regions)("with AWS_USE_FIPS_ENDPOINT=true, in %s", (region) => {
    withEnvironment({ AWS_USE_FIPS_ENDPOINT: "true" });
    it.each(CATALOGUE_PACKAGES)("%s sends to a FIPS host or to none", async (pkg) => {
      const host = await hostCalled(pkg, region, calls.get(pkg));
      if (host !== "") expect(host).toContain("fips");
    });
  });

  describe("without it", () => {
    withEnvironment({ AWS_USE_FIPS_ENDPOINT: undefined });
    it.each(CATALOGUE_PACKAGES)("%s calls its standard endpoint", async (pkg) => {
      const host = await hostCalled(pkg, "us-east-1", calls.get(pkg));
      expect(host).not.toBe("");
      expect(host).not.toContain("-fips");
    });
  });
});

describe("Regions without FIPS endpoints are refused at config validation, naming the field", () => {
  const problems = (account: Record<string, unknown>): string[] => configRefusal(exampleConfigWith(account)).issues;

  it("accepts the US and Canada", () => {
    expect(problems(HARDENED_ACCOUNT)).toEqual([]);
  });

  it("refuses a Region where Herald's table would have no FIPS endpoint", () => {
    const issues = problems({ ...HARDENED_ACCOUNT, regions: ["us-east-1", "eu-west-1"] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^account\.useFipsEndpoints: eu-west-1 has no FIPS endpoint for dynamodb/);
  });

  it("refuses a home Region without FIPS endpoints for Lambda and STS (Canada)", () => {
    const [issue] = problems({ ...HARDENED_ACCOUNT, homeRegion: "ca-central-1" });
    expect(issue).toMatch(/^account\.useFipsEndpoints: ca-central-1 has no FIPS endpoint for lambda, sts, which Herald calls there \(home Region\)/);
  });

  it("leaves any Region alone when FIPS is off", () => {
    expect(problems({ regions: ["us-east-1", "eu-west-1", "ap-southeast-2"] })).toEqual([]);
  });

  it("the table lists only US, Canada and GovCloud Regions", () => {
    for (const regions of Object.values(FIPS_REGIONS_BY_SERVICE)) for (const region of regions) expect(region).toMatch(/^(us|ca|us-gov)-/);
  });
});
