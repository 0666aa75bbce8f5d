import type { AskConfig } from "../lambdas/shared/config/ask";

/**
 * What the command worker may call on Amazon Bedrock for `ask`: `bedrock:InvokeModel` (what Converse
 * is authorised by) on the configured model only, and `bedrock:ApplyGuardrail` on the configured
 * guardrail when there is one. An inference profile id (`us.anthropic…`) routes to the same model in
 * several Regions, so the grant is the profile plus that one foundation model in any Region.
 */

export interface AskGrant {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** Geographic and global inference profile prefixes (`us.`, `eu.`, `apac.`, `global.` …). */
const PROFILE_PREFIX = /^(us|eu|apac|us-gov|global|jp|au|ca)\.(.+)$/;

export function askGrants(ask: AskConfig, where: { readonly partition: string; readonly account: string; readonly homeRegion: string }): AskGrant[] {
  const region = ask.region ?? where.homeRegion;
  const bedrock = (resource: string, inRegion = region, account: string = where.account) => `arn:${where.partition}:bedrock:${inRegion}:${account}:${resource}`;
  let models: string[];
  if (ask.modelId.startsWith("arn:")) {
    const profile = /:inference-profile\/(.+)$/.exec(ask.modelId)?.[1];
    const base = profile === undefined ? undefined : PROFILE_PREFIX.exec(profile)?.[2];
    models = [ask.modelId, ...(base ? [bedrock(`foundation-model/${base}`, "*", "")] : [])];
  } else {
    const profile = PROFILE_PREFIX.exec(ask.modelId);
    models = profile
      ? [bedrock(`inference-profile/${ask.modelId}`), bedrock(`foundation-model/${profile[2]}`, "*", "")]
      : [bedrock(`foundation-model/${ask.modelId}`, region, "")];
  }
  const grants: AskGrant[] = [{ actions: ["bedrock:InvokeModel"], resources: models }];
  if (ask.guardrail) grants.push({ actions: ["bedrock:ApplyGuardrail"], resources: [ask.guardrail.id.startsWith("arn:") ? ask.guardrail.id : bedrock(`guardrail/${ask.guardrail.id}`)] });
  return grants;
}
