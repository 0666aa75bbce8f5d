import { type App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, NIST80053R5Checks } from "cdk-nag";
import { loadHeraldConfig } from "../lambdas/shared/config/load";
import { heraldStackName } from "../lambdas/shared/config/naming";
import { HeraldStack } from "./herald-stack";

export const DEFAULT_CONFIG_PATH = "config/herald.example.json";

export interface HeraldAppOptions {
  /** The Herald config file (JSON); relative paths resolve from the current directory. */
  readonly configPath: string;
  /**
   * Account for the stacks when the config names none (`account.id`), e.g. CDK_DEFAULT_ACCOUNT.
   * @default - account-agnostic stacks: the deploying credentials' account is used
   */
  readonly defaultAccount?: string;
}

/**
 * The cdk-nag packs every synthesis runs; any unacknowledged finding of either fails it. AWS
 * Solutions is the general baseline; NIST 800-53 rev 5 adds the controls behind the seed's promises
 * (encryption with CMKs, log retention, audit trails, no public access).
 */
export const NAG_PACKS = ["AwsSolutions", "NIST.800.53.R5"] as const;

/** The config path: context `-c config=…`, else HERALD_CONFIG, else the example config. */
export function resolveConfigPath(app: App, env: NodeJS.ProcessEnv = process.env): string {
  const fromContext: unknown = app.node.tryGetContext("config");
  if (typeof fromContext === "string" && fromContext.trim() !== "") return fromContext;
  return env.HERALD_CONFIG?.trim() || DEFAULT_CONFIG_PATH;
}

/**
 * Loads and validates the config (a bad one throws HeraldConfigError naming each field), adds one
 * `Herald-<region>` stack per configured Region, and registers cdk-nag's AWS Solutions and NIST
 * 800-53 rev 5 checks (NAG_PACKS) so any unacknowledged finding fails synthesis.
 */
export function addHeraldStacks(app: App, options: HeraldAppOptions): HeraldStack[] {
  const config = loadHeraldConfig(options.configPath);
  const account = config.account.id ?? options.defaultAccount;
  const stacks = config.account.regions.map(
    (region) => new HeraldStack(app, heraldStackName(region), { config, region, stackNameOf: heraldStackName, env: { account, region } }),
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
  return stacks;
}
