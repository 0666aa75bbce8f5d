import { Duration } from "aws-cdk-lib";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { acknowledge, FAILED_EVENTS_QUEUE_ACKNOWLEDGEMENTS } from "../nag-acknowledgements";

export interface FailedEventsProps {
  readonly key: kms.IKey;
}

/**
 * Where events go when the forwarder gave up on them (Lambda's on-failure destination): nothing is
 * silently dropped. Each message is Lambda's invocation record; the original SNS event is in its
 * `requestPayload`, ready to be replayed.
 */
export class FailedEvents extends Construct implements lambda.IDestination {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FailedEventsProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, "Queue", {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.queue, ...FAILED_EVENTS_QUEUE_ACKNOWLEDGEMENTS);
  }

  /**
   * Lambda sends to the destination with the function's role. Like SqsDestination, but with only
   * what sending to a KMS-encrypted queue needs (sqs:SendMessage, kms:GenerateDataKey,
   * kms:Decrypt) instead of queue.grantSendMessages' kms:ReEncrypt* and kms:GenerateDataKey*.
   */
  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    this.queue.grants.actions(fn, ["sqs:SendMessage"], { keyActions: ["kms:GenerateDataKey", "kms:Decrypt"] });
    return { destination: this.queue.queueArn };
  }
}
