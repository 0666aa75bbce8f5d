import { commandText } from "./command-text";
import { type ChatMessage, type Converse, type ConverseResponse, textOf, type ToolResult, type ToolUse, toolUsesOf } from "./converse";
import type { AskBound, AskBounds, AskExamples, AskOutcome, AskProgress, CallOutcome, CallRecord, ConversationTurn, OperationSpec, ProposalRecord, ProposalResult } from "./model";
import { historyMessages, systemPrompt } from "./prompt";
import { ASK_TOOLS, CALL_OPERATION, FIND_OPERATIONS, parseToolRequest, PROPOSE_COMMAND } from "./tools";
import { untrustedResult } from "./untrusted";

/**
 * The ask loop: Converse turns with tool use until the model answers or a bound stops it. The loop
 * only relays: searching the catalogue, running a read and proposing a change are the toolbox's
 * (the command path's), which checks every call as if a member had typed it. The loop adds the
 * bounds — tool calls, tokens, time — and keeps what the model reads marked as data.
 */

export interface AskToolbox {
  findOperations(query: string): Promise<readonly OperationSpec[]>;
  /** Runs one read exactly as a typed command (role, guardrails, blocked families, own resources, audit). */
  call(command: string, deadline: number): Promise<CallOutcome>;
  /** Shows a change to the member with the normal confirmation; never runs it. */
  propose(command: string, reason: string | undefined): Promise<{ readonly outcome: ProposalResult; readonly text: string }>;
}

export interface AskPorts {
  readonly converse: Converse;
  readonly tools: AskToolbox;
  readonly progress: (progress: AskProgress) => Promise<void>;
  readonly now: () => number;
}

export interface AskRequest {
  readonly question: string;
  readonly history: readonly ConversationTurn[];
  readonly examples: AskExamples;
  readonly defaultRegion: string;
}

export async function askQuestion(request: AskRequest, ports: AskPorts, bounds: AskBounds): Promise<AskOutcome> {
  const { now } = ports;
  const started = now();
  const deadline = started + bounds.timeLimitMs;
  const system = systemPrompt({ defaultRegion: request.defaultRegion, examples: request.examples, now: new Date(started).toISOString() });
  const messages: ChatMessage[] = [...historyMessages(request.history), { role: "user", content: [{ text: request.question }] }];
  const calls: CallRecord[] = [];
  const proposals: ProposalRecord[] = [];
  const searches: string[] = [];
  const usage = { inputTokens: 0, outputTokens: 0 };
  let toolCalls = 0;
  let turns = 0;
  let lastText = "";
  let bound: AskBound | undefined;

  const outcome = (answer: string, extra: Partial<AskOutcome> = {}): AskOutcome => ({
    answer, calls, proposals, usage: { ...usage }, turns, elapsedMs: now() - started, ...(bound ? { bound } : {}), ...extra,
  });
  const spent = () => usage.inputTokens + usage.outputTokens;

  for (;;) {
    const remaining = deadline - now();
    if (remaining <= 0) return outcome(lastText, { bound: "time" });
    if (spent() >= bounds.tokenBudget) return outcome(lastText, { bound: "tokens" });
    let response: ConverseResponse;
    try {
      response = await ports.converse({ system, messages, tools: ASK_TOOLS, maxTokens: Math.max(1, Math.min(bounds.maxAnswerTokens, bounds.tokenBudget - spent())) }, AbortSignal.timeout(remaining));
    } catch (error) {
      if (deadline - now() <= 0 || (error as Error)?.name === "TimeoutError" || (error as Error)?.name === "AbortError") return outcome(lastText, { bound: "time" });
      return outcome("", { stopped: { by: "model-error", detail: (error as Error)?.name ?? "Error" } });
    }
    turns++;
    usage.inputTokens += response.usage.inputTokens;
    usage.outputTokens += response.usage.outputTokens;
    messages.push(response.message);
    const text = textOf(response.message);
    if (text !== "") lastText = text;
    if (response.stopReason === "guardrail_intervened" || response.stopReason === "content_filtered") {
      return outcome("", { stopped: { by: "guardrail", detail: text || "The Bedrock guardrail stopped this question." } });
    }
    const uses = toolUsesOf(response.message);
    if (uses.length === 0) {
      return outcome(text, response.stopReason === "max_tokens" && spent() >= bounds.tokenBudget ? { bound: "tokens" } : {});
    }
    // The model was told the limit was reached and still asks for tools: it will not answer.
    if (bound === "tool-calls") return outcome(lastText);
    const results: ToolResult[] = [];
    for (const use of uses) {
      if (toolCalls >= bounds.maxToolCalls) {
        bound = "tool-calls";
        results.push(refusal(use, `Herald's limit of ${bounds.maxToolCalls} tool calls for one question is reached. Do not call tools again: answer now with what you found, and say what is missing.`));
        continue;
      }
      if (deadline - now() <= 0) {
        results.push(refusal(use, "The question's time limit is reached."));
        continue;
      }
      toolCalls++;
      results.push(await runTool(use));
      await ports.progress({ calls: [...calls], searches: [...searches], elapsedMs: now() - started });
    }
    messages.push({ role: "user", content: results.map((toolResult) => ({ toolResult })) });
  }

  async function runTool(use: ToolUse): Promise<ToolResult> {
    const request = parseToolRequest(use.name, use.input);
    switch (request.tool) {
      case "invalid":
        return refusal(use, request.problem);
      case FIND_OPERATIONS: {
        searches.push(request.query);
        const operations = await ports.tools.findOperations(request.query);
        return { toolUseId: use.toolUseId, status: "success", content: [{ json: { operations: operations.map(describeSpec) } }] };
      }
      case CALL_OPERATION: {
        const command = commandText(request);
        const result = await ports.tools.call(command, deadline);
        calls.push({ command, ...result });
        return { toolUseId: use.toolUseId, status: result.outcome === "succeeded" ? "success" : "error", content: [{ json: untrustedResult(command, result.outcome, result.text) }] };
      }
      case PROPOSE_COMMAND: {
        const result = await ports.tools.propose(request.command, request.reason);
        proposals.push({ command: request.command, ...result, ...(request.reason ? { reason: request.reason } : {}) });
        return { toolUseId: use.toolUseId, status: result.outcome === "waiting-for-confirmation" ? "success" : "error", content: [{ json: untrustedResult(request.command, result.outcome, result.text) }] };
      }
    }
  }
}

function refusal(use: ToolUse, problem: string): ToolResult {
  return { toolUseId: use.toolUseId, status: "error", content: [{ text: problem }] };
}

function describeSpec(spec: OperationSpec): Record<string, unknown> {
  return {
    service: spec.service,
    operation: spec.operation,
    description: spec.description,
    access: spec.accessLevel,
    parameters: spec.parameters.map((p) => ({ name: p.name, type: p.type, ...(p.required ? { required: true } : {}), ...(p.values ? { values: p.values } : {}) })),
  };
}
