import { HeraldError } from "../../errors";

/**
 * A parameter value the CLI grammar accepted but the operation cannot use (a timestamp that is not
 * one, a malformed dimension). Raised before AWS is called; its message names the parameter and is
 * safe to show.
 */
export class ParameterValueError extends HeraldError {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message, { expose: true });
  }
}
