import type { Template } from "aws-cdk-lib/assertions";

type Json = Record<string, unknown>;

/** The logical id of the only resource of `type` whose id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix = ""): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with "${prefix}", found ${ids.length}: ${ids.join(", ")}`);
  return ids[0];
}

/**
 * Renders a CloudFormation value readably: {Ref: X} → "Ref(X)", {Fn::GetAtt: [X, Arn]} → "X.Arn",
 * Fn::Join → the joined string with "${…}" placeholders.
 */
export function render(value: unknown): string {
  if (typeof value === "string") return value;
  const object = value as Json;
  if ("Ref" in object) return String(object.Ref).startsWith("AWS::") ? `\${${String(object.Ref)}}` : `Ref(${String(object.Ref)})`;
  if ("Fn::GetAtt" in object) return (object["Fn::GetAtt"] as string[]).join(".");
  if ("Fn::Join" in object) {
    const [separator, parts] = object["Fn::Join"] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  return JSON.stringify(value);
}

export interface Permission {
  readonly actions: string[];
  readonly resources: string[];
  readonly conditions?: unknown;
}

/** Every Allow statement of the policies attached to the role whose logical id starts with `rolePrefix`. */
export function permissionsOf(template: Template, rolePrefix: string): Permission[] {
  const roleId = logicalId(template, "AWS::IAM::Role", rolePrefix);
  const role = template.findResources("AWS::IAM::Role")[roleId] as { Properties: Json };
  expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
  expect(role.Properties.Policies ?? []).toEqual([]);
  const policies = Object.values(template.findResources("AWS::IAM::Policy")) as Array<{ Properties: Json }>;
  return policies
    .filter((policy) => (policy.Properties.Roles as Json[]).some((ref) => ref.Ref === roleId))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Json[] }).Statement)
    .map((statement) => {
      expect(statement.Effect).toBe("Allow");
      return {
        actions: [statement.Action].flat().map(String).sort(),
        resources: [statement.Resource].flat().map(render).sort(),
        ...(statement.Condition ? { conditions: statement.Condition } : {}),
      };
    });
}

/** Compares permissions regardless of statement order. */
export function sortPermissions(permissions: Permission[]): Permission[] {
  return [...permissions].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
