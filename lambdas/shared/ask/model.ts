/**
 * What the ask loop works with and hands back, platform-neutral: the operations it may offer, the
 * outcome of each call it made, the conversation so far and the channel's examples.
 */

/** A read operation of the catalogue, as find_operations describes it to the model. */
export interface OperationSpec {
  readonly service: string;
  readonly operation: string;
  /** From the IAM data ("Grants permission to describe …"). */
  readonly description: string;
  readonly accessLevel: string;
  readonly parameters: readonly ParameterSpec[];
}

export interface ParameterSpec {
  /** As the CLI spells it, without dashes. */
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly values?: readonly string[];
}

/** How one read ended on the normal command path (the audit log's outcomes, plus Herald's own refusal). */
export type CallResult = "succeeded" | "denied" | "failed" | "invalid" | "not-a-read" | "needs-confirmation";

export interface CallOutcome {
  readonly outcome: CallResult;
  /** What the member would have been shown (the output, or the reason), as text: untrusted. */
  readonly text: string;
}

export interface CallRecord extends CallOutcome {
  /** The command as a member would type it (what ran). */
  readonly command: string;
}

export type ProposalResult = "waiting-for-confirmation" | "denied" | "invalid" | "is-a-read";

export interface ProposalRecord {
  readonly command: string;
  readonly outcome: ProposalResult;
  readonly text: string;
  readonly reason?: string;
}

/** One exchange of a thread, as kept (user data) for follow-up questions. */
export interface ConversationTurn {
  readonly question: string;
  readonly answer: string;
  readonly commands: readonly string[];
}

/** The channel's own history given to the model while sharing is on; empty when it is off. */
export interface AskExamples {
  /** Commands members ran here that succeeded, most recent first. */
  readonly commands: readonly string[];
  /** Questions asked here before, most recent first. */
  readonly questions: readonly string[];
}

export const NO_EXAMPLES: AskExamples = { commands: [], questions: [] };

/** The bounds that stop a question. */
export type AskBound = "tool-calls" | "tokens" | "time";

export interface AskBounds {
  readonly maxToolCalls: number;
  readonly tokenBudget: number;
  readonly timeLimitMs: number;
  readonly maxAnswerTokens: number;
}

export interface AskOutcome {
  /** The model's answer (untrusted text); empty when a bound or an error stopped it first. */
  readonly answer: string;
  readonly calls: readonly CallRecord[];
  readonly proposals: readonly ProposalRecord[];
  /** Set when a bound cut the work short (the answer, if any, is from what was found until then). */
  readonly bound?: AskBound;
  /** Set when the model or its guardrail ended the question without an answer of its own. */
  readonly stopped?: { readonly by: "guardrail" | "model-error"; readonly detail: string };
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  readonly turns: number;
  readonly elapsedMs: number;
}

/** What the loop reports while it works (the message it updates). */
export interface AskProgress {
  readonly calls: readonly CallRecord[];
  readonly searches: readonly string[];
  readonly elapsedMs: number;
}
