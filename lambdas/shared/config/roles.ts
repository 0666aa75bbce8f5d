import { z } from "zod";
import { awsRegion } from "../aws/regions";

/**
 * `roles[]`: IAM roles Herald creates (home Region's stack) for commands to run with, so no role
 * is made by hand. A channel names one with `channels[].role` (instead of `iamRoleArn`), a member
 * with a `workspaces[].userRoles` value (instead of a role ARN). Each trusts only the command
 * worker's role: its account as principal, limited by aws:PrincipalArn to the worker, so the trust
 * survives the worker role being replaced. Roles you already have stay ARNs, as before.
 */

/** Herald's roles are `herald-<name>` under this path (IAM role names are at most 64 characters). */
export const HERALD_ROLE_PATH = "/herald/";
export const HERALD_ROLE_PREFIX = "herald-";

const ROLE_NAME = /^[A-Za-z0-9+=,.@_-]{1,57}$/;
const POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}|aws):policy\/[\w+=,.@/-]{1,512}$/;
/** An AWS managed policy's name with its path, such as ReadOnlyAccess or job-function/ViewOnlyAccess. */
const AWS_MANAGED_POLICY_NAME = /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;

export const PolicyReferenceSchema = z.string().refine(
  (value) => POLICY_ARN.test(value) || AWS_MANAGED_POLICY_NAME.test(value),
  "must be an AWS managed policy's name (ReadOnlyAccess, job-function/ViewOnlyAccess) or a policy ARN (your own policies)",
);

export const RoleNameSchema = z.string().regex(ROLE_NAME, "must be 1-57 characters of [A-Za-z0-9+=,.@_-] (Herald names the role herald-<name>)");

export const RoleSchema = z.strictObject({
  name: RoleNameSchema,
  description: z.string().min(1).max(1000, "must be at most 1000 characters").regex(/^[\u0020-\u007E\u00A1-\u00FF]*$/, "must be printable Latin-1 text on one line (IAM's rule for role descriptions)").optional(),
  /** Attached to the role; the channel's guardrails still bound what a command may do. */
  managedPolicies: z.array(PolicyReferenceSchema).min(1, "attach at least one policy (the guardrails only narrow what the role allows)").max(20, "IAM attaches at most 20 managed policies to a role"),
  /** The role's permissions boundary. */
  permissionsBoundary: PolicyReferenceSchema.optional(),
  /** Longest session, in hours; Herald's sessions last 15 minutes, so the default is IAM's. */
  maxSessionDurationHours: z.number().int("must be a whole number of hours").min(1).max(12).default(1),
});

export type RoleConfig = z.output<typeof RoleSchema>;

/** The ARN of the role Herald creates for `roles[].name`. */
export function heraldRoleArn(name: string, accountId: string, partition: string): string {
  return `arn:${partition}:iam::${accountId}:role${HERALD_ROLE_PATH}${HERALD_ROLE_PREFIX}${name}`;
}

/** The ARN of a policy given by name (AWS managed) or by ARN. */
export function policyArn(reference: string, partition: string): string {
  return POLICY_ARN.test(reference) ? reference : `arn:${partition}:iam::aws:policy/${reference}`;
}

/** A `channels[].iamRoleArn` or `userRoles` value that is not an ARN names one of `roles[]`. */
export const isRoleArn = (value: string): boolean => value.startsWith("arn:");

interface RolesContext {
  readonly account: { readonly id?: string; readonly homeRegion: string };
  readonly roles: readonly RoleConfig[];
  readonly workspaces: ReadonlyArray<{ readonly userRoles: Readonly<Record<string, string>> }>;
  readonly channels: ReadonlyArray<{ readonly iamRoleArn?: string; readonly role?: string }>;
}

/** Every role reference names a configured role; roles need the account id (their ARNs are known before deploy). */
export function checkRoles(config: RolesContext, ctx: z.RefinementCtx): void {
  const names = new Set<string>();
  config.roles.forEach((role, index) => {
    if (names.has(role.name)) ctx.addIssue({ code: "custom", path: ["roles", index, "name"], message: `duplicate role name ${role.name}; it must be unique` });
    names.add(role.name);
  });
  const known = (name: string) => names.has(name);
  let referenced = false;
  config.channels.forEach((channel, index) => {
    if (channel.role !== undefined && channel.iamRoleArn !== undefined) {
      ctx.addIssue({ code: "custom", path: ["channels", index, "role"], message: "give either role (one of roles[]) or iamRoleArn (a role you have), not both" });
    } else if (channel.role === undefined && channel.iamRoleArn === undefined) {
      ctx.addIssue({ code: "custom", path: ["channels", index, "iamRoleArn"], message: "is required (a role you have), unless role names one of roles[] for Herald to create" });
    }
    if (channel.role === undefined) return;
    referenced = true;
    if (!known(channel.role)) ctx.addIssue({ code: "custom", path: ["channels", index, "role"], message: `no role named ${channel.role} in roles[]` });
  });
  config.workspaces.forEach((workspace, index) => {
    for (const [userId, value] of Object.entries(workspace.userRoles)) {
      if (isRoleArn(value)) continue;
      referenced = true;
      if (!known(value)) ctx.addIssue({ code: "custom", path: ["workspaces", index, "userRoles", userId], message: `must be an IAM role ARN or the name of one of roles[]; no role named ${value}` });
    }
  });
  if ((referenced || config.roles.length > 0) && config.account.id === undefined) {
    ctx.addIssue({ code: "custom", path: ["account", "id"], message: "is required with roles[]: channels and members use the roles' ARNs, known before deploy only with the account id" });
  }
}

/** A config whose channels all have an `iamRoleArn`. */
export type Resolved<C extends RolesContext> = Omit<C, "channels"> & { channels: Array<Omit<C["channels"][number], "iamRoleArn"> & { iamRoleArn: string }> };

/** The config with every role reference replaced by the ARN of the role Herald creates. */
export function resolveRoleReferences<C extends RolesContext>(config: C): Resolved<C> {
  const accountId = config.account.id ?? "";
  const partition = awsRegion(config.account.homeRegion)?.partition ?? "aws";
  const arnOf = (reference: string) => (isRoleArn(reference) ? reference : heraldRoleArn(reference, accountId, partition));
  const channels = config.channels.map((channel: C["channels"][number]) => ({ ...channel, iamRoleArn: channel.iamRoleArn ?? arnOf(channel.role ?? "") }));
  const workspaces = config.workspaces.map((workspace: C["workspaces"][number]) => ({
    ...workspace,
    userRoles: Object.fromEntries(Object.entries(workspace.userRoles).map(([user, value]) => [user, arnOf(value)])),
  }));
  return { ...config, channels, workspaces };
}
