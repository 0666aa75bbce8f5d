/** Splitting an ARN taken from an event. Untrusted: anything that does not look like an ARN is rejected. */

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

// arn:partition:service:region:account-id:resource (the resource itself may contain ":" or "/").
const ARN_PATTERN = /^arn:([a-z][a-z0-9-]{0,31}):([a-z0-9-]{1,64}):([a-z0-9-]{0,32}):([0-9]{0,12}|aws):(.+)$/s;

export function parseArn(arn: string): ParsedArn | undefined {
  if (arn.length > 2048) return undefined;
  const match = ARN_PATTERN.exec(arn);
  if (match === null) return undefined;
  const [, partition, service, region, accountId, resource] = match;
  return { partition, service, region, accountId, resource };
}
