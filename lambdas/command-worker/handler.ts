import type { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import type { CommandJob } from "../shared/commands/job";
import { type CommandWorkerPorts, type CommandWorkerSettings, runCommandJob } from "../shared/commands/run-command";
import { deadlineOf } from "../shared/runtime/lambda-handler";

/** Time kept back from the Lambda deadline to answer in Slack after the AWS call is cut off. */
export const ANSWER_MARGIN_MS = 5_000;

export interface CommandWorkerHandlerPorts extends CommandWorkerPorts {
  readonly logger: Logger;
}

/**
 * Runs one command job (from the command function) and answers in the chat. Never retried: a
 * command must not run twice. A job's failure is this job's alone: it is logged, never thrown into
 * the runtime (where it would take other work of the process with it).
 */
export function createCommandWorkerHandler(ports: CommandWorkerHandlerPorts, settings: CommandWorkerSettings) {
  const { logger } = ports;
  return async (job: CommandJob, context: Context): Promise<void> => {
    if (!isCommandJob(job)) {
      logger.error("Not a command job; ignored");
      return;
    }
    try {
      await runCommandJob(job, ports, settings, { requestId: context.awsRequestId, deadline: deadlineOf(context, ANSWER_MARGIN_MS) });
    } catch (error) {
      // The person gets no answer if even the reply failed: make it visible to operators.
      logger.error("Command job failed", { requestId: job.requestId, teamId: job.caller.teamId, channelId: job.caller.channelId, error: (error as Error).name, message: (error as Error).message });
    }
  };
}

function isCommandJob(job: unknown): job is CommandJob {
  if (!job || typeof job !== "object") return false;
  const candidate = job as Partial<CommandJob>;
  return Boolean(candidate.caller) && typeof candidate.text === "string" && Boolean(candidate.replyTo);
}
