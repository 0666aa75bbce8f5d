import { ParameterValueError } from "./errors";

/**
 * Typed reads of the grammar's already-converted params, for the few operations whose SDK input is
 * not a one-to-one copy of their params.
 */
export type Params = Readonly<Record<string, unknown>>;

export function optionalString(params: Params, name: string): string | undefined {
  const value = params[name];
  return typeof value === "string" ? value : undefined;
}

export function requiredString(params: Params, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined) throw new ParameterValueError(name, `--${name} is required`);
  return value;
}

export function optionalStringList(params: Params, name: string): string[] | undefined {
  const value = params[name];
  return Array.isArray(value) ? value.map(String) : undefined;
}

export function optionalInteger(params: Params, name: string): number | undefined {
  const value = params[name];
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

export function requiredInteger(params: Params, name: string): number {
  const value = optionalInteger(params, name);
  if (value === undefined) throw new ParameterValueError(name, `--${name} is required`);
  return value;
}
