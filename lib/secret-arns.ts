import { ArnFormat, Stack } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { HeraldConfig } from "../lambdas/shared/config/schema";

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
