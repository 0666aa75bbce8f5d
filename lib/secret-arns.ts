import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import type { HeraldFunction } from "./constructs/herald-function";
import { acknowledge, slackSecretsKeyAcknowledgement } from "./nag-acknowledgements";

/** Where Herald's Slack secrets live: the home Region, encrypted with its Herald key (README, "Store the secrets"). */
export interface SlackSecretsLocation {
  readonly homeRegion: string;
  /** The alias of the home Region's Herald key. */
  readonly keyAlias: string;
}

/**
 * ARNs of the named Slack secrets. Secrets Manager appends "-" and six random characters to a
 * secret's name in its ARN, hence the `-??????` suffix.
 */
export function slackSecretArns(scope: Construct, location: SlackSecretsLocation, names: readonly string[]): string[] {
  const stack = Stack.of(scope);
  return [...new Set(names)].sort().map((name) => stack.formatArn({
    service: "secretsmanager",
    region: location.homeRegion,
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
export function grantSlackSecretsRead(handler: HeraldFunction, location: SlackSecretsLocation, names: readonly string[]): void {
  const fn = handler.function;
  const stack = Stack.of(fn);
  const home = location.homeRegion;
  iam.Grant.addToPrincipal({ grantee: fn, actions: ["secretsmanager:GetSecretValue"], resourceArns: slackSecretArns(fn, location, names) });
  fn.addToRolePolicy(new iam.PolicyStatement({
    actions: ["kms:Decrypt"],
    resources: [stack.formatArn({ service: "kms", region: home, resource: "key", resourceName: "*" })],
    conditions: {
      "StringEquals": { "kms:ViaService": `secretsmanager.${home}.${stack.urlSuffix}` },
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": location.keyAlias },
    },
  }));
  acknowledge(handler.role, slackSecretsKeyAcknowledgement(fn, home, location.keyAlias));
}
