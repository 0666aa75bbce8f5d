import { applyQuery, QUERY_LIMITS, queryProblem, QueryTooExpensiveError } from "../../lambdas/shared/commands/query";

/**
 * `--query` is bounded: an expression that could multiply its input past any chat message (or keep
 * the worker busy until Lambda kills it) is refused as too expensive, before AWS is called and again
 * when it is applied; ordinary queries pass unchanged.
 */

const bomb = (times: number, stage = "[@,@]") => Array.from({ length: times }, () => stage).join("|");

describe("expressions that are too expensive are refused when parsed", () => {
  test.each([
    ["[@,@] piped 40 times", bomb(40)],
    ["a wide multi-select piped 4 times", bomb(4, "[@,@,@,@,@,@]")],
    ["hashes nested in lists", bomb(9, "{a: @, b: @}")],
    ["a very long expression", `a${".b".repeat(600)}`],
    ["deep nesting", `${"[".repeat(50)}@${"]".repeat(50)}`],
  ])("%s", (_case, expression) => {
    expect(queryProblem(expression)).toEqual({ kind: "too-expensive", message: expect.any(String) });
  });

  test("an invalid expression is invalid, not too expensive", () => {
    expect(queryProblem("Topics[")).toMatchObject({ kind: "invalid" });
    expect(queryProblem(" ")).toMatchObject({ kind: "invalid" });
  });
});

describe("ordinary queries pass", () => {
  test.each([
    "Topics[].TopicArn",
    "Reservations[].Instances[].{Id: InstanceId, State: State.Name, Type: InstanceType, AZ: Placement.AvailabilityZone}",
    "MetricAlarms[?StateValue=='ALARM'].[AlarmName, StateReason] | sort_by(@, &[0])",
    "Table.{Keys: KeySchema, Status: TableStatus, Indexes: GlobalSecondaryIndexes[].{Name: IndexName, Keys: KeySchema[].AttributeName}}",
  ])("%s", (expression) => {
    expect(queryProblem(expression)).toBeUndefined();
  });
});

describe("applying a query", () => {
  test("a bomb is refused quickly, before its result is walked", () => {
    const started = performance.now();
    expect(() => applyQuery({ a: 1 }, bomb(40))).toThrow(QueryTooExpensiveError);
    expect(() => applyQuery({ a: 1 }, bomb(40))).toThrow(/too expensive/);
    expect(performance.now() - started).toBeLessThan(500);
  });

  test("a result with more values than the budget is refused, shared values counted each time", () => {
    const rows = Array.from({ length: QUERY_LIMITS.maxResultValues / 4 }, (_, i) => ({ i }));
    expect(() => applyQuery({ rows }, "[rows, rows, rows, rows, rows]")).toThrow(QueryTooExpensiveError);
    expect(applyQuery({ rows }, "rows[0]")).toEqual({ i: 0 });
  });

  test("jmespath's own errors pass through as they are", () => {
    expect(() => applyQuery({ a: 1 }, "abs(a, a)")).toThrow(/abs/);
  });
});
