import type { ToolSpec } from "./converse";

/**
 * The three tools the model is given. The catalogue has thousands of read operations, too many to
 * offer one by one: `find_operations` searches them and answers with their specs (from the same
 * model data as help), `call_operation` runs one read, and `propose_command` puts a change in front
 * of the member, who alone can run it. What the model sends is untrusted: parsed here into plain
 * values, checked again by the normal command path.
 */

export const FIND_OPERATIONS = "find_operations";
export const CALL_OPERATION = "call_operation";
export const PROPOSE_COMMAND = "propose_command";

export const ASK_TOOLS: readonly ToolSpec[] = [
  {
    name: FIND_OPERATIONS,
    description: "Search Herald's catalogue of read-only AWS operations (List and Read access only). Returns matching operations with their parameters (CLI names, types, which are required). Call it before call_operation.",
    inputSchema: {
      type: "object",
      properties: { query: { type: "string", description: "A few words: the resource and what to learn, e.g. \"cloudwatch alarms state\" or \"lambda function errors\"." } },
      required: ["query"],
    },
  },
  {
    name: CALL_OPERATION,
    description: "Run one read-only AWS operation found with find_operations, under the channel's role and guardrails. Returns the output as data. Operations that change anything are refused: use propose_command.",
    inputSchema: {
      type: "object",
      properties: {
        service: { type: "string", description: "The service as the AWS CLI names it, e.g. cloudwatch." },
        operation: { type: "string", description: "The operation as the AWS CLI names it, e.g. describe-alarms." },
        parameters: { type: "object", description: "Parameters by CLI name without dashes, e.g. {\"state-value\": \"ALARM\"}. Lists and structures as JSON.", additionalProperties: true },
        region: { type: "string", description: "An AWS Region code; default: Herald's Region." },
      },
      required: ["service", "operation"],
    },
  },
  {
    name: PROPOSE_COMMAND,
    description: "Propose a command that changes something, as the AWS CLI command line without 'aws' (e.g. \"cloudwatch set-alarm-state --alarm-name x --state-value OK --state-reason test\"). It is never run by you: the member sees it with Herald's confirmation buttons and decides.",
    inputSchema: {
      type: "object",
      properties: { command: { type: "string" }, reason: { type: "string", description: "One sentence: why this change answers the question." } },
      required: ["command"],
    },
  },
];

export type ParameterValue = string | number | boolean | null | readonly ParameterValue[] | { readonly [key: string]: ParameterValue };

export type ToolRequest =
  | { readonly tool: typeof FIND_OPERATIONS; readonly query: string }
  | { readonly tool: typeof CALL_OPERATION; readonly service: string; readonly operation: string; readonly parameters: Readonly<Record<string, ParameterValue>>; readonly region?: string }
  | { readonly tool: typeof PROPOSE_COMMAND; readonly command: string; readonly reason?: string }
  | { readonly tool: "invalid"; readonly problem: string };

const NAME = /^[a-z0-9][a-z0-9-]{0,80}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const MAX_TEXT = 2_000;

/** The model's tool use as a request Herald can check, or why it is not one. */
export function parseToolRequest(name: string, input: unknown): ToolRequest {
  const fields = input !== null && typeof input === "object" && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const text = (key: string) => (typeof fields[key] === "string" ? (fields[key] as string).trim() : undefined);
  switch (name) {
    case FIND_OPERATIONS: {
      const query = text("query");
      return query && query.length <= 200 ? { tool: FIND_OPERATIONS, query } : { tool: "invalid", problem: "query must be a few words (at most 200 characters)" };
    }
    case CALL_OPERATION: {
      const service = text("service")?.toLowerCase();
      const operation = text("operation")?.toLowerCase();
      const region = text("region");
      if (!service || !NAME.test(service) || !operation || !NAME.test(operation)) return { tool: "invalid", problem: "service and operation must be CLI names such as cloudwatch and describe-alarms" };
      if (region !== undefined && region !== "" && !REGION.test(region)) return { tool: "invalid", problem: `region must be a Region code such as us-east-1, not ${JSON.stringify(region.slice(0, 40))}` };
      const raw = fields.parameters ?? {};
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { tool: "invalid", problem: "parameters must be an object of CLI parameter names to values" };
      const parameters: Record<string, ParameterValue> = {};
      for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        const cliName = key.replace(/^--/, "").toLowerCase();
        if (!NAME.test(cliName)) return { tool: "invalid", problem: `${JSON.stringify(key.slice(0, 40))} is not a CLI parameter name` };
        parameters[cliName] = value as ParameterValue;
      }
      return { tool: CALL_OPERATION, service, operation, parameters, ...(region ? { region } : {}) };
    }
    case PROPOSE_COMMAND: {
      const command = text("command")?.replace(/^aws\s+/i, "");
      if (!command || command.length > MAX_TEXT) return { tool: "invalid", problem: "command must be one AWS CLI command line" };
      const reason = text("reason");
      return { tool: PROPOSE_COMMAND, command, ...(reason ? { reason: reason.slice(0, 300) } : {}) };
    }
    default:
      return { tool: "invalid", problem: `there is no tool named ${JSON.stringify(name.slice(0, 64))}` };
  }
}
