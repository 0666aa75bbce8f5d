import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createOperationSearch } from "../shared/ask/operation-search";
import { askBounds, parseAskVariable } from "../shared/ask/settings";
import { createBedrockConverse } from "../shared/aws/bedrock-converse";
import type { SecretReader } from "../shared/aws/secrets";
import type { Catalogue } from "../shared/commands/catalogue/catalogue";
import type { AskWorkerPorts } from "../shared/commands/ask-command";
import { createConversationStore } from "../shared/privacy/conversations";
import { createSlackAskChat } from "../shared/slack/ask-messages";

/** The worker's ports for asked questions, from HERALD_ASK; undefined (asking off) when it is not set. */
export function createAskPorts(options: {
  readonly raw: string | undefined;
  readonly catalogue: Catalogue;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly accountId: string;
  readonly retentionDays?: number;
  readonly readSecret: SecretReader;
}): AskWorkerPorts | undefined {
  const config = parseAskVariable(options.raw);
  if (config === undefined) return undefined;
  return {
    converse: createBedrockConverse({ modelId: config.modelId, region: config.region, ...(config.guardrail ? { guardrail: config.guardrail } : {}) }),
    chat: createSlackAskChat({ readSecret: options.readSecret }),
    conversations: createConversationStore({ doc: options.doc, tableName: options.tableName, accountId: options.accountId, retentionDays: options.retentionDays }),
    findOperations: createOperationSearch(options.catalogue),
    settings: { bounds: askBounds(config), examples: config.examples, modelName: config.modelId },
  };
}
