import { type RunSimulationResults, runSimulation, type RequestAnalysis, type Simulation } from "@cloud-copilot/iam-simulate";
import type { GuardrailPolicy } from "./policy-documents";

/**
 * The channel's guardrails, evaluated in-process (@cloud-copilot/iam-simulate) before the AWS call,
 * so a denial is explained in the channel instead of surfacing as a bare AccessDenied.
 *
 * Only the guardrails are evaluated. The role's own policies, SCPs, permission boundaries and
 * resource policies are AWS's to enforce (the guardrails travel with the call as session
 * policies); in the simulation the role is a stand-in that allows everything, and the resource is
 * placed in the role's account so no cross-account rule decides. Several guardrails combine as
 * AWS combines managed session policies: any explicit Deny denies, otherwise any Allow allows.
 */

export interface GuardrailQuestion {
  readonly iamAction: string;
  /** The resource ARN, or "*" for actions without one. */
  readonly resource: string;
  /** The role the call will run as (the channel role, or the member's user role). */
  readonly principalArn: string;
  readonly region: string;
  readonly guardrails: readonly GuardrailPolicy[];
  /** More request context (global condition keys) than Herald fills in itself. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  readonly now?: Date;
}

export type GuardrailVerdict =
  | { readonly allowed: true; /** The guardrail that allows it. */ readonly allowedBy: string }
  | { readonly allowed: false; readonly denial: "explicit" | "implicit" | "unevaluable"; /** Plain text for the channel. */ readonly reason: string };

/** The role's own permissions are not known here; AWS enforces them. */
const ROLE_STAND_IN = {
  name: "role (enforced by AWS, not evaluated here)",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
};

type SessionAnalysis = NonNullable<RequestAnalysis["sessionAnalysis"]>;
type StatementAnalysis = SessionAnalysis["denyStatements"][number];

type OneGuardrail =
  | { readonly outcome: "Allowed" | "ImplicitlyDenied"; readonly guardrail: GuardrailPolicy }
  | { readonly outcome: "ExplicitlyDenied"; readonly guardrail: GuardrailPolicy; readonly statement: string }
  | { readonly outcome: "unevaluable"; readonly reason: string };

export async function evaluateGuardrails(question: GuardrailQuestion): Promise<GuardrailVerdict> {
  const { iamAction, resource, guardrails } = question;
  if (guardrails.length === 0) {
    // Never "no guardrails = the whole role": that is the managed service's risky default.
    return { allowed: false, denial: "unevaluable", reason: "The channel has no guardrail policies, so Herald runs no command in it." };
  }
  const results = await Promise.all(guardrails.map((guardrail) => evaluateOne(question, guardrail)));

  const unevaluable = results.find((r) => r.outcome === "unevaluable");
  if (unevaluable?.outcome === "unevaluable") return { allowed: false, denial: "unevaluable", reason: unevaluable.reason };

  const explicit = results.find((r) => r.outcome === "ExplicitlyDenied");
  if (explicit?.outcome === "ExplicitlyDenied") {
    return {
      allowed: false,
      denial: "explicit",
      reason: `The channel's guardrail ${explicit.guardrail.name} explicitly denies ${iamAction}${onResource(resource)} (statement ${explicit.statement}).`,
    };
  }
  const allowing = results.find((r) => r.outcome === "Allowed");
  if (allowing?.outcome === "Allowed") return { allowed: true, allowedBy: allowing.guardrail.name };

  return {
    allowed: false,
    denial: "implicit",
    reason: `The channel's guardrails (${guardrails.map((g) => g.name).join(", ")}) do not allow ${iamAction}${onResource(resource)}: implicitly denied.`,
  };
}

/**
 * For the worker, when AWS answers AccessDenied although the guardrails allowed the call: the
 * missing permission is the role's (or an SCP's, a boundary's, a resource policy's).
 */
