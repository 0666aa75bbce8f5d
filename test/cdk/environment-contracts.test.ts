import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { commandEnvironment } from "../../lambdas/command/environment";
import { commandWorkerEnvironment } from "../../lambdas/command-worker/environment";
import { configSyncEnvironment } from "../../lambdas/config-sync/environment";
import { forwarderEnvironment } from "../../lambdas/forwarder/environment";
import { privacyErasureEnvironment } from "../../lambdas/privacy-erasure/environment";
import { PROJECT_ROOT } from "./synth";

/**
 * Every function's environment comes from its contract (lambdas/<fn>/environment.ts): the CDK code
 * spells no variable name, so what CDK sets, what the local runtime sets and what the handler reads
 * cannot drift apart. (test/cdk asserts each function's exact environment in the templates.)
 */

const CONTRACT_VARIABLES = [...new Set([commandEnvironment, commandWorkerEnvironment, configSyncEnvironment, forwarderEnvironment, privacyErasureEnvironment].flatMap((contract) => contract.names))].sort();

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

test("lib/ and bin/ spell no function's environment variable: each comes from its contract's builder", () => {
  expect(CONTRACT_VARIABLES).toEqual(expect.arrayContaining(["TABLE_NAME", "HERALD_ACCOUNT_ID", "POWERTOOLS_SERVICE_NAME"]));
  const spelled = ["lib", "bin"].flatMap((folder) => sourcesUnder(path.join(PROJECT_ROOT, folder))).flatMap((file) => {
    // Code only: a comment may name a variable to explain it.
    const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    return CONTRACT_VARIABLES.filter((name) => new RegExp(`["'\`]${name}["'\`]|\\b${name}\\s*:`).test(code)).map((name) => `${path.relative(PROJECT_ROOT, file)}: ${name}`);
  });
  expect(spelled).toEqual([]);
});
