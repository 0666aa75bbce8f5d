import type { ResourceScope } from "../operation-model";

/**
 * Resource ARNs for policy evaluation. Commands may name a resource by ARN or by name; a name is
 * turned into the ARN the call will act on in the caller's partition, Region and account.
 */
export function resourceArn(scope: ResourceScope, service: string, resource: string): string {
  return `arn:${scope.partition}:${service}:${scope.region}:${scope.accountId}:${resource}`;
}

/** `value` itself when it is already an ARN, else the ARN built from `resourceFor(value)`. */
export function arnOrNamed(
  value: unknown,
  scope: ResourceScope,
  service: string,
  resourceFor: (name: string) => string,
): string {
  if (typeof value !== "string" || value === "") return "*";
  return value.startsWith("arn:") ? value : resourceArn(scope, service, resourceFor(value));
}

/**
 * A Lambda function as Lambda accepts it: a name, `name:qualifier`, a partial ARN
 * (`123456789012:function:name[:qualifier]`) or a full ARN; always returned as a full ARN (the
 * qualifier kept, as IAM evaluates it), so a partial ARN is not mistaken for a name.
 */
export function lambdaFunctionArn(value: unknown, scope: ResourceScope): string {
  if (typeof value !== "string" || value === "") return "*";
  if (value.startsWith("arn:")) return value;
  const partial = /^(\d{12}):function:(.+)$/.exec(value);
  if (partial !== null) return `arn:${scope.partition}:lambda:${scope.region}:${partial[1]}:function:${partial[2]}`;
  return resourceArn(scope, "lambda", `function:${value}`);
}
