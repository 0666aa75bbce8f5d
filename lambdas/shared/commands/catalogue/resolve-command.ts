import { parseArguments, wordText, type GlobalOptions, type Word } from "./arguments";
import { findAlwaysBlocked } from "./blocked";
import type { Catalogue } from "./catalogue";
import { ArgumentError } from "./errors";
import { operationHelp, serviceHelp, type HelpText } from "./help";
import { describeOperationAccess, type OperationAccess } from "./iam";
import type { MemberModel, OperationModel, Pagination } from "./model";
import type { ServiceEntry } from "./services";
import { rewriteCustomization } from "./customizations";
import { findWaiter, waiterHelp, type WaiterModel } from "./waiters";

/**
 * From the words after `/aws` to what the worker runs: the service and operation, the SDK input, the
 * IAM action and whether to confirm, pagination and the global options; or help; or why it is blocked.
 * Unknown names and bad values throw CatalogueError subclasses whose message the user can act on.
 */

export type Resolution =
  | { readonly kind: "blocked"; readonly service: string; readonly operation?: string; readonly reason: string }
  | { readonly kind: "service-help"; readonly service: ServiceEntry; readonly help: HelpText }
  | { readonly kind: "operation-help"; readonly operation: OperationModel; readonly access?: OperationAccess; readonly help: HelpText }
  | ResolvedCommand;

export interface ResolvedCommand {
  readonly kind: "command";
  readonly service: ServiceEntry;
  readonly operation: OperationModel;
  /** For `new operation.command(input)`. */
  readonly input: Record<string, unknown>;
  /** Undefined when the IAM data does not know the action; then `needsConfirmation` is true. */
  readonly access?: OperationAccess;
  readonly needsConfirmation: boolean;
  readonly pagination?: Pagination;
  readonly globals: GlobalOptions;
  /** Required parameters still to ask for; empty when the command can run. */
  readonly missing: readonly MemberModel[];
  /** `<service> wait <waiter>`: poll `operation` with this waiter instead of calling it once. */
  readonly waiter?: WaiterModel;
  /** The AWS CLI command typed when it is one of the CLI's own (`s3 ls`), not the operation's name. */
  readonly customization?: string;
}

export async function resolveCommand(catalogue: Catalogue, words: readonly Word[]): Promise<Resolution> {
  const [serviceWord, typedOperation] = words.slice(0, 2).map(wordText);
  let operationWord = typedOperation;
  let rest: readonly Word[] = words.slice(2);
  if (serviceWord === undefined) throw new ArgumentError("the command", "a service and an operation, such as `ec2 describe-instances`");
  const lookup = await catalogue.lookup(serviceWord);
  if (lookup.kind === "blocked") return { kind: "blocked", service: serviceWord, reason: lookup.block.reason };
  const model = lookup.model;
  if (operationWord === undefined || operationWord === "help" || operationWord === "--help") {
    const [filter, page] = helpArguments(rest.map(wordText));
    return { kind: "service-help", service: model.entry, help: serviceHelp(model, { filter, page }) };
  }
  let waiter: WaiterModel | undefined;
  let customization: string | undefined;
  if (operationWord.toLowerCase() === "wait") {
    const waiterWord = rest[0] === undefined ? undefined : wordText(rest[0]);
    if (waiterWord === undefined || waiterWord === "help" || waiterWord === "--help") return { kind: "service-help", service: model.entry, help: waiterHelp(model) };
    waiter = await findWaiter(model, waiterWord);
    operationWord = waiter.operation.name;
    rest = rest.slice(1);
    customization = `${model.entry.cli} wait ${waiter.cliName}`;
  } else {
    const rewritten = rewriteCustomization(model.entry.cli, operationWord, rest);
    if (rewritten !== undefined) ({ operation: operationWord, words: rest, customization } = rewritten);
  }
  // Blocked before its arguments are read, so a blocked call never depends on typing them right;
  // SSM parameter reads are blocked only with decryption, which their arguments say.
  const summary = model.findOperation(operationWord);
  const early = summary !== undefined && model.entry.cli !== "ssm" ? findAlwaysBlocked(model.entry.cli, summary.name) : undefined;
  if (early !== undefined) return { kind: "blocked", service: model.entry.cli, operation: summary?.cliName, reason: early.reason };
  const operation = await model.operation(operationWord);
  const access = await describeOperationAccess(model.entry, operation.name);
  // `aws ec2 describe-instances help` is the CLI's other way to ask.
  const parsed = rest.length === 1 && wordText(rest[0]) === "help" ? { ...parseArguments(operation, []), help: true } : parseArguments(operation, rest);
  if (parsed.help) return { kind: "operation-help", operation, access, help: operationHelp(operation, access) };
  const block = findAlwaysBlocked(model.entry.cli, operation.name, parsed.input);
  if (block !== undefined) return { kind: "blocked", service: model.entry.cli, operation: operation.cliName, reason: block.reason };
  return {
    kind: "command",
    service: model.entry,
    operation,
    input: parsed.input,
    access,
    needsConfirmation: access?.needsConfirmation ?? true,
    pagination: operation.pagination,
    globals: parsed.globals,
    missing: parsed.missing,
    ...(waiter === undefined ? {} : { waiter }),
    ...(customization === undefined ? {} : { customization }),
  };
}

/** `help`, `help 2`, `help describe`, `help describe 2`. */
function helpArguments(words: readonly string[]): [string | undefined, number | undefined] {
  const page = words.find((word) => /^\d+$/.test(word));
  const filter = words.find((word) => !/^\d+$/.test(word));
  return [filter, page === undefined ? undefined : Number(page)];
}
