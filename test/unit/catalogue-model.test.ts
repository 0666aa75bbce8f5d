import { spawnSync } from "node:child_process";
import path from "node:path";
import { Catalogue } from "../../lambdas/shared/commands/catalogue/catalogue";
import type { ClientModuleLoader } from "../../lambdas/shared/commands/catalogue/model";
import { importClientModule } from "../../lambdas/shared/commands/catalogue/client-loader";
import { findService, SERVICES } from "../../lambdas/shared/commands/catalogue/services";

const repo = path.resolve(__dirname, "../..");

describe("the catalogue is read from the SDK clients' schemas", () => {
  it("lists the services issue 14 names, each with its client installed", () => {
    const names = ["ec2", "ecs", "eks", "ecr", "lambda", "s3api", "rds", "dynamodb", "cloudformation", "cloudwatch", "logs", "sns", "sqs", "autoscaling", "elbv2", "route53", "codepipeline", "codebuild", "deploy", "ssm", "health", "ce", "budgets", "cloudtrail", "guardduty", "securityhub", "inspector2", "configservice", "stepfunctions", "events", "kinesis", "elasticache", "acm", "wafv2", "backup", "glue", "athena", "xray", "apigateway", "support", "organizations", "sts"];
    expect(SERVICES.map((entry) => entry.cli).sort()).toEqual([...names].sort());
  });

  it("builds every operation of every service, with required members, types and pagination", async () => {
    const catalogue = new Catalogue();
    let operations = 0;
    let paginated = 0;
    for (const entry of SERVICES) {
      const model = await catalogue.service(entry);
      expect(model.operations().length).toBeGreaterThan(5);
      for (const summary of model.operations()) {
        const operation = await model.operation(summary.cliName);
        expect(operation.command).toBeInstanceOf(Function);
        for (const member of operation.members) expect(member.cliName).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        operations++;
        if (operation.pagination) paginated++;
      }
    }
    expect(operations).toBeGreaterThan(3_500);
    expect(paginated).toBeGreaterThan(750);
  }, 120_000);

  it("knows which members are required and what type each is", async () => {
    const catalogue = new Catalogue();
    const lookup = await catalogue.lookup("rds");
    if (lookup.kind !== "service") throw new Error("blocked");
    const operation = await lookup.model.operation("create-db-snapshot");
    const byName = Object.fromEntries(operation.members.map((member) => [member.cliName, member]));
    expect(byName["db-snapshot-identifier"]).toMatchObject({ required: true, kind: "string" });
    expect(byName["db-instance-identifier"]).toMatchObject({ required: true, kind: "string" });
    expect(byName.tags).toMatchObject({ required: false, kind: "list", typeLabel: "list<structure>" });
    const alarms = await ((await catalogue.lookup("cloudwatch")) as { model: import("../../lambdas/shared/commands/catalogue/model").ServiceModel }).model.operation("describe-alarms");
    expect(alarms.members.find((member) => member.name === "StateValue")?.enumValues).toEqual(["ALARM", "INSUFFICIENT_DATA", "OK"]);
    expect(alarms.members.find((member) => member.name === "MaxRecords")?.kind).toBe("number");
  });

  it("learns each paginator's tokens from the SDK", async () => {
    const catalogue = new Catalogue();
    const cases: Array<[string, string, object]> = [
      ["s3api", "list-objects-v2", { paginator: "paginateListObjectsV2", inputToken: "ContinuationToken", outputToken: "NextContinuationToken", pageSizeMember: "MaxKeys" }],
      ["dynamodb", "list-tables", { paginator: "paginateListTables", inputToken: "ExclusiveStartTableName", outputToken: "LastEvaluatedTableName", pageSizeMember: "Limit" }],
      ["logs", "filter-log-events", { paginator: "paginateFilterLogEvents", inputToken: "nextToken", outputToken: "nextToken", pageSizeMember: "limit" }],
      ["lambda", "list-functions", { paginator: "paginateListFunctions", inputToken: "Marker", outputToken: "NextMarker", pageSizeMember: "MaxItems" }],
    ];
    for (const [service, name, pagination] of cases) {
      const lookup = await catalogue.lookup(service);
      if (lookup.kind !== "service") throw new Error("blocked");
      expect((await lookup.model.operation(name)).pagination).toEqual(pagination);
    }
    const publish = await ((await catalogue.lookup("sns")) as { model: import("../../lambdas/shared/commands/catalogue/model").ServiceModel }).model.operation("publish");
    expect(publish.pagination).toBeUndefined();
  });

  it("loads only the client of the service used (loader spy)", async () => {
    const loaded: string[] = [];
    const loader: ClientModuleLoader = (entry) => (loaded.push(entry.packageName), importClientModule(entry));
    const catalogue = new Catalogue(loader);
    await catalogue.lookup("iam");
    await catalogue.lookup("ecs");
    await catalogue.lookup("ecs");
    expect(loaded).toEqual(["@aws-sdk/client-ecs"]);
    expect(findService("S3API")?.cli).toBe("s3api");
  });

  it("takes an asynchronous loader (import() per service, for a code-split bundle) and retries a failed load", async () => {
    let attempts = 0;
    const catalogue = new Catalogue(async (entry) => {
      attempts++;
      if (attempts === 1) throw new Error("chunk not reachable");
      return importClientModule(entry);
    });
    await expect(catalogue.lookup("sns")).rejects.toThrow("chunk not reachable");
    const lookup = await catalogue.lookup("sns");
    expect(lookup.kind === "service" && lookup.model.findOperation("publish")?.name).toBe("Publish");
    expect(attempts).toBe(2);
  });

  it("loads no other client into a fresh process (require cache)", () => {
    const script = `
      const { Catalogue } = require("./lambdas/shared/commands/catalogue");
      const c = new Catalogue();
      c.lookup("ecs").then((l) => l.model.operation("list-services")).then(() => {
        const clients = new Set(Object.keys(require.cache).map((f) => (/@aws-sdk[\\\\/](client-[a-z0-9-]+)/.exec(f) || [])[1]).filter(Boolean));
        console.log(JSON.stringify([...clients]));
      });`;
    const run = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: repo, encoding: "utf8", timeout: 60_000 });
    // Clients published after a date warn on Node 20 (NodeVersionSupportWarning); only errors matter here.
    expect(run.stderr).not.toMatch(/Error/);
    expect(JSON.parse(run.stdout.trim())).toEqual(["client-ecs"]);
  }, 60_000);
});
