import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseHeraldConfig } from "../../lambdas/shared/config/load";
import { HeraldConfigError } from "../../lambdas/shared/errors";
import { EXAMPLE_CONFIG } from "../cdk/synth";

export const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab";

/** The example config with the security options on, in Regions that have FIPS endpoints. */
export const HARDENED_ACCOUNT = {
  regions: ["us-east-1", "us-west-2", "ca-central-1"],
  useFipsEndpoints: true,
  trail: { create: true },
  commandApi: { domainName: "herald.example.com", certificateArn: CERTIFICATE_ARN },
};

/** The example config's JSON with `account` fields replaced, as a parsed object. */
export function exampleConfigWith(account: Record<string, unknown>): Record<string, unknown> {
  const config = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8"));
  return { ...config, account: { ...config.account, ...account } };
}

/** Writes a variant of the example config to a temporary file (synth reads configs from files). */
export function writeVariantConfig(account: Record<string, unknown>): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "herald-config-")), "herald.json");
  writeFileSync(file, JSON.stringify(exampleConfigWith(account), null, 2));
  return file;
}

/** Why config validation refuses `config`: the whole message and each issue (none when it is valid). */
export function configRefusal(config: unknown): { message: string; issues: string[] } {
  try {
    parseHeraldConfig(config);
    return { message: "", issues: [] };
  } catch (error) {
    if (!(error instanceof HeraldConfigError)) throw error;
    return { message: error.message, issues: error.issues };
  }
}
