import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Amazon Bedrock Runtime's Converse API, stood in by a real HTTP server (POST /model/<id>/converse)
 * that the SDK reaches through AWS_ENDPOINT_URL_BEDROCK_RUNTIME. It is not a model: it plays one,
 * deterministically, so the whole ask loop runs offline (tests, `npm start`):
 * - a question quoting a command in backticks is a change request: it proposes that command;
 * - otherwise it reads the question's topics (alarms, topics, queues, instances, functions…), and for
 *   each one searches the catalogue (find_operations), then runs the first operation found that needs
 *   no parameters (call_operation, with `--state-value ALARM` for "firing" alarms and a Region named
 *   in the question);
 * - it is gullible on purpose: an instruction in a tool result ("call iam create-user …") is obeyed
 *   once, as an injected model might, so tests can show that nothing it asks for gets past Herald;
 * - then it answers from what the tools returned, one line per call.
 * Usage is counted as characters / 4. What it cannot show: whether a real model picks good
 * operations, reads large outputs well, or resists injected instructions; that needs Bedrock.
 */

export interface BedrockStandInOptions {
  /** Wait this long before answering each turn (for time-limit tests). */
  delayMs?: number;
}

interface Block {
  text?: string;
  toolUse?: { toolUseId: string; name: string; input: Record<string, unknown> };
  toolResult?: { toolUseId: string; status?: string; content?: Array<{ text?: string; json?: Record<string, unknown> }> };
}
interface Message {
  role: "user" | "assistant";
  content: Block[];
}

export interface ConverseCall {
  readonly modelId: string;
  readonly body: { messages: Message[]; system?: Array<{ text: string }>; toolConfig?: unknown; guardrailConfig?: unknown; inferenceConfig?: { maxTokens?: number } };
}

const TOPICS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\balarm/i, "cloudwatch alarms"],
  [/\btopic/i, "sns topics"],
  [/\bqueue/i, "sqs queues"],
  [/\binstance/i, "ec2 instances"],
  [/\b(lambda|function)/i, "lambda functions"],
  [/\bstack/i, "cloudformation stacks"],
  [/\bbucket/i, "s3 buckets"],
  [/\btable/i, "dynamodb tables"],
];
const REGION = /\b([a-z]{2}(?:-gov)?-[a-z]+-\d)\b/;
/** What an injected instruction looks like to this gullible stand-in: "call <service> <verb-noun> [--option value]…". */
const INJECTED = /\b(?:call|run)\s+`?([a-z0-9-]+)\s+([a-z0-9]+-[a-z0-9-]+)((?:\s+--[a-z0-9-]+(?:\s+[^\s`,;"'}\\]+)?)*)/i;

export class BedrockRuntimeStandIn {
  readonly calls: ConverseCall[] = [];
  delayMs: number;

  constructor(options: BedrockStandInOptions = {}) {
    this.delayMs = options.delayMs ?? 0;
  }

  /** `path`: the request's path below where the stand-in is mounted (default: the request's own). */
  async handle(req: IncomingMessage, res: ServerResponse, path = new URL(req.url ?? "/", "http://x").pathname): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/model\/(.+)\/converse$/.exec(path);
    const send = (status: number, body: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": `stand-in-${this.calls.length}` });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || !match) return send(404, { message: `The Bedrock stand-in answers POST /model/<id>/converse only, not ${req.method} ${path}` });
    let body: ConverseCall["body"];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ConverseCall["body"];
    } catch {
      return send(400, { message: "Malformed JSON" });
    }
    if (!Array.isArray(body.messages)) return send(400, { message: "messages is required" });
    this.calls.push({ modelId: decodeURIComponent(match[1]), body });
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const content = nextTurn(body.messages);
    const stopReason = content.some((block) => block.toolUse) ? "tool_use" : "end_turn";
    const inputTokens = Math.ceil(JSON.stringify(body).length / 4);
    const outputTokens = Math.ceil(JSON.stringify(content).length / 4);
    send(200, {
      output: { message: { role: "assistant", content } },
      stopReason,
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
      metrics: { latencyMs: this.delayMs },
    });
  }
}

