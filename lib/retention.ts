import * as logs from "aws-cdk-lib/aws-logs";
import { HeraldConfigError } from "../lambdas/shared/errors";

/** The retention periods CloudWatch Logs accepts (the config schema allows any 1-3653). */
const ALLOWED = Object.values(logs.RetentionDays)
  .filter((days): days is number => typeof days === "number" && days !== logs.RetentionDays.INFINITE)
  .sort((a, b) => a - b);

/** `account.logRetentionDays` as a log group retention; a value CloudWatch Logs rejects fails synth. */
export function logRetentionFromConfig(days: number): logs.RetentionDays {
  if (ALLOWED.includes(days)) return days as logs.RetentionDays;
  const issue = `account.logRetentionDays: must be one of CloudWatch Logs' retention periods (${ALLOWED.join(", ")}); got ${days}`;
  throw new HeraldConfigError(`Herald config is invalid:\n  - ${issue}`, [issue]);
}
