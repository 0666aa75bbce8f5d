import { NormalizedSchema } from "@smithy/core/schema";
import { toCliName } from "./cli-names";
import { customizationHint } from "./customizations";
import { CatalogueError, UnknownOperationError } from "./errors";
import type { ServiceEntry } from "./services";
import { closestNames } from "./suggest";

/**
 * A service's operations and their inputs, read from the schemas its SDK v3 client ships
 * (`Operation$` exports, read through @smithy/core's NormalizedSchema). A client is loaded on first
 * use only, so loading one service never loads another. The schemas carry names, types, required
 * members and traits but no documentation (the SDK keeps that in its .d.ts comments), so help is
 * built from names and types.
 */

export type ClientModule = Readonly<Record<string, unknown>>;
/** Loads a client package; injectable so tests and bundles can choose how (require, or import() per service). */
export type ClientModuleLoader = (entry: ServiceEntry) => ClientModule | Promise<ClientModule>;

export type ShapeKind = "string" | "number" | "boolean" | "timestamp" | "blob" | "list" | "map" | "structure" | "union" | "document";

export interface MemberModel {
  /** As in the model and the SDK input: `DBInstanceIdentifier`. */
  readonly name: string;
  /** As the CLI spells the option, without dashes: `db-instance-identifier`. */
  readonly cliName: string;
  readonly required: boolean;
  readonly kind: ShapeKind;
  /** A short type for help: `string`, `list<string>`, `map<string,list<string>>`, `structure`. */
  readonly typeLabel: string;
  /**
   * Values the SDK's enum of the same name lists, shown in help. Matched by name, so never used to
   * refuse a value: the service checks its own enums.
   */
  readonly enumValues?: readonly string[];
  /** Filled in by the SDK when absent (client tokens). */
  readonly idempotencyToken: boolean;
  readonly sensitive: boolean;
  readonly schema: NormalizedSchema;
}

export interface Pagination {
  /** The SDK's `paginateX` export. */
  readonly paginator: string;
  readonly inputToken: string;
  readonly outputToken: string;
  readonly pageSizeMember?: string;
}

export interface OperationModel {
  readonly service: ServiceEntry;
  readonly name: string;
  readonly cliName: string;
  readonly members: readonly MemberModel[];
  readonly input: NormalizedSchema;
  readonly pagination?: Pagination;
  /** The SDK's `XCommand` class, for the worker to send. */
  readonly command: unknown;
}

export interface OperationSummary {
  readonly name: string;
  readonly cliName: string;
}

/** Operation schemas are `[9, namespace, name, traits, input, output]`. */
const OPERATION_SCHEMA = 9;
const OPERATION_INPUT = 4;
const STRUCTURE_SCHEMA = 3;

export class ServiceModel {
  private summaries?: readonly OperationSummary[];
  private readonly byCliName = new Map<string, OperationSummary>();
  private readonly operationCache = new Map<string, OperationModel>();

  constructor(
    readonly entry: ServiceEntry,
    readonly module: ClientModule,
  ) {}

  /** Every operation, sorted by CLI name. */
  operations(): readonly OperationSummary[] {
    if (this.summaries === undefined) {
      const names = Object.keys(this.module)
        .filter((key) => key.endsWith("Command") && key !== "$Command" && isOperationSchema(this.module[`${key.slice(0, -"Command".length)}$`]))
        .map((key) => key.slice(0, -"Command".length));
      this.summaries = names.map((name) => ({ name, cliName: toCliName(name) })).sort((a, b) => a.cliName.localeCompare(b.cliName));
      for (const summary of this.summaries) this.byCliName.set(summary.cliName, summary);
    }
    return this.summaries;
  }

  /** The operation a user typed (`describe-db-instances`, or the model's `DescribeDBInstances`). */
  findOperation(typed: string): OperationSummary | undefined {
    const operations = this.operations();
    return this.byCliName.get(typed.toLowerCase()) ?? operations.find((op) => op.name === typed);
  }

  async operation(typed: string): Promise<OperationModel> {
    const summary = this.findOperation(typed);
    if (summary === undefined) {
      const hint = customizationHint(this.entry.cli, typed);
      throw new UnknownOperationError(this.entry.cli, typed, closestNames(typed, this.operations().map((op) => op.cliName)), hint);
    }
    const cached = this.operationCache.get(summary.name);
    if (cached !== undefined) return cached;
    const schema = this.module[`${summary.name}$`] as unknown[];
    const input = NormalizedSchema.of(resolveRef(schema[OPERATION_INPUT]) as never);
    const model: OperationModel = {
      service: this.entry,
      name: summary.name,
      cliName: summary.cliName,
      members: describeMembers(input, this.module),
      input,
      pagination: await probePagination(this.module, this.entry, summary.name),
      command: this.module[`${summary.name}Command`],
    };
    this.operationCache.set(summary.name, model);
    return model;
  }
}

