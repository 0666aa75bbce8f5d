/**
 * What RDS events are about, for both the EventBridge events (SourceType "DB_INSTANCE") and the
 * SNS event subscription messages ("Event Source": "db-instance"): a readable name and the
 * console page of the source.
 */
import { lookup } from "./untrusted-json";

interface RdsSourceType {
  readonly name: string;
  /** The RDS console's fragment for one source of this type. */
  readonly fragment?: (id: string) => string;
}

const SOURCE_TYPES: Readonly<Record<string, RdsSourceType>> = {
  DB_INSTANCE: { name: "DB instance", fragment: (id) => `database:id=${id};is-cluster=false` },
  CLUSTER: { name: "DB cluster", fragment: (id) => `database:id=${id};is-cluster=true` },
  DB_CLUSTER: { name: "DB cluster", fragment: (id) => `database:id=${id};is-cluster=true` },
  SNAPSHOT: { name: "DB snapshot", fragment: (id) => `db-snapshot:id=${id}` },
  DB_SNAPSHOT: { name: "DB snapshot", fragment: (id) => `db-snapshot:id=${id}` },
  CLUSTER_SNAPSHOT: { name: "DB cluster snapshot", fragment: (id) => `db-cluster-snapshot:id=${id}` },
  DB_CLUSTER_SNAPSHOT: { name: "DB cluster snapshot", fragment: (id) => `db-cluster-snapshot:id=${id}` },
  DB_PARAM: { name: "DB parameter group" },
  DB_PARAMETER_GROUP: { name: "DB parameter group" },
  SECURITY_GROUP: { name: "DB security group" },
  DB_SECURITY_GROUP: { name: "DB security group" },
  DB_PROXY: { name: "DB proxy" },
  BLUE_GREEN_DEPLOYMENT: { name: "blue/green deployment" },
  CUSTOM_ENGINE_VERSION: { name: "custom engine version" },
};

/** "DB_INSTANCE", "db-instance", "db-cluster-snapshot" → the same entry. */
function sourceType(type: string | undefined): RdsSourceType | undefined {
  return type === undefined ? undefined : lookup(SOURCE_TYPES, type.toUpperCase().replace(/-/g, "_"));
}

export function rdsSourceName(type: string | undefined): string {
  return sourceType(type)?.name ?? "RDS resource";
}

/** The console fragment of one source, with its identifier encoded; undefined for types without a page. */
export function rdsConsoleFragment(type: string | undefined, id: string): string | undefined {
  return sourceType(type)?.fragment?.(encodeURIComponent(id));
}
