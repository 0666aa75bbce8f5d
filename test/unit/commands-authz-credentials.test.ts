import { AssumeRoleCommand, type AssumeRoleCommandOutput, STSClient } from "@aws-sdk/client-sts";
import fc from "fast-check";
import {
  createRoleSessions,
  GuardrailCountError,
  MAX_GUARDRAIL_POLICIES,
  resolveCommandRole,
  RoleAssumptionError,
  roleSessionName,
  sourceIdentityFor,
  type StsRoleAssumer,
  UserRoleNotMappedError,
} from "../../lambdas/shared/commands/role-sessions";
import type { CommandCaller } from "../../lambdas/shared/commands/operation-model";

/** The credentials a command runs with: STS AssumeRole with the guardrails as session policies (STS mocked). */

const CHANNEL_ROLE = "arn:aws:iam::123456789012:role/HeraldOpsChannel";
const USER_ROLE = "arn:aws:iam::123456789012:role/alice-oncall";
const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const config = { name: "ops-alarms", iamRoleArn: CHANNEL_ROLE, guardrailPolicyArns: [READ_ONLY], userRoleRequired: false };
const alice: CommandCaller = { teamId: "T0123", channelId: "C0456", userId: "U0789" };
const STS_NAME = /^[\w+=,.@-]{2,64}$/;

/** Records every AssumeRole request and answers with credentials valid for DurationSeconds from `now`. */
class FakeSts implements StsRoleAssumer {
  readonly requests: AssumeRoleCommand["input"][] = [];
  failWith: Error | undefined;
  constructor(private readonly now: () => number) {}

  async send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput> {
    this.requests.push(command.input);
    if (this.failWith) throw this.failWith;
    const n = this.requests.length;
    return {
      Credentials: {
        AccessKeyId: `ASIAFAKE${n}`,
        SecretAccessKey: `fake-secret-${n}`,
        SessionToken: `fake-token-${n}`,
        Expiration: new Date(this.now() + (command.input.DurationSeconds ?? 3600) * 1000),
      },
      $metadata: {},
    };
  }
}

function setup() {
  let now = Date.parse("2025-01-01T00:00:00Z");
  const sts = new FakeSts(() => now);
  const provider = createRoleSessions({ sts, now: () => now });
  return { sts, provider, advance: (ms: number) => (now += ms) };
}

