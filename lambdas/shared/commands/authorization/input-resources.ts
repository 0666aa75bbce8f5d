import { arnMatches, isHeraldName, isHeraldResource } from "./blocked";

/**
 * Herald's own resources, whatever an SDK input names them by: for every service, every ARN in the
 * input and every name or id in a member whose name says it identifies something (…Name, …Arn,
 * …Id, …Identifier, …Url and their lists), checked against HERALD_PROTECTED_ARNS and Herald's naming.
 */

export interface IdentifierScope {
  /** The IAM prefix of the service the input is for: `dynamodb`, `lambda`. */
  readonly service: string;
  readonly heraldResourcePatterns: readonly string[];
}

const IDENTIFYING_MEMBER = /(Name|Arn|Id|Identifier|Url|ARN|Names|Arns|Ids|Identifiers|Urls|Function|Cluster|Bucket|Table|Topic|Queue|Stack)$/;
/** SDK inputs are shallow; the bound keeps a hostile --cli-input-json from making this walk long. */
const MAX_VALUES = 2_000;
/** Services whose resources take the names the config gives them (tables, topics, secrets): matched only by HERALD_PROTECTED_ARNS. */
const CONFIG_NAMED_SERVICES: ReadonlySet<string> = new Set(["dynamodb", "sns", "secretsmanager"]);

/** The first identifier in `input` that is Herald's own, or undefined. */
export function findHeraldIdentifier(input: unknown, target: IdentifierScope): string | undefined {
  for (const identifier of identifiers(input)) {
    if (isOwn(identifier, target)) return identifier;
  }
  return undefined;
}

function isOwn(identifier: string, target: IdentifierScope): boolean {
  if (identifier.startsWith("arn:")) return isHeraldResource(identifier, target.heraldResourcePatterns);
  // A queue URL ends with the queue's name.
  const name = identifier.startsWith("https://") ? (identifier.split("/").at(-1) ?? identifier) : identifier;
  if (target.heraldResourcePatterns.some((pattern) => namedBy(pattern, name))) return true;
  if (CONFIG_NAMED_SERVICES.has(target.service)) return false;
  // A name with a qualifier (`herald-forwarder:$LATEST`), a partial ARN (`123:function:herald-x`), a log group (`/aws/lambda/herald-x`).
  return name.split(/[:/]/).some(isHeraldName);
}

/** Whether `name` is what the ARN pattern's resource is called: `…:table/herald` names `herald`, `…:function:Herald*` names `Herald-x`, and their sub-resources. */
function namedBy(pattern: string, name: string): boolean {
  const resource = pattern.split(":").slice(5).join(":");
  const typed = /^[a-z][a-z-]*[:/](.+)$/s.exec(resource);
  const patternName = typed === null ? resource : typed[1];
  if (patternName === "" || patternName === "*") return false;
  return [patternName, `${patternName}/*`, `${patternName}:*`].some((candidate) => arnMatches(candidate, name));
}

function identifiers(input: unknown): string[] {
  const found: string[] = [];
  const queue: Array<{ readonly key: string; readonly value: unknown }> = [{ key: "", value: input }];
  for (let seen = 0; queue.length > 0 && seen < MAX_VALUES; seen++) {
    const { key, value } = queue.shift() as { key: string; value: unknown };
    if (typeof value === "string") {
      if (value.startsWith("arn:") || (IDENTIFYING_MEMBER.test(key) && value !== "")) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) queue.push({ key, value: item });
    } else if (value !== null && typeof value === "object" && !(value instanceof Uint8Array) && !(value instanceof Date)) {
      for (const [child, item] of Object.entries(value)) queue.push({ key: child, value: item });
    }
  }
  return found;
}
