import type { Context } from "aws-lambda";
import { lambdaContext } from "../../local/runtime/lambda/lambda-context";

/** A Lambda `Context` for a handler under test, as Lambda (and the local runtime) would pass it. */
export function testLambdaContext(options: { remainingMs?: number; functionName?: string; requestId?: string } = {}): Context {
  return lambdaContext({
    functionName: options.functionName ?? "herald-test-function",
    region: "us-east-1",
    accountId: "111122223333",
    requestId: options.requestId ?? "00000000-0000-4000-8000-000000000000",
    deadline: Date.now() + (options.remainingMs ?? 60_000),
    memoryMb: 256,
  });
}
