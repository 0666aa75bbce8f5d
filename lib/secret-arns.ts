import { ArnFormat, Stack, Token, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import type { HeraldConfig } from "../lambdas/shared/config/schema";

/** The alias of the home Region's Herald key, which encrypts the Slack secrets (README, "Store the secrets"). */
export const SLACK_SECRETS_KEY_ALIAS = "alias/herald";

/**
 * ARNs of Herald's Slack secrets, which live in the home Region. Secrets Manager appends "-" and
 * six random characters to a secret's name in its ARN, hence the `-??????` suffix.
 */
export function slackSecretArns(scope: Construct, config: HeraldConfig, names: readonly string[]): string[] {
  const stack = Stack.of(scope);
  return [...new Set(names)].sort().map((name) => stack.formatArn({
    service: "secretsmanager",
    region: config.account.homeRegion,
    resource: "secret",
    resourceName: `${name}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  }));
}

/**
 * Lets a function read the named Slack secrets: GetSecretValue on exactly those secrets, and
 * kms:Decrypt on the home Region's Herald key only when Secrets Manager asks on the function's
 * behalf (kms:ViaService) and only for the key with Herald's alias. The key lives in the home
 * Region's stack with a generated id, so other Regions' functions cannot name its ARN.
 */
export function grantSlackSecretsRead(fn: lambda.Function, config: HeraldConfig, names: readonly string[]): void {
  const stack = Stack.of(fn);
  const home = config.account.homeRegion;
  iam.Grant.addToPrincipal({ grantee: fn, actions: ["secretsmanager:GetSecretValue"], resourceArns: slackSecretArns(fn, config, names) });
  const keys = stack.formatArn({ service: "kms", region: home, resource: "key", resourceName: "*" });
  fn.addToRolePolicy(new iam.PolicyStatement({
    actions: ["kms:Decrypt"],
    resources: [keys],
    conditions: {
      "StringEquals": { "kms:ViaService": `secretsmanager.${home}.${stack.urlSuffix}` },
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": SLACK_SECRETS_KEY_ALIAS },
    },
  }));
  // cdk-nag names the resource as synthesised: unresolved values as <AWS::…>.
  const shown = (value: string, name: string) => (Token.isUnresolved(value) ? `<AWS::${name}>` : value);
  Validations.of(fn.role!).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:${shown(stack.partition, "Partition")}:kms:${home}:${shown(stack.account, "AccountId")}:key/*]`,
    reason: `The Slack secrets' key is the ${home} Herald key, which has a generated id. Decrypt is limited by conditions to the key aliased ${SLACK_SECRETS_KEY_ALIAS} `
      + `(kms:ResourceAliases), used by Secrets Manager in ${home} on this function's behalf (kms:ViaService) — that is, to reading the secrets granted above.`,
  });
}
