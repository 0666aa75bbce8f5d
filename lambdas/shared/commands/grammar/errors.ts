import { HeraldError } from "../../errors";

/** An alias cannot be run with the arguments given (or its stored command is unreadable); the message says why and is safe to show. */
export class AliasExpansionError extends HeraldError {
  constructor(message: string) {
    super(message, { expose: true });
  }
}
