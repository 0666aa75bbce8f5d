import type { CommandWord } from "./operation-model";

/**
 * Herald's top-level shortcuts for the commands teams type most: `/aws invoke my-fn --payload {…}`
 * is `/aws lambda invoke --function-name my-fn --payload {…}`. A shortcut names the service and
 * operation it stands for, the option its first positional word fills, and the options it renames
 * (`describe-alarms --state ALARM` is `--state-value ALARM`); every other word goes through as
 * typed, so the expanded command is parsed, authorized and confirmed like any other. Pure names:
 * the command function imports it without loading any client.
 */

export interface Shortcut {
  readonly name: string;
  readonly service: string;
  readonly operation: string;
  /** The option a leading value fills (`invoke my-fn` → `--function-name my-fn`). */
  readonly positional?: string;
  /** Short option → the operation's own (`state` → `state-value`). */
  readonly renames?: Readonly<Record<string, string>>;
  /** For help: how it is typed. */
  readonly usage: string;
}

// prettier-ignore
export const SHORTCUTS: readonly Shortcut[] = [
  { name: "invoke", service: "lambda", operation: "invoke", positional: "function-name", usage: "invoke <function> [--payload {…}]" },
  { name: "describe-alarms", service: "cloudwatch", operation: "describe-alarms", positional: "alarm-names", renames: { state: "state-value", prefix: "alarm-name-prefix" }, usage: "describe-alarms [--state ALARM|OK|INSUFFICIENT_DATA] [--prefix <name>]" },
  { name: "describe-instances", service: "ec2", operation: "describe-instances", positional: "instance-ids", usage: "describe-instances [<instance-id> …] [--filters …]" },
  { name: "describe-stacks", service: "cloudformation", operation: "describe-stacks", positional: "stack-name", usage: "describe-stacks [<stack>]" },
  { name: "list-functions", service: "lambda", operation: "list-functions", usage: "list-functions" },
  { name: "start-automation", service: "ssm", operation: "start-automation-execution", positional: "document-name", usage: "start-automation <runbook> [--parameters Name=value]" },
  { name: "filter-log-events", service: "logs", operation: "filter-log-events", positional: "log-group-name", usage: "filter-log-events <log-group> [--filter-pattern …] [--start-time -15m]" },
];

const BY_NAME: ReadonlyMap<string, Shortcut> = new Map(SHORTCUTS.map((shortcut) => [shortcut.name, shortcut]));

export function findShortcut(word: string): Shortcut | undefined {
  return BY_NAME.get(word.toLowerCase());
}

const OPTION = /^(?:--?|[—–]-?)([A-Za-z][A-Za-z0-9-]*)(=[\s\S]*)?$/;

/**
 * The shortcut's words as the catalogue command they stand for: service and operation first, the
 * leading values (before any option) under the positional option, renamed options renamed.
 */
export function expandShortcut(shortcut: Shortcut, args: readonly CommandWord[]): CommandWord[] {
  const words: CommandWord[] = [{ text: shortcut.service, bare: true }, { text: shortcut.operation, bare: true }];
  let index = 0;
  const leading: CommandWord[] = [];
  while (index < args.length && !isOption(args[index])) leading.push(args[index++]);
  // Without a positional option the values stay as typed, and the parser says what it expected.
  if (leading.length > 0) words.push(...(shortcut.positional === undefined ? [] : [{ text: `--${shortcut.positional}`, bare: true }]), ...leading);
  for (const word of args.slice(index)) {
    const match = isOption(word) ? OPTION.exec(word.text) : null;
    const renamed = match ? shortcut.renames?.[match[1].toLowerCase()] : undefined;
    words.push(renamed === undefined || match === null ? word : { text: `--${renamed}${match[2] ?? ""}`, bare: true });
  }
  return words;
}

function isOption(word: CommandWord): boolean {
  return word.bare && OPTION.test(word.text);
}
