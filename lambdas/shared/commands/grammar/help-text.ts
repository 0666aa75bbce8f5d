import type { ServiceRegistry } from "../operation-model";
import { SHORTCUTS } from "../shortcuts";
import { COMMAND_PREFIX } from "./limits";

/**
 * The overview, as Slack-style text (inline code and bold, no code blocks, so it can be split
 * anywhere between lines). It names the catalogue's services without loading any client: the
 * command function answers it within Slack's 3 seconds. A service's and an operation's help come
 * from the catalogue's model, in the worker.
 */
export function helpText(registry: ServiceRegistry): string {
  return [
    `*Run AWS commands as the AWS CLI spells them:* \`${COMMAND_PREFIX} <service> <operation> [--parameter value …]\`, e.g. \`${COMMAND_PREFIX} ec2 describe-instances --filters Name=instance-state-name,Values=running\``,
    `*Services:* ${registry.listedNames().map((name) => `\`${name}\``).join(", ")}`,
    `\`${COMMAND_PREFIX} <service> help\` lists a service's operations; \`${COMMAND_PREFIX} <service> <operation> --help\` shows an operation's parameters and the IAM action it needs.`,
    `*Shortcuts:* ${SHORTCUTS.map((shortcut) => `\`${COMMAND_PREFIX} ${shortcut.usage}\` (${shortcut.service} ${shortcut.operation})`).join(", ")}.`,
    `*The AWS CLI's own commands:* \`${COMMAND_PREFIX} s3 ls [s3://bucket/prefix]\`, \`${COMMAND_PREFIX} cloudwatch put-metric-data --metric-name … --value … --namespace …\`, \`${COMMAND_PREFIX} <service> wait <waiter> …\` (waits up to a minute, then says where it stands).`,
    "*Every command also takes* `--region <code>`, `--query <JMESPath>`, `--output json|table|text`, `--max-items <n>` and `--starting-token <token>`.",
    "Structures in the CLI's shorthand (`Name=tag:env,Values=prod,stage`) or as JSON; lists as space-separated values; `--flag`/`--no-flag`. Anything that changes resources asks you to confirm first.",
    `*Aliases:* \`${COMMAND_PREFIX} alias create <name> <command with $1 $2…>\`, \`${COMMAND_PREFIX} alias list\`, \`${COMMAND_PREFIX} alias delete <name>\`; run one with \`${COMMAND_PREFIX} <name> <arguments…>\`.`,
    `*Also:* \`${COMMAND_PREFIX} history\`, \`${COMMAND_PREFIX} privacy status|opt-out|opt-in\`, \`${COMMAND_PREFIX} help\`.`,
  ].join("\n");
}
