import { MissingEnvironmentError } from "../errors";

/**
 * One environment contract per function. A function folder's `environment.ts` declares its
 * variables once with `defineEnvironment`; the same declaration
 * - builds the variables from typed values (`build`), used by the CDK construct and the local runtime, and
 * - reads and validates them at init (`read`), failing with the variable's name when one is missing or wrong.
 * So the three places that used to spell the names (CDK, local runtime, handler) cannot drift.
 */

/** How one variable is written and read. `optional` ones may be absent; the reader then gives `undefined`. */
export interface Variable<T> {
  readonly optional: boolean;
  /** Set by Lambda itself (AWS_REGION, AWS_LAMBDA_FUNCTION_NAME): read, never built. */
  readonly setByLambda?: boolean;
  /** Reads the raw text; throws a plain message (the caller adds the variable's name). */
  parse(raw: string): T;
  format(value: T): string;
}

type Spec = Readonly<Record<string, Variable<unknown>>>;
type ValueOf<V> = V extends Variable<infer T> ? T : never;
type RequiredNames<S extends Spec> = { [K in keyof S]: S[K]["optional"] extends true ? never : K }[keyof S];
type OptionalNames<S extends Spec> = Exclude<keyof S, RequiredNames<S>>;
type BuiltNames<S extends Spec> = { [K in keyof S]: S[K]["setByLambda"] extends true ? never : K }[keyof S];

/** The typed values of a contract: required variables always present, optional ones possibly undefined. */
export type EnvironmentValues<S extends Spec> = { readonly [K in RequiredNames<S>]: ValueOf<S[K]> } & { readonly [K in OptionalNames<S>]?: ValueOf<S[K]> };

/** What a builder gives: every variable but those Lambda sets itself. */
export type BuildValues<S extends Spec> = Omit<EnvironmentValues<S>, Exclude<keyof S, BuiltNames<S>>>;

export interface EnvironmentContract<S extends Spec> {
  /** The variable names, in declaration order. */
  readonly names: readonly (keyof S & string)[];
  /** The variables as the CDK construct (or the local runtime) sets them. Optional values left undefined are omitted. */
  build(values: BuildValues<S>): Record<string, string>;
  /** Reads every variable at init; throws MissingEnvironmentError naming the first bad one. */
  read(source?: NodeJS.ProcessEnv): EnvironmentValues<S>;
}

export function defineEnvironment<S extends Spec>(spec: S): EnvironmentContract<S> {
  const names = Object.keys(spec) as (keyof S & string)[];
  return {
    names,
    build(values) {
      const out: Record<string, string> = {};
      for (const name of names) {
        if (spec[name].setByLambda) continue;
        const value = (values as Record<string, unknown>)[name];
        if (value === undefined) {
          if (!spec[name].optional) throw new MissingEnvironmentError(`Environment variable ${name} is required but no value was given`);
          continue;
        }
        out[name] = spec[name].format(value);
      }
      return out;
    },
    read(source = process.env) {
      const out: Record<string, unknown> = {};
      for (const name of names) {
        const raw = source[name];
        if (raw === undefined || raw.trim() === "") {
          if (spec[name].optional) continue;
          throw new MissingEnvironmentError(`Environment variable ${name} is required but not set`);
        }
        try {
          out[name] = spec[name].parse(raw.trim());
        } catch (error) {
          throw new MissingEnvironmentError(`Environment variable ${name} is invalid: ${(error as Error).message}`, { cause: error });
        }
      }
      return out as EnvironmentValues<S>;
    },
  };
}

const variable = <T>(parse: (raw: string) => T, format: (value: T) => string) => ({
  required: (): Variable<T> & { readonly optional: false } => ({ optional: false, parse, format }),
  optional: (): Variable<T> & { readonly optional: true } => ({ optional: true, parse, format }),
  /** Lambda sets it (and the local runtime's host, as Lambda would): read at init, never built. */
  setByLambda: (): Variable<T> & { readonly optional: false; readonly setByLambda: true } => ({ optional: false, setByLambda: true, parse, format }),
});

/** Any non-empty text. */
export const text = variable((raw) => raw, (value: string) => value);

/** A whole number in [min, max]. */
export const integer = (min: number, max: number) =>
  variable(
    (raw) => {
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) throw new Error(`must be a whole number from ${min} to ${max}, got "${raw}"`);
      return value;
    },
    (value: number) => String(value),
  );

/** A comma-separated list of non-empty items (no item may contain a comma). */
export const list = variable(
  (raw): readonly string[] => raw.split(",").map((item) => item.trim()).filter(Boolean),
  (value: readonly string[]) => {
    const bad = value.find((item) => item.includes(",") || item.trim() === "");
    if (bad !== undefined) throw new MissingEnvironmentError(`A list item must be non-empty and hold no comma: "${bad}"`);
    return value.join(",");
  },
);

/** `true` or `false`. */
export const flag = variable(
  (raw) => {
    if (raw !== "true" && raw !== "false") throw new Error(`must be true or false, got "${raw}"`);
    return raw === "true";
  },
  (value: boolean) => String(value),
);

/** A JSON object mapping names to strings (e.g. Slack team id → secret name). */
export const stringMap = variable(
  (raw) => {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== "object" || Array.isArray(value) || Object.values(value).some((item) => typeof item !== "string")) {
      throw new Error("must be a JSON object of strings");
    }
    return value as Readonly<Record<string, string>>;
  },
  (value: Readonly<Record<string, string>>) => JSON.stringify(value),
);

/** `key:value` pairs, comma-separated (e.g. Slack team id → secret name: `T012:herald/slack-bot-token`). */
export const pairs = variable(
  (raw): ReadonlyMap<string, string> =>
    new Map(raw.split(",").map((pair) => pair.trim()).filter(Boolean).map((pair) => {
      const at = pair.indexOf(":");
      if (at <= 0 || at === pair.length - 1) throw new Error(`"${pair}" is not key:value`);
      return [pair.slice(0, at), pair.slice(at + 1)] as const;
    })),
  (value: ReadonlyMap<string, string>) => [...value].map(([key, item]) => `${key}:${item}`).join(","),
);
