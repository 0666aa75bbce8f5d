/** One error family for the catalogue: every message is plain text a user can act on (escape it before Slack). */
export class CatalogueError extends Error {
  override name = "CatalogueError";
}

export class UnknownServiceError extends CatalogueError {
  override name = "UnknownServiceError";
  constructor(
    readonly service: string,
    readonly suggestions: readonly string[],
  ) {
    super(`"${service}" is not an AWS service Herald knows.${suggestions.length > 0 ? ` Did you mean ${suggestions.join(", ")}?` : ""}`);
  }
}

export class UnknownOperationError extends CatalogueError {
  override name = "UnknownOperationError";
  constructor(
    readonly service: string,
    readonly operation: string,
    readonly suggestions: readonly string[],
    /** What to use instead, when the words are a CLI command that no API model has (`s3 ls`). */
    hint?: string,
  ) {
    super(hint ?? `"${operation}" is not an operation of ${service}.${suggestions.length > 0 ? ` Did you mean ${suggestions.join(", ")}?` : ""} Try \`${service} help\`.`);
  }
}

/** A value that does not fit its parameter: names the parameter (as the CLI spells it) and what was expected. */
export class ArgumentError extends CatalogueError {
  override name = "ArgumentError";
  constructor(
    readonly parameter: string,
    readonly expected: string,
    options?: ErrorOptions,
  ) {
    super(`${parameter}: expected ${expected}.`, options);
  }
}

export class ShorthandSyntaxError extends CatalogueError {
  override name = "ShorthandSyntaxError";
  constructor(
    readonly text: string,
    readonly index: number,
    readonly expected: string,
  ) {
    super(`expected ${expected} at character ${index + 1} of "${text}"`);
  }
}
