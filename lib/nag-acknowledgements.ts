import { type Acknowledgment, Stack, Token, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/**
 * Why each cdk-nag finding Herald does not fix does not apply to it, in one place: every construct
 * acknowledges its findings from here with `acknowledge`, so a reviewer reads every exception (and
 * SECURITY.md's summary of them) in one file. test/security/template-controls.test.ts requires each
 * reason to be specific.
 */

/** Records the acknowledgements on `scope` (cdk-nag honours them for the scope and its children). */
export function acknowledge(scope: IConstruct, ...acknowledgements: readonly Acknowledgment[]): void {
  Validations.of(scope).acknowledge(...acknowledgements);
}

/** Every Herald function (HeraldFunction). */
export const HERALD_FUNCTION_ACKNOWLEDGEMENTS: readonly Acknowledgment[] = [
  {
    id: "NIST.800.53.R5-LambdaInsideVPC",
    reason: "Herald's functions reach only AWS APIs (over TLS, SigV4) and Slack's Web API; no resource of theirs has a network endpoint a VPC could fence. "
      + "A VPC would need a NAT gateway per Region for Slack, adding cost and a failure point without narrowing what the functions can reach (their IAM roles do that).",
  },
  {
    id: "NIST.800.53.R5-LambdaConcurrency",
    reason: "Reserving concurrency takes it from the account's unreserved pool, and Lambda refuses any reservation that leaves less than 10 unreserved: "
      + "new accounts (quota 10) could not deploy Herald at all. Load is bounded upstream instead: API Gateway throttling on the Slack routes, SNS's delivery rate, one stream shard for erasure.",
  },
  {
    id: "NIST.800.53.R5-IAMNoInlinePolicy",
    reason: "Each role's permissions are one AWS::IAM::Policy attached to that role only, built by CDK grants with exact actions and resources (asserted in test/cdk/iam.test.ts). "
      + "A managed policy could be attached to other principals, the opposite of least privilege for a single-purpose role.",
  },
];

/** NIST.800.53.R5-LambdaDLQ: why each function needs no dead-letter queue (HeraldFunction.function). */
export const NO_DEAD_LETTER_QUEUE = {
  /** The forwarder and the erasure function. */
  onFailureDestination: "Asynchronous failures go to the encrypted failed-events queue through an on-failure destination, which keeps the whole invocation record (a superset of what a dead-letter queue keeps).",
  configSync: "CloudFormation's custom resource: a failure fails the deployment, where the operator sees it; a queued event could not be answered later.",
  command: "Invoked synchronously by API Gateway: the caller (Slack) receives the error, and there is no event left to keep.",
  worker: "A command must not run twice, so failed jobs are not retried or queued: the worker answers every failure in Slack itself and the audit log records the outcome. "
    + "A queue would only keep users' commands, which the privacy setting governs.",
} as const;

export function noDeadLetterQueue(reason: string): Acknowledgment {
  return { id: "NIST.800.53.R5-LambdaDLQ", reason };
}

/** The failed-events queues (FailedEvents). */
export const FAILED_EVENTS_QUEUE_ACKNOWLEDGEMENTS: readonly Acknowledgment[] = [
  {
    id: "AwsSolutions-SQS3",
    reason: "This queue is itself the forwarder's dead-letter destination; a DLQ of the DLQ would only move the same records again.",
  },
];

/** Every Region's table (HeraldTable), recoverable for the configured window (`account.recoveryWindowDays`). */
export function tableAcknowledgements(recoveryWindowDays: number): Acknowledgment[] {
  return [{
    id: "NIST.800.53.R5-DynamoDBInBackupPlan",
    reason: `Point-in-time recovery (the configured window, account.recoveryWindowDays: ${recoveryWindowDays} days) covers recovery. `
      + "An AWS Backup plan would keep copies of user data beyond an opt-out's erasure, which the privacy promise forbids; "
      + "channel configurations are rewritten from the config on every deploy and delivery records expire in days.",
  }];
}

/** The Slack command API (CommandApi.api). */
export const COMMAND_API_ACKNOWLEDGEMENTS: readonly Acknowledgment[] = [
  {
    id: "NIST.800.53.R5-APIGWAssociatedWithWAF",
    reason: "As AwsSolutions-APIG3: Slack publishes no stable source IP ranges, requests are authenticated by HMAC signature in the function, and the stage is throttled; operators may associate a web ACL.",
  },
  {
    id: "NIST.800.53.R5-APIGWCacheEnabledAndEncrypted",
    reason: "Every Slack request is signed, timestamped and answered for one user: a cache could only replay one user's answer to another request. Nothing is cached, so nothing cached needs encrypting.",
  },
  {
    id: "NIST.800.53.R5-APIGWSSLEnabled",
    reason: "This rule asks for a client certificate API Gateway presents to an HTTP backend; the only integration is a Lambda proxy (AWS API, SigV4 over TLS), where a client certificate does not apply.",
  },
  {
    id: "AwsSolutions-APIG4",
    reason: "Slack cannot present IAM (SigV4) credentials, Cognito tokens or anything a Lambda authorizer could check besides its HMAC request signature; "
      + "the command function verifies that signature over the raw body (v0, ±300 s, constant time) before acting on any request, and API Gateway already refuses requests without the signature headers.",
  },
  {
    id: "AwsSolutions-APIG2",
    reason: "Request parameter validation is on: API Gateway refuses any request without Slack's X-Slack-Signature and X-Slack-Request-Timestamp headers. "
      + "Body validation is off on purpose: slash commands and interactivity are form-encoded, which a JSON Schema model cannot describe, and every body is verified byte for byte (HMAC), size-limited (64 KiB) and parsed in the command function.",
  },
  {
    id: "AwsSolutions-COG4",
    reason: "The callers are Slack's servers, not users who could sign in to a Cognito user pool; requests are authenticated by Slack's HMAC signature, verified in the command function.",
  },
  {
    id: "AwsSolutions-APIG3",
    reason: "WAF is optional for Herald: Slack publishes no stable source IP ranges to allow-list, requests are authenticated by HMAC signature in the function, "
      + "and the stage is throttled (account.commandApi throttleRatePerSecond/throttleBurst). Operators who want managed rules can associate a web ACL with the stage.",
  },
];

/** The trail's access-log bucket (HeraldTrail.accessLogs). */
export const TRAIL_ACCESS_LOGS_ACKNOWLEDGEMENTS: readonly Acknowledgment[] = [
  {
    id: "NIST.800.53.R5-S3DefaultEncryptionKMS",
    reason: "S3 server access logs can only be delivered to a bucket encrypted with S3-managed keys (SSE-S3), which it is.",
  },
];

/** Both of the trail's buckets (HeraldTrail.bucket and .accessLogs). */
export const TRAIL_BUCKET_ACKNOWLEDGEMENTS: readonly Acknowledgment[] = [
  {
    id: "NIST.800.53.R5-S3BucketReplicationEnabled",
    reason: "Audit logs stay in the home Region; replicating them to another Region or account is the operator's choice of destination, not something Herald can pick.",
  },
];

/** The trail (HeraldTrail.trail). */
export const TRAIL_ACKNOWLEDGEMENTS: readonly Acknowledgment[] = [
  {
    id: "NIST.800.53.R5-CloudTrailCloudWatchLogsEnabled",
    reason: "The trail delivers to its encrypted, validated S3 bucket; copying every data event of the forwarder's table traffic into CloudWatch Logs too would multiply the cost. "
      + "Operators who alarm on trail events can add a CloudWatch Logs destination or use an organization trail.",
  },
];

/** Herald's own alarms when `account.alarmTopic` is not set (operator-alarms.ts). */
export const UNROUTED_ALARM_ACKNOWLEDGEMENTS: readonly Acknowledgment[] = [
  {
    id: "NIST.800.53.R5-CloudWatchAlarmAction",
    reason: "account.alarmTopic is not set: Herald cannot know where its operators want to be told; they set it (README, Herald's alarms) or add an action themselves.",
  },
];

/**
 * A role reading the Slack secrets (secret-arns.ts): kms:Decrypt on the home Region's `key/*`,
 * limited by conditions to the key with Herald's alias, used by Secrets Manager.
 */
export function slackSecretsKeyAcknowledgement(scope: IConstruct, homeRegion: string, keyAlias: string): Acknowledgment {
  return {
    id: anyKeyInRegionFinding(scope, homeRegion),
    reason: `The Slack secrets' key is the ${homeRegion} Herald key, which has a generated id. Decrypt is limited by conditions to the key aliased ${keyAlias} `
      + `(kms:ResourceAliases), used by Secrets Manager in ${homeRegion} on this function's behalf (kms:ViaService) — that is, to reading the secrets granted above.`,
  };
}

/**
 * The erasure function's role (privacy-erasure.ts): the table key of another Region, on `key/*` of
 * that Region, limited by conditions to the key with Herald's alias, used by DynamoDB there.
 */
export function remoteTableKeyAcknowledgement(scope: IConstruct, region: string, keyAlias: string): Acknowledgment {
  return {
    id: anyKeyInRegionFinding(scope, region),
    reason: `The ${region} table's key lives in that Region's stack with a generated id. Key use is limited by conditions to keys aliased ${keyAlias} `
      + `(kms:ResourceAliases) used through DynamoDB in ${region} (kms:ViaService), where this role can only reach the Herald table.`,
  };
}

/** AwsSolutions-IAM5 on `arn:<partition>:kms:<region>:<account>:key/*`, named as cdk-nag names it (unresolved values as <AWS::…>). */
function anyKeyInRegionFinding(scope: IConstruct, region: string): string {
  const stack = Stack.of(scope);
  const shown = (value: string, name: string) => (Token.isUnresolved(value) ? `<AWS::${name}>` : value);
  return `AwsSolutions-IAM5[Resource::arn:${shown(stack.partition, "Partition")}:kms:${region}:${shown(stack.account, "AccountId")}:key/*]`;
}

/**
 * A role the config describes (`roles[]`, configured-roles.ts): AwsSolutions-IAM4 for each AWS
 * managed policy it attaches, named as cdk-nag names it.
 */
export function configuredRoleAcknowledgements(scope: IConstruct, name: string, awsManagedPolicyArns: readonly string[]): Acknowledgment[] {
  const partition = Stack.of(scope).partition;
  const shownPartition = Token.isUnresolved(partition) ? "<AWS::Partition>" : partition;
  return awsManagedPolicyArns.map((arn) => ({
    id: `AwsSolutions-IAM4[Policy::${arn.replace(partition, shownPartition)}]`,
    reason: `The config's roles[] ${name} attaches the managed policies its operator chose (AWS managed ones by name), as AWS Chatbot's channel roles do; `
      + "every command is also bounded by the channel's guardrail policies (role ∩ guardrails), by Herald's own blocked actions, and by the permissions boundary when one is configured.",
  }));
}

/** `ask` with an inference profile (issue 18): the profile's one model, in whichever Region the profile routes to. */
export function inferenceProfileModelAcknowledgement(modelArn: string): Acknowledgment {
  return {
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::${modelArn}]`,
    reason: "An inference profile sends each Converse request to its model in one of the profile's Regions, which AWS chooses and may extend; "
      + "the grant names that one foundation model (no other) with the Region as the only wildcard, next to the profile itself.",
  };
}
