import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { BUNDLE_ENTRY_FILE, bundleFunction, loadedWith } from "../lib/bundling/function-bundle";
import { commandVariables } from "../lambdas/command/environment";
import { commandWorkerVariables } from "../lambdas/command-worker/environment";
import { loadHeraldConfig } from "../lambdas/shared/config/load";

/**
 * Issue 14's cold-start budget: the command function's bundle against a handler that only imports
 * the DynamoDB client (≤ 1.3×), and the worker's load plus first command against that handler's
 * load plus its first call (≤ 2×), each bundled as deployed (esbuild, CJS, minified) and run in a
 * fresh `node` per sample against a local HTTP stand-in that answers every call with `{}`.
 * The worker's "first command" is its catalogue path (resolve the words, load the one service's
 * client, send) bundled with the worker's own client loader; the worker bundle's load is measured
 * apart, as it also builds the store, STS/IAM clients and the Slack replier.
 */

const DYNAMODB_ONLY = `import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
const client = new DynamoDBClient({});
export const first = () => client.send(new ListTablesCommand({}));
`;

const WORKER_FIRST_COMMAND = (root: string) => `import { importClientModule } from "${root}/lambdas/shared/commands/catalogue/client-loader";
import { Catalogue } from "${root}/lambdas/shared/commands/catalogue/catalogue";
import { resolveCommand } from "${root}/lambdas/shared/commands/catalogue/resolve-command";
import { sendCatalogueCommand } from "${root}/lambdas/shared/commands/catalogue-call";
const catalogue = new Catalogue(importClientModule);
export const first = async () => {
  const command = await resolveCommand(catalogue, ["ecs", "list-services", "--cluster", "prod"]);
  if (command.kind !== "command") throw new Error(command.kind);
  return sendCatalogueCommand(catalogue, command, { region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "y" }, signal: AbortSignal.timeout(5000) });
};
`;

const run = promisify(execFile);

/**
 * As HeraldFunction bundles (lib/bundling: ES modules split into chunks, minified, source maps), into
 * `outdir`; the size is what Node loads with the entry (its static chunks and their source maps), not
 * the chunks a dynamic import() reaches only when a command needs them.
 */
function bundle(entry: string, outdir: string): { entry: string; bytes: number } {
  const { metafile } = bundleFunction(entry, outdir);
  const root = join(__dirname, "..");
  const output = Object.keys(metafile.outputs).find((file) => file.endsWith(`/${BUNDLE_ENTRY_FILE}`) && join(root, file).startsWith(outdir));
  if (output === undefined) throw new Error(`no ${BUNDLE_ENTRY_FILE} in the bundle of ${entry}`);
  const bytes = loadedWith(metafile, output).reduce((sum, file) => sum + statSync(join(root, file)).size + statSync(join(root, `${file}.map`)).size, 0);
  return { entry: join(root, output), bytes };
}

export interface ColdStartRow {
  readonly label: string;
  readonly bytes: number;
  readonly medianMs: number;
}

/** A fresh `node` per sample, run asynchronously: the stand-in answering it lives in this process. */
async function runSamples(script: string, samples: number, env: Record<string, string>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { stdout } = await run(process.execPath, ["-e", script], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 }).catch((error: { stderr?: string }) => {
      // The last lines say why (the first ones quote the minified source).
      throw new Error(`a sample failed: ${String(error.stderr ?? error).trim().split("\n").slice(-12).join("\n").slice(-1_500)}`);
    });
    times.push(Number(stdout));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function measureCommandColdStarts(samples = 9): Promise<ColdStartRow[]> {
  const root = join(__dirname, "..");
  // Inside the repository, so the entries resolve the same node_modules as the handlers.
  const dir = mkdtempSync(join(root, ".bench-commands-"));
  writeFileSync(join(dir, "dynamodb-only.ts"), DYNAMODB_ONLY);
  writeFileSync(join(dir, "worker-first.ts"), WORKER_FIRST_COMMAND(root));
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadHeraldConfig(join(root, "config/herald.example.json"));
  const deployment = { config, tableName: "bench", accountId: "123456789012" };
  const env = {
    ...commandVariables({ ...deployment, workerFunctionName: "herald-command-worker" }),
    ...commandWorkerVariables({ ...deployment, protectedArns: [] }),
    AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y", AWS_ENDPOINT_URL: url,
    POWERTOOLS_SERVICE_NAME: "herald-bench", TABLE_NAME: "bench", HERALD_ACCOUNT_ID: "123456789012", HERALD_ADMINS: "U0ADMIN01", HERALD_USER_DATA_RETENTION_DAYS: "90",
    SECRETS_REGION: "us-east-1", POWERTOOLS_METRICS_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  const loadAndFirst = (bundle: string) =>
    `const t=process.hrtime.bigint();import(${JSON.stringify(pathToFileURL(bundle).href)}).then((m)=>m.first()).then(()=>{process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));process.exit(0)},(e)=>{console.error(e);process.exit(1)})`;
  const loadOnly = (bundle: string) => `const t=process.hrtime.bigint();import(${JSON.stringify(pathToFileURL(bundle).href)}).then(()=>process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)),(e)=>{console.error(e);process.exit(1)})`;
  try {
    const rows: ColdStartRow[] = [];
    for (const [label, entry, script] of [
      ["DynamoDB-only handler: load + first call (baseline)", join(dir, "dynamodb-only.ts"), loadAndFirst],
      ["worker catalogue path: load + first command (ecs list-services)", join(dir, "worker-first.ts"), loadAndFirst],
      ["worker bundle (lambdas/command-worker): load", join(root, "lambdas/command-worker/index.ts"), loadOnly],
      ["command bundle (lambdas/command): load", join(root, "lambdas/command/index.ts"), loadOnly],
    ] as const) {
      const built = bundle(entry, join(dir, `bundle${rows.length}`));
      rows.push({ label, bytes: built.bytes, medianMs: await runSamples(script(built.entry), samples, env) });
      if (require.main === module) console.error(`measured: ${label}: ${built.bytes} bytes, ${rows.at(-1)?.medianMs.toFixed(1)} ms`);
    }
    return rows;
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void measureCommandColdStarts().then((rows) => {
    const base = rows[0];
    for (const row of rows) console.log(`${row.label}: ${(row.bytes / 1024).toFixed(1)} KiB (${(row.bytes / base.bytes).toFixed(2)}×), ${row.medianMs.toFixed(1)} ms (${(row.medianMs / base.medianMs).toFixed(2)}×)`);
  });
}
