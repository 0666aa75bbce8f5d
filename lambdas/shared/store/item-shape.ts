/**
 * Items read from the table are data from outside the code that reads them (an older version wrote
 * them, an operator edited one): each repository checks the fields it relies on before use. A
 * shape is a plain object of field kinds; `readItem` returns the item typed by it, or throws naming
 * the item and the first field that does not fit. Hand-written rather than zod: every function
 * bundles the store, and zod alone would add a third to the smallest bundles.
 */
type FieldKind = "string" | "number" | "boolean" | "string?" | "number?" | "boolean?" | ItemShape;
export interface ItemShape {
  readonly [field: string]: FieldKind;
}

type Base<K> = K extends "string" | "string?" ? string : K extends "number" | "number?" ? number : K extends "boolean" | "boolean?" ? boolean : K extends ItemShape ? ShapeOf<K> : never;
type Optional<S extends ItemShape> = { [F in keyof S]: S[F] extends `${string}?` ? F : never }[keyof S];
export type ShapeOf<S extends ItemShape> = { readonly [F in Exclude<keyof S, Optional<S>>]: Base<S[F]> } & { readonly [F in Optional<S>]?: Base<S[F]> };

export class MalformedItemError extends TypeError {
  constructor(what: string, field: string) {
    super(`${what} is malformed: ${field} is missing or of the wrong type`);
    this.name = "MalformedItemError";
  }
}

/** The item as `shape` says, or MalformedItemError naming `what` and the field. Fields not in the shape are kept as they are. */
export function readItem<S extends ItemShape>(item: unknown, shape: S, what: string): ShapeOf<S> & Record<string, unknown> {
  check(item, shape, what, "");
  return item as ShapeOf<S> & Record<string, unknown>;
}

function check(value: unknown, shape: ItemShape, what: string, path: string): void {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new MalformedItemError(what, path || "the item");
  const record = value as Record<string, unknown>;
  for (const [field, kind] of Object.entries(shape)) {
    const at = path ? `${path}.${field}` : field;
    const fieldValue = record[field];
    if (typeof kind === "object") {
      check(fieldValue, kind, what, at);
      continue;
    }
    const optional = kind.endsWith("?");
    if (fieldValue === undefined && optional) continue;
    const type = optional ? kind.slice(0, -1) : kind;
    if (typeof fieldValue !== type || (type === "number" && !Number.isFinite(fieldValue))) throw new MalformedItemError(what, at);
  }
}