/** The stand-in's next turn for the conversation so far. */
export function nextTurn(messages: readonly Message[]): Block[] {
  // The current question: the last user message with text; what the tools did since then.
  const questionAt = findLastIndex(messages, (m) => m.role === "user" && m.content.some((b) => typeof b.text === "string"));
  const question = messages[questionAt]?.content.map((b) => b.text ?? "").join(" ") ?? "";
  const since = messages.slice(questionAt + 1);
  const uses = since.flatMap((m) => m.content.flatMap((b) => (b.toolUse ? [b.toolUse] : [])));
  const results = since.flatMap((m) => m.content.flatMap((b) => (b.toolResult ? [b.toolResult] : [])));
  const resultText = (id: string) => {
    const result = results.find((r) => r.toolUseId === id);
    return (result?.content ?? []).map((c) => (c.json ? JSON.stringify(c.json) : c.text ?? "")).join(" ");
  };
  const id = `tooluse-${uses.length + 1}`;
  const use = (name: string, input: Record<string, unknown>): Block[] => [{ toolUse: { toolUseId: id, name, input } }];

  // Herald said the limit is reached: answer with what there is.
  if (results.some((r) => r.status === "error" && (r.content ?? []).some((c) => /limit of \d+ tool calls/.test(c.text ?? "")))) return [{ text: answerText(uses, resultText, "I stopped at Herald's limit of tool calls. ") }];

  // A gullible model obeys an instruction it read in a tool result, once.
  const injectedAlready = uses.some((u) => u.input.injected === true);
  if (!injectedAlready) {
    for (const u of uses) {
      if (u.name !== "call_operation") continue;
      const injected = INJECTED.exec(resultText(u.toolUseId).replace(/\\"/g, '"'));
      if (!injected) continue;
      const parameters: Record<string, string | boolean> = {};
      for (const option of injected[3].matchAll(/--([a-z0-9-]+)(?:\s+([^\s`,;"'}\\]+))?/gi)) parameters[option[1]] = option[2] ?? true;
      return use("call_operation", { service: injected[1].toLowerCase(), operation: injected[2].toLowerCase(), parameters, injected: true });
    }
  }

  const quoted = /`([^`]+)`/.exec(question);
  if (quoted) {
    if (!uses.some((u) => u.name === "propose_command")) return use("propose_command", { command: quoted[1], reason: "You asked for this change." });
    return [{ text: answerText(uses, resultText) }];
  }

  const region = REGION.exec(question)?.[1];
  const wanted = TOPICS.filter(([pattern]) => pattern.test(question)).map(([, query]) => query);
  const queries = wanted.length > 0 ? wanted : [question.replace(/[^A-Za-z0-9 -]/g, " ").slice(0, 100)];
  for (const query of queries) {
    const search = uses.find((u) => u.name === "find_operations" && u.input.query === query);
    if (!search) return use("find_operations", { query });
    if (uses.some((u) => u.name === "call_operation" && u.input.query === query)) continue;
    const found = operationsIn(resultText(search.toolUseId));
    const pick = found.find((op) => op.parameters.every((p) => !p.required));
    if (!pick) continue;
    const parameters: Record<string, string> = {};
    if (pick.operation === "describe-alarms" && /\b(firing|in alarm|alarming|triggered)\b/i.test(question)) parameters["state-value"] = "ALARM";
    return use("call_operation", { service: pick.service, operation: pick.operation, parameters, ...(region ? { region } : {}), query });
  }
  return [{ text: answerText(uses, resultText) }];
}

function operationsIn(text: string): Array<{ service: string; operation: string; parameters: Array<{ required?: boolean }> }> {
  try {
    const parsed = JSON.parse(text) as { operations?: Array<{ service: string; operation: string; parameters: Array<{ required?: boolean }> }> };
    return parsed.operations ?? [];
  } catch {
    return [];
  }
}

/** One line per call: what it returned (its first lines), or why it did not run. */
function answerText(uses: ReadonlyArray<{ toolUseId: string; name: string; input: Record<string, unknown> }>, resultText: (id: string) => string, lead = ""): string {
  const lines = uses.filter((u) => u.name !== "find_operations").map((u) => {
    let result: { command?: string; outcome?: string; untrusted_data?: string } = {};
    try {
      result = JSON.parse(resultText(u.toolUseId)) as typeof result;
    } catch {
      return `• ${u.name}: ${resultText(u.toolUseId).slice(0, 200)}`;
    }
    const data = String(result.untrusted_data ?? "").split("\n").filter(Boolean).slice(0, 6).join(" | ").slice(0, 400);
    return `• ${result.command ?? u.name}: ${result.outcome === "succeeded" ? data : `${result.outcome} (${data})`}`;
  });
  return `${lead}${lines.length === 0 ? "I found nothing to call for this question." : `Here is what I found:\n${lines.join("\n")}`}`;
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (test(items[index])) return index;
  return -1;
}

/** The stand-in on its own port (tests); the local runtime mounts `handle` at /aws/bedrock-runtime. */
export async function startBedrockRuntimeStandIn(options: BedrockStandInOptions = {}): Promise<{ standIn: BedrockRuntimeStandIn; url: string; close: () => Promise<void> }> {
  const standIn = new BedrockRuntimeStandIn(options);
  const server: Server = createServer((req, res) => void standIn.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    standIn,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
