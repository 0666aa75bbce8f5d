import type { ContentBlock as SdkContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { ChatMessage, ContentBlock, Converse } from "../ask/converse";
import { createAwsClient } from "./aws-client";

/**
 * The ask loop's model port on Amazon Bedrock: one Converse call per turn, with the configured
 * model (or inference profile) and, when configured, a Bedrock guardrail on every turn. The client
 * has no endpoint of its own: AWS_ENDPOINT_URL_BEDROCK_RUNTIME reaches the local stand-in.
 * (@smithy/node-http-handler is the SDK's own HTTP/1.1 handler, installed with every client.)
 */

export interface BedrockConverseOptions {
  readonly modelId: string;
  readonly region: string;
  readonly guardrail?: { readonly id: string; readonly version: string };
}

export function createBedrockConverse(options: BedrockConverseOptions): Converse {
  // HTTP/1.1: the client defaults to HTTP/2 for its streaming operations; Converse is a plain
  // request and response, and the local stand-in is an HTTP/1.1 server like every other.
  // Loaded on the first question, so a worker that only runs commands never loads the Bedrock client.
  let loaded: Promise<{ client: import("@aws-sdk/client-bedrock-runtime").BedrockRuntimeClient; Converse: typeof import("@aws-sdk/client-bedrock-runtime").ConverseCommand }> | undefined;
  const load = () => (loaded ??= import("@aws-sdk/client-bedrock-runtime").then((sdk) => ({
    client: createAwsClient(sdk.BedrockRuntimeClient, { region: options.region, requestHandler: new NodeHttpHandler() }),
    Converse: sdk.ConverseCommand,
  })).catch((error: unknown) => {
    loaded = undefined; // the next question tries again
    throw error;
  }));
  return async (request, signal) => {
    const { client, Converse } = await load();
    const response = await client.send(new Converse({
      modelId: options.modelId,
      system: [{ text: request.system }],
      messages: request.messages.map(toSdkMessage),
      toolConfig: { tools: request.tools.map((tool) => ({ toolSpec: { name: tool.name, description: tool.description, inputSchema: { json: tool.inputSchema as never } } })) },
      inferenceConfig: { maxTokens: request.maxTokens, temperature: 0 },
      ...(options.guardrail ? { guardrailConfig: { guardrailIdentifier: options.guardrail.id, guardrailVersion: options.guardrail.version } } : {}),
    }), { abortSignal: signal });
    const message = response.output?.message;
    return {
      message: { role: "assistant", content: (message?.content ?? []).flatMap(fromSdkBlock) },
      stopReason: response.stopReason ?? "end_turn",
      usage: { inputTokens: response.usage?.inputTokens ?? 0, outputTokens: response.usage?.outputTokens ?? 0 },
    };
  };
}

function toSdkMessage(message: ChatMessage): Message {
  return { role: message.role, content: message.content.map((block) => block as unknown as SdkContentBlock) };
}

function fromSdkBlock(block: SdkContentBlock): ContentBlock[] {
  if (typeof block.text === "string") return [{ text: block.text }];
  if (block.toolUse?.toolUseId && block.toolUse.name) return [{ toolUse: { toolUseId: block.toolUse.toolUseId, name: block.toolUse.name, input: block.toolUse.input } }];
  // Reasoning and other blocks are the model's own business, not part of the answer.
  return [];
}
