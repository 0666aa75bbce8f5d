import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { HeraldConfigInput } from "../../../lambdas/shared/config/schema";

/** A customer-managed guardrail whose local document the tests supply (see PUBLISH_GUARDRAIL_DOCUMENTS). */
export const PUBLISH_GUARDRAIL_ARN = "arn:aws:iam::123456789012:policy/HeraldLocalPublish";
/** A customer-managed guardrail nobody gives a local document for: it allows nothing locally. */
export const UNKNOWN_GUARDRAIL_ARN = "arn:aws:iam::123456789012:policy/HeraldNoLocalDocument";

/** The HERALD_GUARDRAILS file's content: the publish guardrail allows reads and sns:Publish. */
export const PUBLISH_GUARDRAIL_DOCUMENTS = {
  [PUBLISH_GUARDRAIL_ARN]: {
    Version: "2012-10-17",
    Statement: [{ Sid: "ReadAndPublish", Effect: "Allow", Action: ["sns:List*", "sns:Get*", "sns:Publish", "dynamodb:List*", "dynamodb:Describe*"], Resource: "*" }],
  },
};

/**
 * A config where each topic reaches different channels, so a test can tell that a message went
 * to the right ones: alarms → C0OPS0001, C0ALL0001 and C0NODOC01, deployments → C0DEV0001 and
 * C0ALL0001. Guardrails: C0OPS0001 the default (ReadOnlyAccess), C0DEV0001 one that may publish
 * (its document comes from a HERALD_GUARDRAILS file), C0NODOC01 one with no local document.
 */
export const ROUTING_CONFIG: HeraldConfigInput = {
  account: { homeRegion: "us-east-1", regions: ["us-east-1", "eu-west-1"], admins: ["U0ADMIN01"] },
  workspaces: [{ teamId: "T0HERALD1", botTokenSecretName: "herald/T0HERALD1/bot-token", signingSecretName: "herald/T0HERALD1/signing-secret" }],
  topics: [{ name: "alarms" }, { name: "deployments" }],
  channels: [
    { name: "ops-alarms", teamId: "T0HERALD1", channelId: "C0OPS0001", topics: ["alarms"], iamRoleArn: "arn:aws:iam::123456789012:role/HeraldOps", loggingLevel: "INFO" },
    {
      name: "dev-deployments", teamId: "T0HERALD1", channelId: "C0DEV0001", topics: ["deployments"], iamRoleArn: "arn:aws:iam::123456789012:role/HeraldDev",
      guardrailPolicyArns: [PUBLISH_GUARDRAIL_ARN],
    },
    {
      name: "everything", teamId: "T0HERALD1", channelId: "C0ALL0001", topics: ["alarms", "deployments"], iamRoleArn: "arn:aws:iam::123456789012:role/HeraldAll",
      guardrailPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"],
    },
    {
      name: "no-local-guardrail", teamId: "T0HERALD1", channelId: "C0NODOC01", topics: ["alarms"], iamRoleArn: "arn:aws:iam::123456789012:role/HeraldNoDoc",
      guardrailPolicyArns: [UNKNOWN_GUARDRAIL_ARN],
    },
  ],
};

export function writeConfig(config: HeraldConfigInput): string {
  const path = join(mkdtempSync(join(tmpdir(), "herald-e2e-")), "herald.json");
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/** Writes a HERALD_GUARDRAILS file next to a config written by writeConfig (removeConfig removes both). */
export function writeGuardrails(configPath: string, documents: Record<string, object>): string {
  const path = join(dirname(configPath), "guardrails.json");
  writeFileSync(path, JSON.stringify(documents, null, 2));
  return path;
}

export function removeConfig(path: string): void {
  rmSync(dirname(path), { recursive: true, force: true });
}
