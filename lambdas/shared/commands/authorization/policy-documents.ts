import {
  GetPolicyCommand,
  type GetPolicyCommandOutput,
  GetPolicyVersionCommand,
  type GetPolicyVersionCommandOutput,
} from "@aws-sdk/client-iam";
import { GuardrailPolicyUnavailableError } from "./errors";

/**
 * Guardrail policy ARNs → policy documents, for the in-process evaluation. AWS enforces the
 * guardrails itself (they are passed as session policies); Herald reads them only to explain a
 * denial before making the call.
 */

/** An IAM policy document as JSON (`Version`, `Statement`). */
export type PolicyDocument = Readonly<Record<string, unknown>>;

export interface GuardrailPolicy {
  readonly arn: string;
  /** The policy's name, for messages: "ReadOnlyAccess". */
  readonly name: string;
  readonly document: PolicyDocument;
}

export interface GuardrailPolicySource {
  /** The documents of `policyArns`, in the same order; throws GuardrailPolicyUnavailableError. */
  load(policyArns: readonly string[]): Promise<GuardrailPolicy[]>;
}

/** The part of the IAM client this module uses; a real IAMClient fits, and so does a test fake. */
export interface IamPolicyReader {
  send(command: GetPolicyCommand): Promise<GetPolicyCommandOutput>;
  send(command: GetPolicyVersionCommand): Promise<GetPolicyVersionCommandOutput>;
}

/** "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" → "ViewOnlyAccess". */
export function policyNameFromArn(policyArn: string): string {
  const afterPolicy = policyArn.split(":policy/")[1] ?? policyArn;
  return afterPolicy.split("/").pop() || policyArn;
}

/**
 * Reads each policy's default version from IAM (GetPolicy → DefaultVersionId → GetPolicyVersion,
 * whose document is URL-encoded). Documents are kept for the life of the instance — one cold
 * start — since guardrails change by deployment, not per command. Failures are not kept.
 */
export function createIamGuardrailPolicySource(iam: IamPolicyReader): GuardrailPolicySource {
  const cache = new Map<string, Promise<GuardrailPolicy>>();

  async function fetchPolicy(arn: string): Promise<GuardrailPolicy> {
    let versionId: string | undefined;
    let encoded: string | undefined;
    try {
      versionId = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId;
      if (!versionId) throw new GuardrailPolicyUnavailableError(arn, "IAM returned no default version");
      encoded = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }))).PolicyVersion?.Document;
    } catch (error) {
      if (error instanceof GuardrailPolicyUnavailableError) throw error;
      throw new GuardrailPolicyUnavailableError(arn, errorName(error), { cause: error });
    }
    if (!encoded) throw new GuardrailPolicyUnavailableError(arn, `IAM returned no document for version ${versionId}`);
    return { arn, name: policyNameFromArn(arn), document: parseDocument(arn, decodeURIComponent(encoded)) };
  }

  function policy(arn: string): Promise<GuardrailPolicy> {
    let pending = cache.get(arn);
    if (!pending) {
      pending = fetchPolicy(arn);
      cache.set(arn, pending);
      pending.catch(() => cache.delete(arn));
    }
    return pending;
  }

  return { load: (policyArns) => Promise.all(policyArns.map(policy)) };
}

/** Documents given up front (tests, the local runtime): an ARN without a document is unavailable. */
export function createStaticGuardrailPolicySource(documents: Readonly<Record<string, PolicyDocument | string>>): GuardrailPolicySource {
  return {
    async load(policyArns) {
      return policyArns.map((arn) => {
        const document = documents[arn];
        if (document === undefined) throw new GuardrailPolicyUnavailableError(arn, "no document is known for it");
        return { arn, name: policyNameFromArn(arn), document: typeof document === "string" ? parseDocument(arn, document) : document };
      });
    },
  };
}

function parseDocument(arn: string, json: string): PolicyDocument {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new GuardrailPolicyUnavailableError(arn, "its document is not JSON", { cause: error });
  }
  if (typeof document !== "object" || document === null || Array.isArray(document) || !("Statement" in document)) {
    throw new GuardrailPolicyUnavailableError(arn, "its document has no Statement");
  }
  return document as PolicyDocument;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "unknown error";
}
