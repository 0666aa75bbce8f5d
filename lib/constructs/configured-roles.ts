import { CfnOutput, Duration, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { HERALD_ROLE_PATH, HERALD_ROLE_PREFIX, policyArn, type RoleConfig } from "../../lambdas/shared/config/roles";
import { acknowledge, configuredRoleAcknowledgements } from "../nag-acknowledgements";
import { CHANNEL_ROLE_ACTIONS } from "./command-api";

export interface ConfiguredRolesProps {
  /** The config's `roles[]`. */
  readonly roles: readonly RoleConfig[];
  /** The command worker's role: the only principal each role trusts. */
  readonly workerRole: iam.IRole;
}

/**
 * The roles the config describes (home Region only: IAM is global), for channels (`role`) and
 * members (`userRoles`) to run commands with. Each trusts its account as principal limited by
 * aws:PrincipalArn to the command worker's role, for exactly the session actions the worker uses:
 * the worker's own policy must also allow the role (it does, for the configured roles only), and
 * the trust keeps working if the worker's role is ever replaced (a role principal would not).
 */
export class ConfiguredRoles extends Construct {
  readonly roles = new Map<string, iam.Role>();

  constructor(scope: Construct, id: string, props: ConfiguredRolesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    for (const config of props.roles) {
      const role = new iam.Role(this, config.name, {
        roleName: `${HERALD_ROLE_PREFIX}${config.name}`,
        path: HERALD_ROLE_PATH,
        description: config.description ?? `Herald: runs Slack commands for the channels and members that name ${config.name}`,
        assumedBy: new iam.AccountPrincipal(stack.account),
        managedPolicies: config.managedPolicies.map((reference, index) => iam.ManagedPolicy.fromManagedPolicyArn(this, `${config.name}Policy${index}`, policyArn(reference, stack.partition))),
        permissionsBoundary: config.permissionsBoundary === undefined
          ? undefined
          : iam.ManagedPolicy.fromManagedPolicyArn(this, `${config.name}Boundary`, policyArn(config.permissionsBoundary, stack.partition)),
        maxSessionDuration: Duration.hours(config.maxSessionDurationHours),
      });
      (role.node.defaultChild as iam.CfnRole).assumeRolePolicyDocument = trustPolicy(stack, props.workerRole.roleArn);
      const awsManaged = config.managedPolicies.map((reference) => policyArn(reference, stack.partition)).filter((arn) => arn.includes(":iam::aws:policy/"));
      acknowledge(role, ...configuredRoleAcknowledgements(role, config.name, awsManaged));
      this.roles.set(config.name, role);
      const output = new CfnOutput(this, `${config.name}Arn`, { description: `The role roles[] ${config.name} describes`, value: role.roleArn });
      output.overrideLogicalId(`RoleArn${config.name.split(/[^A-Za-z0-9]+/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("")}`);
    }
  }
}

/** The one statement of each configured role's trust policy. */
function trustPolicy(stack: Stack, workerRoleArn: string): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [{
      Effect: "Allow",
      Principal: { AWS: `arn:${stack.partition}:iam::${stack.account}:root` },
      Action: [...CHANNEL_ROLE_ACTIONS],
      Condition: { ArnEquals: { "aws:PrincipalArn": workerRoleArn } },
    }],
  };
}
