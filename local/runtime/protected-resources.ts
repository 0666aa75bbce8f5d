import { heraldTopicArn } from "../../lambdas/shared/config/naming";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { FUNCTION_NAME_PREFIX, TABLE_NAME } from "./names";

/**
 * HERALD_PROTECTED_ARNS for the local worker: what the deployed home stack passes
 * (lib/herald.ts and CommandApi.ownArns in lib/constructs/command-api.ts), with the local names.
 * One deliberate difference: the deployed stack also protects Herald's topics, tables and functions
 * in the other Regions; locally only the home Region's are listed, so that a confirmed
 * `sns publish` (the one mutating command with a local backend) has a topic it may reach.
 */
export function protectedArns(config: HeraldConfig, accountId: string): string[] {
  const home = config.account.homeRegion;
  const secrets = config.workspaces.flatMap((w) => [w.botTokenSecretName, w.signingSecretName]);
  return [
    `arn:aws:dynamodb:${home}:${accountId}:table/${TABLE_NAME}`,
    heraldTopicArn("*", home, accountId),
    `arn:aws:lambda:${home}:${accountId}:function:${FUNCTION_NAME_PREFIX}*`,
    `arn:aws:logs:${home}:${accountId}:log-group:/aws/lambda/${FUNCTION_NAME_PREFIX}*`,
    // Secrets Manager adds a random six-character suffix to a secret's ARN.
    ...secrets.map((name) => `arn:aws:secretsmanager:${home}:${accountId}:secret:${name}-??????`),
  ];
}
