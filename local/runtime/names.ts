/** What the local runtime creates, named as the deployed stacks name them (one place for the runtime, the page and the tests). */

/** The table's name, as the CDK stack names it by default. */
export const TABLE_NAME = "herald";

/** The local functions; every deployed one starts with the stack's name, every local one with `herald-`. */
export const FUNCTION_NAMES = {
  forwarder: "herald-forwarder",
  command: "herald-command",
  worker: "herald-command-worker",
} as const;
export const FUNCTION_NAME_PREFIX = "herald-";
