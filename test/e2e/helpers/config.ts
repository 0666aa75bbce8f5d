import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { HeraldConfigInput } from "../../../lambdas/shared/config/schema";

/**
 * A config where each topic reaches different channels, so a test can tell that a message went
 * to the right ones: alarms → C0OPS0001 and C0ALL0001, deployments → C0DEV0001 and C0ALL0001.
 */
export const ROUTING_CONFIG: HeraldConfigInput = {
  account: { homeRegion: "us-east-1", regions: ["us-east-1", "eu-west-1"], admins: ["U0ADMIN01"] },
  workspaces: [{ teamId: "T0HERALD1", botTokenSecretName: "herald/T0HERALD1/bot-token", signingSecretName: "herald/T0HERALD1/signing-secret" }],
  topics: [{ name: "alarms" }, { name: "deployments" }],
  channels: [
    { name: "ops-alarms", teamId: "T0HERALD1", channelId: "C0OPS0001", topics: ["alarms"], iamRoleArn: "arn:aws:iam::123456789012:role/HeraldOps", loggingLevel: "INFO" },
    { name: "dev-deployments", teamId: "T0HERALD1", channelId: "C0DEV0001", topics: ["deployments"], iamRoleArn: "arn:aws:iam::123456789012:role/HeraldDev" },
    {
      name: "everything", teamId: "T0HERALD1", channelId: "C0ALL0001", topics: ["alarms", "deployments"], iamRoleArn: "arn:aws:iam::123456789012:role/HeraldAll",
      guardrailPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"],
    },
  ],
};

export function writeConfig(config: HeraldConfigInput): string {
  const path = join(mkdtempSync(join(tmpdir(), "herald-e2e-")), "herald.json");
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

export function removeConfig(path: string): void {
  rmSync(dirname(path), { recursive: true, force: true });
}
