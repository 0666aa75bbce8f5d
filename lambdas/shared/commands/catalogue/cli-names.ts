/**
 * Operation and parameter names as the AWS CLI spells them (`DescribeDBInstances` → `describe-db-instances`).
 * The same rule botocore applies: a trailing pluralised acronym (`ARNs`, `ACLs`) becomes one word, then a
 * hyphen goes before every capitalised word and between a lower-case letter or digit and a capital.
 */

/** Names the rule gets wrong, which botocore lists by hand; only those of services Herald may load. */
const SPELLED_BY_HAND: Readonly<Record<string, string>> = {
  ExecutePartiQLStatement: "execute-partiql-statement",
  ExecutePartiQLTransaction: "execute-partiql-transaction",
  ExecutePartiQLBatch: "execute-partiql-batch",
  CreateCachediSCSIVolume: "create-cached-iscsi-volume",
  CreateStorediSCSIVolume: "create-stored-iscsi-volume",
  DescribeCachediSCSIVolumes: "describe-cached-iscsi-volumes",
  DescribeStorediSCSIVolumes: "describe-stored-iscsi-volumes",
};

const PLURAL_ACRONYM_AT_END = /[A-Z]{2,}s$/;
const BEFORE_CAPITALISED_WORD = /(.)([A-Z][a-z]+)/g;
const LOWER_THEN_CAPITAL = /([a-z0-9])([A-Z])/g;

export function toCliName(name: string): string {
  if (name.includes("-")) return name;
  const byHand = SPELLED_BY_HAND[name];
  if (byHand !== undefined) return byHand;
  const plural = PLURAL_ACRONYM_AT_END.exec(name);
  const split = plural ? `${name.slice(0, -plural[0].length)}-${plural[0].toLowerCase()}` : name;
  return split.replace(BEFORE_CAPITALISED_WORD, "$1-$2").replace(LOWER_THEN_CAPITAL, "$1-$2").toLowerCase();
}
