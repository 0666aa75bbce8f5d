import type { OperationSpec, ParamSpec } from "../operation-model";

/** `sns publish --topic-arn <value> --message <value> [--subject <value>]`: required params first. */
export function usageLine(serviceName: string, operation: OperationSpec): string {
  const required = operation.params.filter((param) => param.required).map(paramUsage);
  const optional = operation.params.filter((param) => !param.required).map((param) => `[${paramUsage(param)}]`);
  return [serviceName, operation.name, ...required, ...optional].join(" ");
}

export function paramUsage(param: ParamSpec): string {
  switch (param.type) {
    case "boolean":
      return `--${param.name} | --no-${param.name}`;
    case "string-list":
      return `--${param.name} <value> …`;
    case "integer":
      return `--${param.name} <integer>`;
    case "number":
      return `--${param.name} <number>`;
    case "json":
      return `--${param.name} <json>`;
    case "string":
      return `--${param.name} <value>`;
  }
}
