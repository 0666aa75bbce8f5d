import { inlineCode } from "../commands/messages";
import type { CommandAnswer } from "../commands/results";
import { cutText } from "../notifications/cut-text";
import type { ItemList } from "../notifications/model";
import type { AskBound, AskBounds, AskOutcome, AskProgress, CallRecord, CallResult, ProposalRecord, ProposalResult } from "./model";

/**
 * An asked question's messages, platform-neutral: the progress message while it works, and the
 * answer with its work shown — every call made, as the command a member would type, with the
 * commands that ran offered to run again. The model's words are untrusted text: the chat adapter
 * escapes them like everything else; commands go in code spans.
 */

export interface AskMessage {
  readonly notification: CommandAnswer;
  /** Commands offered with a "Run again" button (each runs as if the clicker typed it). */
  readonly runAgain: readonly string[];
}

/** At most this many "Run again" buttons under one answer (the rest are listed). */
export const MAX_RUN_AGAIN = 5;
const MAX_ANSWER_CHARS = 2_800;

const CALL_LABELS: Readonly<Record<CallResult, string>> = {
  succeeded: "ran",
  failed: "AWS returned an error",
  denied: "not allowed here (not run)",
  invalid: "not a valid command (not run)",
  "not-a-read": "not a read (not run)",
  "needs-confirmation": "needs your confirmation (not run)",
};

const PROPOSAL_LABELS: Readonly<Record<ProposalResult, string>> = {
  "waiting-for-confirmation": "waiting for your confirmation in this thread",
  denied: "not allowed here",
  invalid: "not a valid command",
  "is-a-read": "a read, not a change",
};

export function askProgressMessage(question: string, progress?: AskProgress): AskMessage {
  const calls = progress?.calls ?? [];
  const lists: ItemList[] = calls.length === 0 ? [] : [{ title: "AWS calls so far", items: calls.map(callItem) }];
  const searched = progress?.searches.length ? [`Searched the catalogue for: ${progress.searches.map((s) => `"${cutText(s, 60)}"`).join(", ")}`] : [];
  return {
    notification: {
      kind: "ask-progress",
      recognized: true,
      title: "Working on it…",
      severity: "info",
      summary: "Herald is working on your question",
      body: { text: `Looking into: _${cutText(question, 300)}_`, markdown: true },
      fields: [],
      lists,
      links: [],
      context: [...searched, progress ? `${Math.round(progress.elapsedMs / 1000)} s so far` : "Starting"],
    },
    runAgain: [],
  };
}

export function askAnswerMessage(outcome: AskOutcome, bounds: AskBounds, modelName: string): AskMessage {
  const lists: ItemList[] = [];
  if (outcome.calls.length > 0) lists.push({ title: `AWS calls made (${outcome.calls.length})`, items: outcome.calls.map(callItem) });
  if (outcome.proposals.length > 0) lists.push({ title: "Proposed changes (never run by Herald's model)", items: outcome.proposals.map(proposalItem) });
  const limitNote = outcome.bound ? boundNote(outcome.bound, bounds) : undefined;
  const body = outcome.stopped
    ? outcome.stopped.by === "guardrail"
      ? `The Bedrock guardrail stopped this question: ${outcome.stopped.detail}`
      : `Amazon Bedrock could not answer (${outcome.stopped.detail}). The calls made so far are listed below.`
    : outcome.answer !== ""
      ? cutText(outcome.answer, MAX_ANSWER_CHARS)
      : `Herald could not finish this question: ${limitNote ?? "the model gave no answer"}. The calls made so far are listed below; ask a narrower question, or run them yourself.`;
  const tokens = outcome.usage.inputTokens + outcome.usage.outputTokens;
  return {
    notification: {
      kind: "ask-answer",
      recognized: true,
      title: outcome.stopped ? "No answer" : outcome.bound ? "Partial answer" : "Answer",
      severity: outcome.stopped || outcome.bound ? "low" : "info",
      summary: cutText(body.split("\n")[0] ?? "Answer", 150),
      body: { text: body, markdown: true },
      fields: [],
      lists,
      links: [],
      context: [
        ...(limitNote ? [`Stopped: ${limitNote}.`] : []),
        `Answered with Amazon Bedrock (${modelName}) in ${Math.round(outcome.elapsedMs / 1000)} s: ${outcome.turns} ${outcome.turns === 1 ? "turn" : "turns"}, ${tokens.toLocaleString("en-US")} tokens. Every call ran with this channel's role and guardrails; check what matters.`,
      ],
    },
    runAgain: [...new Set(outcome.calls.filter((call) => call.outcome === "succeeded" || call.outcome === "failed").map((call) => call.command))].slice(0, MAX_RUN_AGAIN),
  };
}

function boundNote(bound: AskBound, bounds: AskBounds): string {
  switch (bound) {
    case "tool-calls":
      return `the limit of ${bounds.maxToolCalls} tool calls for one question was reached (ask.maxToolCalls)`;
    case "tokens":
      return `the token budget of ${bounds.tokenBudget.toLocaleString("en-US")} for one question was spent (ask.tokenBudget)`;
    case "time":
      return `the time limit of ${Math.round(bounds.timeLimitMs / 1000)} s for one question was reached (ask.timeLimitSeconds)`;
  }
}

function callItem(call: CallRecord) {
  const why = call.outcome === "denied" || call.outcome === "not-a-read" ? `: ${cutText(call.text.split("\n").slice(0, 2).join(" "), 200)}` : "";
  return { text: `${inlineCode(call.command)} — ${CALL_LABELS[call.outcome]}${why}`, markdown: true };
}

function proposalItem(proposal: ProposalRecord) {
  return { text: `${inlineCode(proposal.command)} — ${PROPOSAL_LABELS[proposal.outcome]}${proposal.reason ? ` (${cutText(proposal.reason, 150)})` : ""}`, markdown: true };
}
