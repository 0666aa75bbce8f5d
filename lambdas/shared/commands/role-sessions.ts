import { AssumeRoleCommand, type AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { HeraldError } from "../errors";
import type { CommandCaller } from "./operation-model";

/**
 * Temporary credentials a command runs with: STS AssumeRole on the configuration's channel role
 * (or, where the configuration requires user roles, the member's own role), with the guardrail
 * policies passed as session policies so AWS itself enforces role ∩ guardrails. The session name
 * and source identity put the workspace, channel and Slack user into CloudTrail.
 */

/** STS accepts at most 10 managed session policies. */
export const MAX_GUARDRAIL_POLICIES = 10;
/** The shortest session STS grants: a command needs minutes, not hours. */
export const SESSION_DURATION_SECONDS = 900;
/** Characters STS allows in RoleSessionName and SourceIdentity. */
const STS_NAME_CHARACTERS = /[^\w+=,.@-]/g;
const MAX_SESSION_NAME_LENGTH = 64;

/** What of a channel configuration decides the role (ChannelConfigRecord fits). */
export interface CommandRoleConfig {
  readonly name: string;
  readonly iamRoleArn: string;
  readonly guardrailPolicyArns: readonly string[];
  readonly userRoleRequired: boolean;
  /** Members' own roles (Slack user id → role ARN) of the configuration's workspace, when it requires them. */
  readonly userRoles?: Readonly<Record<string, string>>;
}

/** The part of the STS client this module uses; a real STSClient fits, and so does a test fake. */
export interface StsRoleAssumer {
  send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput>;
}

export interface RoleSession {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly credentials: AwsCredentialIdentity & { readonly expiration: Date };
}

export class CommandCredentialsError extends HeraldError {}

/** The configuration requires user roles and this member has none mapped. */
export class UserRoleNotMappedError extends CommandCredentialsError {
  constructor(configurationName: string) {
    super(`The configuration ${configurationName} runs commands with each member's own IAM role, and you have not mapped one yet. Ask an admin to map your role, then try again.`, { expose: true });
  }
}

/** More guardrails than STS can pass, or none at all (which would hand out the whole role). */
export class GuardrailCountError extends CommandCredentialsError {
  constructor(configurationName: string, count: number) {
    super(
      count === 0
        ? `The configuration ${configurationName} has no guardrail policies; Herald never runs a command with a role's full permissions.`
        : `The configuration ${configurationName} has ${count} guardrail policies; AWS passes at most ${MAX_GUARDRAIL_POLICIES} to a session, so Herald cannot run commands there until some are merged.`,
      { expose: true },
    );
  }
}

/** STS refused or failed. Only the error's name is kept in the message (STS messages can carry other ARNs). */
export class RoleAssumptionError extends CommandCredentialsError {
  constructor(roleArn: string, errorName: string, options: { cause?: unknown } = {}) {
    super(
      `Herald could not assume ${roleArn} (${errorName}). The role's trust policy must let Herald's command worker role (stack output CommandWorkerRoleArn) call sts:AssumeRole and sts:SetSourceIdentity, and its guardrail policies must exist.`,
      { ...options, expose: true },
    );
  }
}

/** The role a member's command runs as: the channel role, or their own (from the configuration) when it requires it. */
export async function resolveCommandRole(config: CommandRoleConfig, caller: CommandCaller): Promise<string> {
  if (!config.userRoleRequired) return config.iamRoleArn;
  const roleArn = config.userRoles !== undefined && Object.hasOwn(config.userRoles, caller.userId) ? config.userRoles[caller.userId] : undefined;
  if (!roleArn) throw new UserRoleNotMappedError(config.name);
  return roleArn;
}

/** `herald.T0123.C0456.U0789`: who ran what, readable in CloudTrail; at most 64 STS-safe characters. */
export function roleSessionName(caller: Pick<CommandCaller, "teamId" | "channelId" | "userId">): string {
  const prefix = "herald";
  const user = stsSafe(caller.userId).slice(0, 24);
  let team = stsSafe(caller.teamId);
  let channel = stsSafe(caller.channelId);
  const budget = MAX_SESSION_NAME_LENGTH - prefix.length - user.length - 3;
  if (team.length + channel.length > budget) {
    // Ids are short in practice; if not, the user stays whole and the workspace and channel share the rest.
    const teamBudget = Math.min(team.length, Math.max(Math.floor(budget / 2), budget - channel.length));
    team = team.slice(0, teamBudget);
    channel = channel.slice(0, budget - team.length);
  }
  return `${prefix}.${team}.${channel}.${user}`;
}

/** The Slack user id as STS SourceIdentity (2–64 of `[\w+=,.@-]`); it stays on every call made with the session. */
export function sourceIdentityFor(userId: string): string {
  const identity = stsSafe(userId).slice(0, MAX_SESSION_NAME_LENGTH);
  return identity.length >= 2 ? identity : `user-${identity}`;
}

interface CachedSession {
  readonly pending: Promise<RoleSession>;
  /** Known once STS has answered. */
  expiresAt?: number;
}

export interface RoleSessionOptions {
  readonly sts: StsRoleAssumer;
  /**
   * A cached session is reused only while it has at least this long to live, so a command never
   * runs out of credentials mid-call: keep it above the worker's timeout. Default 5 minutes.
   */
  readonly minRemainingMs?: number;
  readonly now?: () => number;
}

/**
 * Credentials per (role, guardrails, workspace, channel, user), reused until shortly before they
 * expire. The channel is part of the key because it is part of the session name: a session named
 * for one channel is never used for a command in another.
 */
export function createRoleSessions(options: RoleSessionOptions) {
  const { sts } = options;
  const minRemainingMs = options.minRemainingMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, CachedSession>();

  async function assume(roleArn: string, guardrailPolicyArns: readonly string[], caller: CommandCaller): Promise<RoleSession> {
    const sessionName = roleSessionName(caller);
    let output: AssumeRoleCommandOutput;
    try {
      output = await sts.send(new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        SourceIdentity: sourceIdentityFor(caller.userId),
        PolicyArns: guardrailPolicyArns.map((arn) => ({ arn })),
        DurationSeconds: SESSION_DURATION_SECONDS,
      }));
    } catch (error) {
      throw new RoleAssumptionError(roleArn, error instanceof Error ? error.name : "unknown error", { cause: error });
    }
    const issued = output.Credentials;
    if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken || !issued.Expiration) {
      throw new RoleAssumptionError(roleArn, "STS returned incomplete credentials");
    }
    return {
      roleArn,
      sessionName,
      credentials: { accessKeyId: issued.AccessKeyId, secretAccessKey: issued.SecretAccessKey, sessionToken: issued.SessionToken, expiration: issued.Expiration },
    };
  }

  /** The credentials a member's command in this configuration runs with. */
  async function credentialsFor(config: CommandRoleConfig, caller: CommandCaller): Promise<RoleSession> {
    const count = config.guardrailPolicyArns.length;
    if (count === 0 || count > MAX_GUARDRAIL_POLICIES) throw new GuardrailCountError(config.name, count);
    const roleArn = await resolveCommandRole(config, caller);
    const key = JSON.stringify([roleArn, config.guardrailPolicyArns, caller.teamId, caller.channelId, caller.userId]);
    const usableUntil = now() + minRemainingMs;

    const cached = sessions.get(key);
    // In flight (no expiry known yet) or still fresh: share it.
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > usableUntil)) return cached.pending;

    for (const [otherKey, other] of sessions) {
      if (other.expiresAt !== undefined && other.expiresAt <= usableUntil) sessions.delete(otherKey);
    }
    const entry: CachedSession = { pending: assume(roleArn, config.guardrailPolicyArns, caller) };
    sessions.set(key, entry);
    entry.pending.then(
      (session) => (entry.expiresAt = session.credentials.expiration.getTime()),
      () => sessions.get(key) === entry && sessions.delete(key),
    );
    return entry.pending;
  }

  return { credentialsFor };
}

export type RoleSessions = ReturnType<typeof createRoleSessions>;

/** Replaces what STS does not accept in names; Slack ids (T0123ABCD) pass unchanged. */
function stsSafe(value: string): string {
  return value.replace(STS_NAME_CHARACTERS, "-");
}
