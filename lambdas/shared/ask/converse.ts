/**
 * The model port of the ask loop: one turn of a conversation with tool use, in the shape of
 * Amazon Bedrock's Converse API (which the adapter, lambdas/shared/aws/bedrock-converse.ts, speaks),
 * kept to what the loop uses. Nothing here knows Bedrock's SDK, Lambda or Slack.
 */

export interface ToolUse {
  readonly toolUseId: string;
  readonly name: string;
  /** As the model wrote it: untrusted, checked by each tool. */
  readonly input: unknown;
}

export interface ToolResult {
  readonly toolUseId: string;
  readonly content: readonly ({ readonly json: Record<string, unknown> } | { readonly text: string })[];
  readonly status: "success" | "error";
}

export type ContentBlock = { readonly text: string } | { readonly toolUse: ToolUse } | { readonly toolResult: ToolResult };

export interface ChatMessage {
  readonly role: "user" | "assistant";
  readonly content: readonly ContentBlock[];
}

export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  /** A JSON Schema object. */
  readonly inputSchema: Record<string, unknown>;
}

export interface ConverseRequest {
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ToolSpec[];
  /** Tokens the model may write in this turn. */
  readonly maxTokens: number;
}

/** Why the model stopped: `end_turn`, `tool_use`, `max_tokens`, `guardrail_intervened`, `content_filtered`, … */
export type StopReason = string;

export interface ConverseResponse {
  readonly message: ChatMessage;
  readonly stopReason: StopReason;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
}

/** One model turn; rejects when `signal` aborts (the question's time limit). */
export type Converse = (request: ConverseRequest, signal: AbortSignal) => Promise<ConverseResponse>;

export function textOf(message: ChatMessage): string {
  return message.content.flatMap((block) => ("text" in block ? [block.text] : [])).join("\n").trim();
}

export function toolUsesOf(message: ChatMessage): ToolUse[] {
  return message.content.flatMap((block) => ("toolUse" in block ? [block.toolUse] : []));
}
