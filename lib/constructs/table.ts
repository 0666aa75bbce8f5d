import { RemovalPolicy, Validations } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { TABLE_KEYS } from "../../lambdas/shared/store/keys";

export interface HeraldTableProps {
  readonly key: kms.IKey;
  /**
   * Physical table name. Fixed so that functions in other Regions (the deletion fan-out) can
   * address every Region's table by name.
   * @default "herald"
   */
  readonly tableName?: string;
}

/**
 * What DynamoDB needs from a caller's own permissions on the table's CMK. Exact actions, no
 * wildcards: the CDK's grantReadWriteData would add kms:ReEncrypt* and kms:GenerateDataKey*.
 */
const TABLE_KEY_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"];

/**
 * The Region's single table (key design: lambdas/shared/store/keys.ts): on-demand, encrypted with
 * the CMK, point-in-time recovery, TTL on `expiresAt`, a stream of old and new images (the
 * deletion function watches privacy flips), and protected against deletion.
 */
export class HeraldTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: HeraldTableProps) {
    super(scope, id);
    this.table = new dynamodb.Table(this, "Table", {
      tableName: props.tableName ?? "herald",
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.table).acknowledge({
      id: "NIST.800.53.R5-DynamoDBInBackupPlan",
      reason: "Point-in-time recovery (35 days) covers recovery. An AWS Backup plan would keep copies of user data beyond an opt-out's erasure, which the privacy promise forbids; "
        + "channel configurations are rewritten from the config on every deploy and delivery records expire in days.",
    });
  }

  /** Grants exactly `actions` on the table, plus the key use DynamoDB needs for them. */
  grant(grantee: iam.IGrantable, actions: readonly string[]): iam.Grant {
    this.table.grantOnKey(grantee, ...TABLE_KEY_ACTIONS);
    return this.table.grant(grantee, ...actions);
  }
}
