import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";

export interface HeraldKeyProps {
  /** Alias for the key (one per Region and account; heraldResourceNames). */
  readonly alias: string;
}

/**
 * The Region's customer-managed key: topics, table, failed-event queue and log groups are
 * encrypted with it. A CMK (not the AWS-managed SNS key) is what lets CloudWatch and EventBridge
 * publish to encrypted topics at all: their grants are added by the topics' `grants.publish`.
 */
export class HeraldKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: HeraldKeyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, "Key", {
      description: "Herald: encrypts this Region's topics, table, failed-event queue and logs",
      enableKeyRotation: true,
      alias: props.alias,
    });
    // CloudWatch Logs encrypts log groups with the key itself, limited to this account's log groups.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: "AllowCloudWatchLogsForThisAccountsLogGroups",
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
      actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      resources: ["*"],
      conditions: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": stack.formatArn({ service: "logs", resource: "log-group", resourceName: "*", arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        },
      },
    }));
  }
}
