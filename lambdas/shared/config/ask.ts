import { z } from "zod";
import { awsRegion } from "../aws/regions";

/**
 * `ask`: questions in plain language, answered through Amazon Bedrock (Converse with tool use) in
 * the team's own account. Off unless this section is present. The bounds keep one question under a
 * minute by default; every bound that stops a question is said in its answer.
 */

/** A Bedrock model id (`anthropic.claude-3-5-haiku-20241022-v1:0`), an inference profile id (`us.anthropic…`), or either's ARN. */
const MODEL_ID = /^(arn:aws(-cn|-us-gov)?:bedrock:[a-z0-9-]+:\d{0,12}:(foundation-model|inference-profile|application-inference-profile)\/[A-Za-z0-9._:/-]{1,200}|[A-Za-z0-9][A-Za-z0-9._:-]{1,200})$/;

export const ASK_DEFAULTS = {
  /** AWS reads (and proposals) one question may make: enough for "which alarms fire, and on what?". */
  maxToolCalls: 8,
  /** Input plus output tokens over every model turn of one question. */
  tokenBudget: 60_000,
  /** From the question to its answer; the worker's own timeout is 120 s. */
  timeLimitSeconds: 50,
  /** Tokens the model may write in one turn (the answer's length). */
  maxAnswerTokens: 1_200,
  /** Past commands and questions of the channel shown as examples (while sharing is on). */
  examples: 10,
} as const;

export const AskSchema = z.strictObject({
  modelId: z.string().regex(MODEL_ID, "must be a Bedrock model id, an inference profile id, or the ARN of either"),
  /** Where Bedrock is called; default: the home Region. */
  region: z.string().superRefine((code, ctx) => {
    if (awsRegion(code) === undefined) ctx.addIssue({ code: "custom", message: `must be an AWS Region code such as us-east-1; ${code} is not one` });
  }).optional(),
  /** An Amazon Bedrock guardrail applied to every turn (its id and version). */
  guardrail: z.strictObject({
    id: z.string().regex(/^[a-z0-9]{1,64}$|^arn:aws(-cn|-us-gov)?:bedrock:[a-z0-9-]+:\d{12}:guardrail\/[a-z0-9]{1,64}$/, "must be a Bedrock guardrail id or ARN"),
    version: z.string().regex(/^(DRAFT|[1-9][0-9]{0,7})$/, "must be DRAFT or a version number"),
  }).optional(),
  maxToolCalls: z.number().int().min(1).max(25).default(ASK_DEFAULTS.maxToolCalls),
  tokenBudget: z.number().int().min(2_000).max(500_000).default(ASK_DEFAULTS.tokenBudget),
  timeLimitSeconds: z.number().int().min(5).max(100, "must be at most 100 (the worker stops at 120 s)").default(ASK_DEFAULTS.timeLimitSeconds),
  maxAnswerTokens: z.number().int().min(100).max(8_000).default(ASK_DEFAULTS.maxAnswerTokens),
  examples: z.number().int().min(0).max(50).default(ASK_DEFAULTS.examples),
});

export type AskConfig = z.output<typeof AskSchema>;
