import { isBlockedService } from "./catalogue/blocked";
import { findService, SERVICES, serviceNames } from "./catalogue/services";
import type { ServiceRegistry } from "./operation-model";
import { SHORTCUTS } from "./shortcuts";

/**
 * The catalogue's service names, known without loading a client: what the grammar recognises as
 * the first word of an AWS command, what alias names may not be, and what typos are matched
 * against. Imports only the catalogue's name tables, so the command function stays small.
 */

/** Services that are always blocked, by the names people type (answered "blocked", never "unknown"). */
const BLOCKED_SERVICE_NAMES = ["iam", "kms", "secretsmanager", "sso", "sso-admin", "identitystore", "cognito-idp", "chatbot"] as const;

/** True when `word` (any case) names a catalogue service or an always-blocked one. */
export function isCatalogueService(word: string): boolean {
  return findService(word) !== undefined || isBlockedService(word);
}

/** The registry the grammar reads names from: the catalogue's CLI names first (for lists), then aliases, blocked services and shortcuts. */
export function createCatalogueNames(): ServiceRegistry {
  const cli = SERVICES.map((entry) => entry.cli);
  const names = Object.freeze([...new Set([...cli, ...serviceNames(), ...BLOCKED_SERVICE_NAMES, ...SHORTCUTS.map((shortcut) => shortcut.name)])]);
  return { serviceNames: () => names, listedNames: () => cli };
}
