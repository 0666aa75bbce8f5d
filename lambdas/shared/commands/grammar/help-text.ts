import type { OperationSpec, ServiceRegistry, ServiceSpec } from "../operation-model";
import { COMMAND_PREFIX } from "./limits";
import { closestMatch } from "./suggest";
import { usageLine } from "./usage";
import { codeWord } from "./words";

/**
 * Help as Slack-style text (inline code and bold, no code blocks, so it can be split anywhere
 * between lines). The overview names the services without loading them: help must stay fast.
 */
export async function helpText(registry: ServiceRegistry, serviceName?: string, operationName?: string): Promise<string> {
  if (serviceName === undefined) return overview(registry);
  const service = await registry.load(serviceName.toLowerCase());
  if (service === undefined) {
    const match = closestMatch(serviceName, registry.serviceNames());
    return `${codeWord(serviceName)} is not a service Herald supports${match ? `; did you mean \`${match}\`?` : "."}\n\n${overview(registry)}`;
  }
  if (operationName === undefined) return serviceHelp(service);
  const operation = service.operations.find((candidate) => candidate.name === operationName.toLowerCase());
  if (operation === undefined) {
    const match = closestMatch(operationName, service.operations.map((candidate) => candidate.name));
    return `${codeWord(operationName)} is not an operation of \`${service.name}\`${match ? `; did you mean \`${service.name} ${match}\`?` : "."}\n\n${serviceHelp(service)}`;
  }
  return operationHelp(service, operation);
}

function overview(registry: ServiceRegistry): string {
  return [
    `*Run AWS commands:* \`${COMMAND_PREFIX} <service> <operation> [--parameter value …]\``,
    `*Services:* ${registry.serviceNames().map((name) => `\`${name}\``).join(", ")}`,
    `\`${COMMAND_PREFIX} <service> help\` lists a service's operations; \`${COMMAND_PREFIX} <service> <operation> --help\` shows an operation's parameters.`,
    "*Every command also takes* `--region <code>` (run in another Region) and `--query <JMESPath>` (pick what to show).",
    "Values with spaces go in quotes; JSON can be typed as is: `--payload {\"key\": \"value\"}`.",
    `*Aliases:* \`${COMMAND_PREFIX} alias create <name> <command with $1 $2…>\`, \`${COMMAND_PREFIX} alias list\`, \`${COMMAND_PREFIX} alias delete <name>\`; run one with \`${COMMAND_PREFIX} <name> <arguments…>\`.`,
    `*Also:* \`${COMMAND_PREFIX} history\`, \`${COMMAND_PREFIX} privacy status|opt-out|opt-in\`, \`${COMMAND_PREFIX} help\`.`,
  ].join("\n");
}

function serviceHelp(service: ServiceSpec): string {
  return [
    `*${service.name}* — ${service.description}`,
    ...service.operations.map((operation) => `• \`${operation.name}\` — ${operation.description}`),
    `\`${COMMAND_PREFIX} ${service.name} <operation> --help\` shows an operation's parameters.`,
  ].join("\n");
}

function operationHelp(service: ServiceSpec, operation: OperationSpec): string {
  const params = operation.params.map(
    (param) => `• \`--${param.name}\` (${param.type}${param.required ? ", required" : ""}) — ${param.description}`,
  );
  return [
    `*${service.name} ${operation.name}* — ${operation.description}`,
    `*Usage:* \`${COMMAND_PREFIX} ${usageLine(service.name, operation)}\``,
    `*Needs:* \`${operation.iamAction}\``,
    ...(params.length > 0 ? ["*Parameters:*", ...params] : ["No parameters."]),
    "*Also:* `--region <code>`, `--query <JMESPath>`",
  ].join("\n");
}