/** The members of a structure, required ones first (the order the model lists them). */
export function describeMembers(structure: NormalizedSchema, module: ClientModule = {}): MemberModel[] {
  if (!structure.isStructSchema()) return [];
  const requiredCount = requiredMemberCount(structure);
  const members: MemberModel[] = [];
  let index = 0;
  for (const [name, schema] of structure.structIterator()) {
    const traits = schema.getMergedTraits();
    const kind = shapeKind(schema);
    const enumValues = kind === "string" ? findEnum(module, name, structure.getName()) : undefined;
    members.push({
      name,
      cliName: toCliName(name),
      required: index < requiredCount,
      kind,
      typeLabel: typeLabel(schema, 0),
      ...(enumValues ? { enumValues } : {}),
      idempotencyToken: Boolean(traits.idempotencyToken),
      sensitive: Boolean(traits.sensitive),
      schema,
    });
    index++;
  }
  return members;
}

export function shapeKind(schema: NormalizedSchema): ShapeKind {
  if (schema.isListSchema()) return "list";
  if (schema.isMapSchema()) return "map";
  if (schema.isUnionSchema()) return "union";
  if (schema.isStructSchema()) return "structure";
  if (schema.isBlobSchema()) return "blob";
  if (schema.isTimestampSchema()) return "timestamp";
  if (schema.isBooleanSchema()) return "boolean";
  if (schema.isNumericSchema() || schema.isBigIntegerSchema() || schema.isBigDecimalSchema()) return "number";
  if (schema.isDocumentSchema()) return "document";
  return "string";
}

function typeLabel(schema: NormalizedSchema, depth: number): string {
  const kind = shapeKind(schema);
  if (depth > 2) return kind;
  if (kind === "list") return `list<${typeLabel(schema.getValueSchema(), depth + 1)}>`;
  if (kind === "map") return `map<string,${typeLabel(schema.getValueSchema(), depth + 1)}>`;
  return kind;
}

/**
 * Structure schemas are `[3, namespace, name, traits, memberNames, memberSchemas, requiredCount]`:
 * the model lists required members first and says how many there are.
 */
function requiredMemberCount(structure: NormalizedSchema): number {
  const raw = structure.getSchema() as unknown;
  if (Array.isArray(raw) && raw[0] === STRUCTURE_SCHEMA && typeof raw[6] === "number") return raw[6];
  return 0;
}

/** The SDK exports each enum as an object named after its shape; members usually share that name. */
function findEnum(module: ClientModule, memberName: string, structureName: string | undefined): string[] | undefined {
  const capitalised = memberName.charAt(0).toUpperCase() + memberName.slice(1);
  for (const candidate of [capitalised, `${structureName ?? ""}${capitalised}`]) {
    const value = module[candidate];
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const values = Object.values(value);
      if (values.length > 0 && values.every((item) => typeof item === "string")) return values as string[];
    }
  }
  return undefined;
}

function isOperationSchema(value: unknown): boolean {
  return Array.isArray(value) && value[0] === OPERATION_SCHEMA;
}

function resolveRef(ref: unknown): unknown {
  return typeof ref === "function" ? (ref as () => unknown)() : ref;
}

const PROBE_TOKEN = "__herald_probe_token__";
const PROBE_PAGE_SIZE = 7_919;

class ProbeFinished extends Error {}

/**
 * Learns a paginator's token and page-size members by running it once against a stand-in client
 * that records what it is sent and which output field is read: the SDK keeps them in a closure.
 * No request leaves the process.
 */
async function probePagination(module: ClientModule, entry: ServiceEntry, operation: string): Promise<Pagination | undefined> {
  const paginator = `paginate${operation}`;
  const paginate = module[paginator];
  const Client = module[entry.clientName];
  if (typeof paginate !== "function" || typeof Client !== "function") return undefined;
  let sent: Record<string, unknown> | undefined;
  const read: string[] = [];
  // Each field read returns another recorder, so a nested output token (`a.b`) is read in full;
  // `then` is the promise machinery checking whether a page is thenable, not a field.
  const recorder = (): object => new Proxy({}, { get: (_target, key) => (typeof key === "string" && key !== "then" ? (read.push(key), recorder()) : undefined) });
  const client = Object.create(Client.prototype as object) as { send: (command: { input: Record<string, unknown> }) => Promise<unknown> };
  client.send = async (command) => {
    if (sent !== undefined) throw new ProbeFinished();
    sent = { ...command.input };
    return recorder();
  };
  const pages = (paginate as (config: object, input: object) => AsyncGenerator<unknown>)({ client, startingToken: PROBE_TOKEN, pageSize: PROBE_PAGE_SIZE }, {});
  try {
    await pages.next();
    await pages.next();
  } catch (error) {
    if (!(error instanceof ProbeFinished)) throw new CatalogueError(`${paginator} could not be read.`, { cause: error });
  }
  const input = sent ?? {};
  const inputToken = Object.keys(input).find((key) => input[key] === PROBE_TOKEN);
  const pageSizeMember = Object.keys(input).find((key) => input[key] === PROBE_PAGE_SIZE);
  if (inputToken === undefined || read.length === 0) return undefined;
  return { paginator, inputToken, outputToken: read.join("."), ...(pageSizeMember ? { pageSizeMember } : {}) };
}
