import type { Context } from "aws-lambda";

/** The `Context` Lambda passes to a handler, with the remaining time counted to the invocation's deadline. */
export function lambdaContext(options: { functionName: string; region: string; accountId: string; requestId: string; deadline: number; memoryMb: number }): Context {
  const { functionName, region, accountId, requestId, deadline } = options;
  const unsupported = () => {
    throw new Error("context.done/fail/succeed are not supported: return or throw from an async handler");
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: String(options.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replace(/-/g, "")}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
