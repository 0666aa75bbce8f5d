import {
  GetPolicyCommand,
  type GetPolicyCommandOutput,
  GetPolicyVersionCommand,
  type GetPolicyVersionCommandOutput,
  IAMClient,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { GuardrailPolicyUnavailableError } from "../../lambdas/shared/commands/authorization/errors";
import {
  createIamGuardrailPolicySource,
  createStaticGuardrailPolicySource,
  type IamPolicyReader,
  policyNameFromArn,
} from "../../lambdas/shared/commands/authorization/policy-documents";

/** Guardrail policy ARNs → documents. IAM cannot run here: its client is a fake (IAM mocked). */

const READ_ONLY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const CUSTOM_ARN = "arn:aws:iam::123456789012:policy/guardrails/OpsGuardrail";
const READ_ONLY_DOCUMENT = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sns:Get*", "sns:List*"], Resource: "*" }] };
const CUSTOM_DOCUMENT = { Version: "2012-10-17", Statement: [{ Sid: "Tags & more", Effect: "Allow", Action: "sns:Publish", Resource: "arn:aws:sns:*:*:ops-*" }] };

/** Answers GetPolicy / GetPolicyVersion as IAM does: the version's document URL-encoded. */
class FakeIam implements IamPolicyReader {
  readonly calls: string[] = [];
  failNext: Error | undefined;

  constructor(private readonly policies: Record<string, { version: string; document: object }>) {}

  send(command: GetPolicyCommand): Promise<GetPolicyCommandOutput>;
  send(command: GetPolicyVersionCommand): Promise<GetPolicyVersionCommandOutput>;
  async send(command: GetPolicyCommand | GetPolicyVersionCommand): Promise<GetPolicyCommandOutput | GetPolicyVersionCommandOutput> {
    const arn = command.input.PolicyArn ?? "";
    this.calls.push(`${command.constructor.name} ${arn}`);
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    const policy = this.policies[arn];
    if (!policy) throw new NoSuchEntityException({ message: `Policy ${arn} does not exist`, $metadata: {} });
    if (command instanceof GetPolicyCommand) return { Policy: { Arn: arn, DefaultVersionId: policy.version }, $metadata: {} };
    if (command.input.VersionId !== policy.version) throw new NoSuchEntityException({ message: "no such version", $metadata: {} });
    return { PolicyVersion: { VersionId: policy.version, IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify(policy.document)) }, $metadata: {} };
  }
}

const fakeIam = () => new FakeIam({ [READ_ONLY_ARN]: { version: "v133", document: READ_ONLY_DOCUMENT }, [CUSTOM_ARN]: { version: "v2", document: CUSTOM_DOCUMENT } });

describe("guardrail documents from IAM (IAM mocked)", () => {
  test("reads each policy's default version and decodes its document", async () => {
    const iam = fakeIam();
    const source = createIamGuardrailPolicySource(iam);
    const [readOnly, custom] = await source.load([READ_ONLY_ARN, CUSTOM_ARN]);
    expect(readOnly).toEqual({ arn: READ_ONLY_ARN, name: "ReadOnlyAccess", document: READ_ONLY_DOCUMENT });
    expect(custom).toEqual({ arn: CUSTOM_ARN, name: "OpsGuardrail", document: CUSTOM_DOCUMENT });
    expect(iam.calls).toEqual(expect.arrayContaining([`GetPolicyCommand ${READ_ONLY_ARN}`, `GetPolicyVersionCommand ${READ_ONLY_ARN}`]));
  });

  test("documents are kept for the life of the instance (one cold start), shared by concurrent loads", async () => {
    const iam = fakeIam();
    const source = createIamGuardrailPolicySource(iam);
    await Promise.all([source.load([READ_ONLY_ARN]), source.load([READ_ONLY_ARN, CUSTOM_ARN])]);
    await source.load([CUSTOM_ARN, READ_ONLY_ARN]);
    expect(iam.calls).toHaveLength(4);
  });

  test("a missing policy is a clear error naming it; the failure is not kept", async () => {
    const iam = fakeIam();
    const source = createIamGuardrailPolicySource(iam);
    const missing = "arn:aws:iam::123456789012:policy/Deleted";
    await expect(source.load([missing])).rejects.toThrow(`The guardrail policy ${missing} could not be read (NoSuchEntityException), so Herald runs no command in this channel until it can.`);

    iam.failNext = Object.assign(new Error("Rate exceeded"), { name: "Throttling" });
    await expect(source.load([CUSTOM_ARN])).rejects.toThrow(/OpsGuardrail could not be read \(Throttling\)/);
    await expect(source.load([CUSTOM_ARN])).resolves.toHaveLength(1);
  });

  test("a real IAMClient fits the reader interface", () => {
    const client: IamPolicyReader = new IAMClient({ region: "us-east-1" });
    expect(typeof client.send).toBe("function");
    (client as IAMClient).destroy();
  });
});

describe("guardrail documents given up front", () => {
  test("documents as objects or JSON; an unknown ARN is unavailable", async () => {
    const source = createStaticGuardrailPolicySource({ [READ_ONLY_ARN]: READ_ONLY_DOCUMENT, [CUSTOM_ARN]: JSON.stringify(CUSTOM_DOCUMENT) });
    expect((await source.load([CUSTOM_ARN]))[0].document).toEqual(CUSTOM_DOCUMENT);
    await expect(source.load(["arn:aws:iam::aws:policy/AdministratorAccess"])).rejects.toBeInstanceOf(GuardrailPolicyUnavailableError);
  });

  test("a document that is not a policy is refused", async () => {
    const source = createStaticGuardrailPolicySource({ [CUSTOM_ARN]: "{not json", [READ_ONLY_ARN]: "[1,2]" });
    await expect(source.load([CUSTOM_ARN])).rejects.toThrow(/is not JSON/);
    await expect(source.load([READ_ONLY_ARN])).rejects.toThrow(/has no Statement/);
  });
});

test.each([
  [READ_ONLY_ARN, "ReadOnlyAccess"],
  ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "ViewOnlyAccess"],
  ["arn:aws-us-gov:iam::123456789012:policy/a/b/Custom", "Custom"],
])("the policy name of %s is %s", (arn, name) => {
  expect(policyNameFromArn(arn)).toBe(name);
});
