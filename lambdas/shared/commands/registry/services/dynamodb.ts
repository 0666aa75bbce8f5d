import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import type { ParamSpec, ResourceScope, ServiceSpec } from "../../operation-model";
import { arnOrNamed } from "../arns";
import { sdkOperation } from "../sdk-operation";

/**
 * Control plane only. Item reads (get-item, query, scan, batch-get-item) are deliberately absent:
 * AWS Chatbot blocks them because they would post table data into a chat channel.
 */

const tableName: ParamSpec = { name: "table-name", sdkName: "TableName", type: "string", required: true, description: "The table's name or ARN" };

const tableResource = (params: Readonly<Record<string, unknown>>, scope: ResourceScope) =>
  arnOrNamed(params["table-name"], scope, "dynamodb", (name) => `table/${name}`);

export const service: ServiceSpec = {
  name: "dynamodb",
  description: "Amazon DynamoDB tables (control plane only: no item reads)",
  operations: [
    sdkOperation({
      name: "list-tables",
      description: "List the tables in the Region",
      iamAction: "dynamodb:ListTables",
      params: [
        { name: "exclusive-start-table-name", sdkName: "ExclusiveStartTableName", type: "string", description: "Start after this table (from LastEvaluatedTableName)" },
        { name: "limit", sdkName: "Limit", type: "integer", description: "At most this many tables (1–100)" },
      ],
      resource: () => "*",
      client: DynamoDBClient,
      command: ListTablesCommand,
    }),
    sdkOperation({
      name: "describe-table",
      description: "Show a table's keys, indexes, capacity, size and status",
      iamAction: "dynamodb:DescribeTable",
      params: [tableName],
      resource: tableResource,
      client: DynamoDBClient,
      command: DescribeTableCommand,
    }),
    sdkOperation({
      name: "describe-time-to-live",
      description: "Show a table's time-to-live setting",
      iamAction: "dynamodb:DescribeTimeToLive",
      params: [tableName],
      resource: tableResource,
      client: DynamoDBClient,
      command: DescribeTimeToLiveCommand,
    }),
  ],
};
