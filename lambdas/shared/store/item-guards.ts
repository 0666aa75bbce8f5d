import { HeraldError } from "../errors";

/**
 * Reading items back: each repository checks the shape of what it reads with a small guard of its
 * own (no schema library: the forwarder's bundle size matters), built from these checks. An item
 * that does not have its shape is a bug or a hand edit; it fails loudly, naming the item's keys
 * and the attribute, never showing values (they may hold user content).
 */
export class StoredItemError extends HeraldError {}

export type Item = Readonly<Record<string, unknown>>;

export const isText = (value: unknown): value is string => typeof value === "string";
export const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
export const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isText);
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Fails unless every named attribute passes its check. */
export function requireShape(item: Item, entity: string, checks: Readonly<Record<string, (value: unknown) => boolean>>): void {
  for (const [name, check] of Object.entries(checks)) {
    if (!check(item[name])) {
      throw new StoredItemError(`The ${entity} item ${String(item.pk)} / ${String(item.sk)} has no valid "${name}"`);
    }
  }
}

/** An optional attribute: absent, or passing `check`. */
export const optional = (check: (value: unknown) => boolean) => (value: unknown) => value === undefined || check(value);
