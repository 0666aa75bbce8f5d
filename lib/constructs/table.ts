import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { TABLE_KEYS } from "../../lambdas/shared/store/keys";
import type { TableAction } from "../../lambdas/shared/store/table-actions";
import { acknowledge, tableAcknowledgements } from "../nag-acknowledgements";

export interface HeraldTableProps {
  readonly key: kms.IKey;
  /**
   * Physical table name (heraldResourceNames). Fixed so that functions in other Regions (the
   * deletion fan-out) can address every Region's table by name.
   */
  readonly tableName: string;
  /**
   * Days of point-in-time recovery (`account.recoveryWindowDays`, 1–35): erased items stay
   * restorable from the table's continuous backups this long.
   */
  readonly recoveryWindowDays: number;
}

/**
 * What DynamoDB needs from a caller's own permissions on a table's CMK. Exact actions, no
 * wildcards: the CDK's grantReadWriteData would add kms:ReEncrypt* and kms:GenerateDataKey*.
 */
export const TABLE_KEY_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"];

/**
 * The Region's single table (key design: lambdas/shared/store/keys.ts): on-demand, encrypted with
 * the CMK, point-in-time recovery for the configured window, TTL on `expiresAt`, a stream of old
 * and new images (the deletion function watches privacy flips), and protected against deletion.
 */
export class HeraldTable extends Construct {
  readonly table: dynamodb.Table;
  /** The table's stream (always on: the deletion function reads privacy flips from it). */
  readonly streamArn: string;

  constructor(scope: Construct, id: string, props: HeraldTableProps) {
    super(scope, id);
    this.table = new dynamodb.Table(this, "Table", {
      tableName: props.tableName,
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: props.recoveryWindowDays },
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.table, ...tableAcknowledgements(props.recoveryWindowDays));
    const streamArn = this.table.tableStreamArn;
    if (streamArn === undefined) throw new Error("The Herald table must have a stream");
    this.streamArn = streamArn;
  }

  /** Grants exactly `actions` on the table, plus the key use DynamoDB needs for them. */
  grant(grantee: iam.IGrantable, actions: readonly TableAction[]): iam.Grant {
    this.table.grantOnKey(grantee, ...TABLE_KEY_ACTIONS);
    return this.table.grant(grantee, ...actions);
  }
}
