import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { CommandJob, DispatchCommandJob } from "../shared/commands/job";

/** Hands a job to the worker function as an asynchronous invocation: returns once Lambda has queued it. */
export function createLambdaDispatcher(client: LambdaClient, functionName: string): DispatchCommandJob {
  return async (job: CommandJob) => {
    const result = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: "Event", Payload: Buffer.from(JSON.stringify(job)) }));
    if (result.StatusCode !== 202) throw new Error(`Lambda did not queue the command job (status ${result.StatusCode})`);
  };
}
