import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ESBUILD_TARGET } from "../lib/constructs/herald-function";

/** The esbuild options HeraldFunction gives NodejsFunction (lib/constructs/herald-function.ts), so sizes match the deployed artefact. */
const LAMBDA_BUILD = { bundle: true, minify: true, sourcemap: true, platform: "node", target: ESBUILD_TARGET, format: "cjs" } as const;

export interface BundleMeasurement {
  readonly label: string;
  readonly bytes: number;
  readonly loadMsMedian: number;
  readonly loadMsP90: number;
}

export async function bundleEntry(entry: string, outDir: string, name: string): Promise<string> {
  const outfile = join(outDir, `${name}.js`);
  await build({ ...LAMBDA_BUILD, entryPoints: [entry], outfile, logLevel: "error" });
  return outfile;
}

/** Module load (cold-start init) time: a fresh `node` per sample, timing only the `require`. */
export function measureLoad(bundle: string, samples: number, env: Record<string, string>): { median: number; p90: number } {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(bundle)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const run = spawnSync(process.execPath, ["-e", script], { env: { ...process.env, ...env }, encoding: "utf8" });
    // The last lines say why (the first ones quote the minified source).
    if (run.status !== 0) throw new Error(`loading ${bundle} failed: ${run.stderr.trim().split("\n").slice(-14).join("\n").slice(0, 2_000)}`);
    times.push(Number(run.stdout));
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p90: times[Math.floor(times.length * 0.9)] };
}

export async function measureForwarderBundle(samples = 15): Promise<BundleMeasurement[]> {
  const dir = mkdtempSync(join(tmpdir(), "herald-bench-"));
  const emptyEntry = join(dir, "empty.ts");
  writeFileSync(emptyEntry, "export const handler = async () => undefined;\n");
  const env = { TABLE_NAME: "bench", HERALD_ACCOUNT_ID: "123456789012", AWS_REGION: "us-east-1", POWERTOOLS_METRICS_DISABLED: "true", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  const out: BundleMeasurement[] = [];
  for (const [label, entry] of [["empty handler (baseline)", emptyEntry], ["forwarder", join(__dirname, "../lambdas/forwarder/index.ts")]] as const) {
    const bundle = await bundleEntry(entry, dir, label.split(" ")[0]);
    const load = measureLoad(bundle, samples, env);
    out.push({ label, bytes: statSync(bundle).size, loadMsMedian: load.median, loadMsP90: load.p90 });
  }
  return out;
}
