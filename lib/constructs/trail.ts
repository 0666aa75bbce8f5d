import { ArnFormat, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as cloudtrail from "aws-cdk-lib/aws-cloudtrail";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { acknowledge, TRAIL_ACCESS_LOGS_ACKNOWLEDGEMENTS, TRAIL_ACKNOWLEDGEMENTS, TRAIL_BUCKET_ACKNOWLEDGEMENTS } from "../nag-acknowledgements";

export interface HeraldTrailProps {
  /** Fixed so the key and bucket policies can name the trail (aws:SourceArn; heraldResourceNames). */
  readonly trailName: string;
  /** Every Region's Herald table (exact ARNs): their item-level calls are logged as data events. */
  readonly tableArns: readonly string[];
  /** Prefixes of Herald's function ARNs in every Region: their invocations are logged as data events. */
  readonly functionArnPrefixes: readonly string[];
  /** How long log files are kept. */
  readonly retentionDays: number;
}

/**
 * Activity logging for `account.trail.create`: a multi-Region CloudTrail trail in the home Region
 * with log file validation, encrypted with a key of its own (the people who may read audit logs are
 * not necessarily those who may read Herald's data), every management event, and data events for
 * Herald's tables and functions in every Region. The log bucket is KMS-encrypted, TLS-only, private,
 * versioned, expires log files after `retentionDays` and logs its own access to a second bucket.
 */
export class HeraldTrail extends Construct {
  readonly trail: cloudtrail.Trail;
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  readonly trailArn: string;

  constructor(scope: Construct, id: string, props: HeraldTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const trailName = props.trailName;
    this.trailArn = stack.formatArn({ service: "cloudtrail", resource: "trail", resourceName: trailName });

    this.key = new kms.Key(this, "Key", {
      description: "Herald: encrypts the CloudTrail trail's log files",
      enableKeyRotation: true,
      alias: `alias/${trailName}-trail`,
    });
    this.grantCloudTrailOnKey(trailName);

    this.accessLogs = new s3.Bucket(this, "AccessLogs", {
      // S3 server access logs can only be delivered to a bucket encrypted with S3-managed keys.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, "Bucket", {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: "trail-bucket/",
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.trail = new cloudtrail.Trail(this, "Trail", {
      trailName,
      bucket: this.bucket,
      encryptionKey: this.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
    });
    // Advanced selectors: DynamoDB data events need them, and they name Herald's resources exactly.
    (this.trail.node.defaultChild as cloudtrail.CfnTrail).advancedEventSelectors = [
      { name: "Management events", fieldSelectors: [{ field: "eventCategory", equalTo: ["Management"] }] },
      {
        name: "Herald tables",
        fieldSelectors: [
          { field: "eventCategory", equalTo: ["Data"] },
          { field: "resources.type", equalTo: ["AWS::DynamoDB::Table"] },
          { field: "resources.ARN", equalTo: [...props.tableArns] },
        ],
      },
      {
        name: "Herald functions",
        fieldSelectors: [
          { field: "eventCategory", equalTo: ["Data"] },
          { field: "resources.type", equalTo: ["AWS::Lambda::Function"] },
          { field: "resources.ARN", startsWith: [...props.functionArnPrefixes] },
        ],
      },
    ];
    this.acknowledgeFindings();
  }

  /** What CloudTrail needs on the key, for this trail only: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html */
  private grantCloudTrailOnKey(trailName: string): void {
    const stack = Stack.of(this);
    const principal = new iam.ServicePrincipal("cloudtrail.amazonaws.com");
    const sourceArn = { "aws:SourceArn": stack.formatArn({ service: "cloudtrail", resource: "trail", resourceName: trailName }) };
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: "AllowCloudTrailToEncryptLogs",
      principals: [principal],
      actions: ["kms:GenerateDataKey*"],
      resources: ["*"],
      conditions: {
        StringEquals: sourceArn,
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": stack.formatArn({ service: "cloudtrail", region: "*", resource: "trail", resourceName: "*", arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
      },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: "AllowCloudTrailToDescribeKey",
      principals: [principal],
      actions: ["kms:DescribeKey"],
      resources: ["*"],
      conditions: { StringEquals: sourceArn },
    }));
  }

  private acknowledgeFindings(): void {
    acknowledge(this.accessLogs, ...TRAIL_ACCESS_LOGS_ACKNOWLEDGEMENTS);
    for (const bucket of [this.bucket, this.accessLogs]) acknowledge(bucket, ...TRAIL_BUCKET_ACKNOWLEDGEMENTS);
    acknowledge(this.trail, ...TRAIL_ACKNOWLEDGEMENTS);
  }
}