describe("assuming the channel role (STS mocked)", () => {
  test("passes the guardrails as session policies, names the session after Herald, workspace, channel and user", async () => {
    const { sts, provider } = setup();
    const session = await provider.credentialsFor(config, alice);
    expect(sts.requests).toEqual([{
      RoleArn: CHANNEL_ROLE,
      RoleSessionName: "herald.T0123.C0456.U0789",
      SourceIdentity: "U0789",
      PolicyArns: [{ arn: READ_ONLY }],
      DurationSeconds: 900,
    }]);
    expect(session).toMatchObject({ roleArn: CHANNEL_ROLE, sessionName: "herald.T0123.C0456.U0789", credentials: { accessKeyId: "ASIAFAKE1", sessionToken: "fake-token-1" } });
  });

  test("a session is reused for the same role, guardrails and member until shortly before it expires", async () => {
    const { sts, provider, advance } = setup();
    await Promise.all([provider.credentialsFor(config, alice), provider.credentialsFor(config, alice)]);
    advance(9 * 60_000);
    await provider.credentialsFor(config, alice);
    expect(sts.requests).toHaveLength(1);
    advance(2 * 60_000); // 4 minutes left: less than the 5 a command may need
    expect((await provider.credentialsFor(config, alice)).credentials.accessKeyId).toBe("ASIAFAKE2");
    expect(sts.requests).toHaveLength(2);
  });

  test("another member, channel or guardrail set gets its own session", async () => {
    const { sts, provider } = setup();
    await provider.credentialsFor(config, alice);
    await provider.credentialsFor(config, { ...alice, userId: "U0BOB" });
    await provider.credentialsFor(config, { ...alice, channelId: "C0OTHER" });
    await provider.credentialsFor({ ...config, guardrailPolicyArns: [READ_ONLY, "arn:aws:iam::123456789012:policy/Extra"] }, alice);
    expect(sts.requests.map((r) => r.RoleSessionName)).toEqual(["herald.T0123.C0456.U0789", "herald.T0123.C0456.U0BOB", "herald.T0123.C0OTHER.U0789", "herald.T0123.C0456.U0789"]);
  });

  test("an STS failure is a clear error (its text is not passed on) and is not cached", async () => {
    const { sts, provider } = setup();
    sts.failWith = Object.assign(new Error("User: arn:aws:sts::123456789012:assumed-role/herald-command/x is not authorized"), { name: "AccessDenied" });
    const failure = provider.credentialsFor(config, alice);
    await expect(failure).rejects.toBeInstanceOf(RoleAssumptionError);
    await expect(failure).rejects.toThrow(`Herald could not assume ${CHANNEL_ROLE} (AccessDenied).`);
    await expect(failure).rejects.not.toThrow(/herald-command/);
    sts.failWith = undefined;
    await expect(provider.credentialsFor(config, alice)).resolves.toMatchObject({ roleArn: CHANNEL_ROLE });
  });

  test(`more than ${MAX_GUARDRAIL_POLICIES} guardrails, or none, is refused before calling STS`, async () => {
    const { sts, provider } = setup();
    const eleven = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::123456789012:policy/G${i}`);
    await expect(provider.credentialsFor({ ...config, guardrailPolicyArns: eleven }, alice)).rejects.toThrow(/has 11 guardrail policies; AWS passes at most 10/);
    await expect(provider.credentialsFor({ ...config, guardrailPolicyArns: [] }, alice)).rejects.toBeInstanceOf(GuardrailCountError);
    expect(sts.requests).toHaveLength(0);
    await expect(provider.credentialsFor({ ...config, guardrailPolicyArns: eleven.slice(0, 10) }, alice)).resolves.toBeDefined();
  });

  test("a real STSClient fits the interface", () => {
    const client: StsRoleAssumer = new STSClient({ region: "us-east-1" });
    expect(typeof client.send).toBe("function");
    (client as STSClient).destroy();
  });
});

describe("user roles (STS mocked)", () => {
  // The configuration carries its workspace's mapped roles (workspaces[].userRoles).
  const userRoles = { U0789: USER_ROLE };
  const requiring = { ...config, userRoleRequired: true, userRoles };

  test("a configuration that requires user roles runs the member's own role, with the same guardrails", async () => {
    const { sts, provider } = setup();
    expect((await provider.credentialsFor(requiring, alice)).roleArn).toBe(USER_ROLE);
    expect(sts.requests[0]).toMatchObject({ RoleArn: USER_ROLE, PolicyArns: [{ arn: READ_ONLY }] });
  });

  test("a member without a mapped role is refused clearly, and STS is not called", async () => {
    const { sts, provider } = setup();
    await expect(provider.credentialsFor(requiring, { ...alice, userId: "U0BOB" })).rejects.toThrow(UserRoleNotMappedError);
    await expect(resolveCommandRole({ ...requiring, userRoles: undefined }, alice)).rejects.toThrow(/you have not mapped one yet/);
    expect(sts.requests).toHaveLength(0);
  });

  test("the channel role is used when user roles are not required", async () => {
    expect(await resolveCommandRole({ ...config, userRoles }, alice)).toBe(CHANNEL_ROLE);
  });
});

describe("session names and source identities", () => {
  test("any workspace, channel and user make a valid session name of at most 64 characters that keeps the user", () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 300 }), fc.string({ minLength: 1, maxLength: 300 }), fc.stringMatching(/^[UW][A-Z0-9]{2,20}$/), (teamId, channelId, userId) => {
      const name = roleSessionName({ teamId, channelId, userId });
      return STS_NAME.test(name) && name.startsWith("herald.") && name.endsWith(`.${userId}`);
    }));
  });

  test("odd characters are replaced, not passed to STS", () => {
    expect(roleSessionName({ teamId: "T 1", channelId: "C/2", userId: "U<3>" })).toBe("herald.T-1.C-2.U-3-");
    expect(sourceIdentityFor("U0789")).toBe("U0789");
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (userId) => STS_NAME.test(sourceIdentityFor(userId))));
  });
});