export function explainAccessDeniedByAws(input: { iamAction: string; resource: string; roleArn: string; guardrailNames: readonly string[] }): string {
  return `AWS denied ${input.iamAction}${onResource(input.resource)}. The channel's guardrails (${input.guardrailNames.join(", ")}) allow it, ` +
    `so the role ${input.roleArn} does not (or an SCP, permission boundary or resource policy denies it): ` +
    "Herald checks only the guardrails; AWS enforces the role's own policies.";
}

async function evaluateOne(question: GuardrailQuestion, guardrail: GuardrailPolicy): Promise<OneGuardrail> {
  const account = accountOf(question.principalArn);
  const simulation: Simulation = {
    request: {
      principal: question.principalArn,
      action: question.iamAction,
      resource: { resource: question.resource, accountId: account },
      contextVariables: contextFor(question, account),
    },
    sessionPolicy: guardrail.document,
    identityPolicies: [ROLE_STAND_IN],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  let result: RunSimulationResults;
  try {
    result = await runSimulation(simulation, { simulationMode: "Strict" });
  } catch (error) {
    return { outcome: "unevaluable", reason: `Herald could not evaluate the guardrail ${guardrail.name}: ${error instanceof Error ? error.message : String(error)}.` };
  }
  if (result.resultType === "error") {
    if (result.errors.sessionPolicyErrors?.length) {
      return { outcome: "unevaluable", reason: `The guardrail ${guardrail.name} is not a valid IAM policy (${result.errors.sessionPolicyErrors.map((e) => e.message).join("; ")}).` };
    }
    return { outcome: "unevaluable", reason: `Herald cannot check ${question.iamAction}${onResource(question.resource)} against the guardrails: ${describeRequestError(result.errors.message, question)}.` };
  }
  if (result.overallResult === "ExplicitlyDenied") {
    const analyses = result.resultType === "single" ? [result.result.analysis] : result.results.map((r) => r.analysis);
    const deny = analyses.flatMap((a) => a.sessionAnalysis?.denyStatements ?? [])[0];
    return { outcome: "ExplicitlyDenied", guardrail, statement: deny ? statementLabel(deny) : "unknown" };
  }
  return { outcome: result.overallResult, guardrail };
}

/** iam-simulate reports request problems as message ids; the ones a service definition can cause, in words. */
function describeRequestError(messageId: string, question: GuardrailQuestion): string {
  switch (messageId) {
    case "invalid.action":
      return `AWS defines no action ${question.iamAction}`;
    case "no.resource.types":
      return `${question.resource} is not a resource ${question.iamAction} acts on`;
    case "must.use.wildcard":
      return `${question.iamAction} acts on no particular resource, so its resource must be "*"`;
    default:
      return messageId;
  }
}

function contextFor(question: GuardrailQuestion, account: string): Record<string, string | string[]> {
  const now = question.now ?? new Date();
  const extra = Object.fromEntries(Object.entries(question.context ?? {}).map(([key, value]) => [key, typeof value === "string" ? value : [...value]]));
  // Herald's own keys last: extra context adds keys, it never overrides what the request is.
  return {
    ...extra,
    "aws:RequestedRegion": question.region,
    "aws:CurrentTime": now.toISOString(),
    "aws:EpochTime": String(Math.floor(now.getTime() / 1000)),
    "aws:SecureTransport": "true",
    "aws:PrincipalArn": question.principalArn,
    "aws:PrincipalAccount": account,
    "aws:PrincipalType": "AssumedRole",
  };
}

function statementLabel(analysis: StatementAnalysis): string {
  const sid = analysis.statement.sid();
  return sid ? `"${sid}"` : `#${analysis.statement.index()}`;
}

function onResource(resource: string): string {
  return resource === "*" ? "" : ` on ${resource}`;
}

/** "arn:aws:iam::123456789012:role/x" → "123456789012". */
function accountOf(arn: string): string {
  return arn.split(":")[4] ?? "";
}
