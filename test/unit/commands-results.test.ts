import type { SectionBlock } from "@slack/web-api";
import fc from "fast-check";
import type { AwsInvocation } from "../../lambdas/shared/commands/operation-model";
import { renderCommandError, renderCommandResult as renderNeutral, renderHelp } from "../../lambdas/shared/commands/results";
import { CODE_BLOCK_BUDGET, withOutputBlock } from "../../lambdas/shared/slack/command-replies";
import { toSlackMessage } from "../../lambdas/shared/slack/blocks";
import { allTexts, blockKitViolations, unescapedMarkup } from "./helpers/block-kit-limits";

/** Command answers: results as tables or JSON within Slack's limits, errors explained, help. */

/** A result as the Slack adapter shows it: the neutral answer with its output fenced and cut to fit. */
const renderCommandResult = (invocation: AwsInvocation, output: unknown) => withOutputBlock(renderNeutral(invocation, output));

const listTopics: AwsInvocation = { service: "sns", operation: "list-topics", params: {} };
const publish: AwsInvocation = { service: "sns", operation: "publish", params: { "topic-arn": "arn:aws:sns:us-east-1:123456789012:alerts", message: "hi" } };

const bodyOf = (invocation: AwsInvocation, output: unknown) => renderCommandResult(invocation, output).body?.text ?? "";
const codeOf = (body: string) => /```\n([\s\S]*)\n```/.exec(body)?.[1] ?? "";
const sectionsOf = (invocation: AwsInvocation, output: unknown) =>
  toSlackMessage(renderCommandResult(invocation, output)).blocks.filter((block): block is SectionBlock => block.type === "section");

function topics(count: number) {
  return { Topics: Array.from({ length: count }, (_, index) => ({ TopicArn: `arn:aws:sns:us-east-1:123456789012:topic-${index}` })) };
}

describe("lists of objects become an aligned table", () => {
  test("a response wrapping one list shows that list's table, other values as fields", () => {
    const result = renderCommandResult(listTopics, { ...topics(2), NextToken: "page-2" });
    expect(codeOf(result.body?.text ?? "")).toBe(
      [
        "TopicArn",
        "-".repeat("arn:aws:sns:us-east-1:123456789012:topic-0".length),
        "arn:aws:sns:us-east-1:123456789012:topic-0",
        "arn:aws:sns:us-east-1:123456789012:topic-1",
      ].join("\n"),
    );
    expect(result.fields).toEqual([{ label: "NextToken", value: "page-2", code: true }]);
    expect(result.summary).toBe("sns list-topics: 2 items in Topics");
  });

  test("names, IDs and states come first; at most six scalar columns; nested values are left out", () => {
    const alarms = {
      MetricAlarms: [
        {
          AlarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx",
          AlarmDescription: "5xx errors on the public API are above 1% for five minutes",
          ActionsEnabled: true,
          AlarmActions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
          StateValue: "ALARM",
          StateReason: "Threshold Crossed: 1 datapoint [5.0] was greater than the threshold (1.0).",
          AlarmName: "api-5xx",
          Period: 60,
          Threshold: 1,
          EvaluationPeriods: 5,
          Statistic: "Average",
        },
      ],
      CompositeAlarms: [],
    };
    const table = codeOf(bodyOf({ service: "cloudwatch", operation: "describe-alarms", params: {} }, alarms));
    const header = table.split("\n")[0].split(/\s{2,}/);
    expect(header).toEqual(["AlarmName", "StateValue", "ActionsEnabled", "Period", "Threshold", "EvaluationPeriods"]);
    expect(bodyOf({ service: "cloudwatch", operation: "describe-alarms", params: {} }, alarms)).toContain("4 more columns not shown; pick columns with --query.");
  });

  test("columns are padded so values line up", () => {
    const table = codeOf(bodyOf(listTopics, [{ Name: "a", Count: 1 }, { Name: "longer-name", Count: 22 }]));
    expect(table.split("\n")).toEqual(["Name         Count", "-----------  -----", "a            1", "longer-name  22"]);
  });

  test("long values go last, where they may run on; other cells are cut to their share", () => {
    expect(codeOf(bodyOf(listTopics, [{ Name: "x".repeat(300) }])).split("\n")[2]).toBe(`${"x".repeat(199)}…`);
    const events = codeOf(bodyOf(listTopics, [{ message: "m".repeat(300), timestamp: "2024-05-01T10:00:00.000Z", id: "i".repeat(100) }]));
    expect(events.split("\n")[0].split(/\s+/)).toEqual(["timestamp", "id", "message"]);
    expect(events.split("\n")[2]).toBe(`2024-05-01T10:00:00.000Z  ${"i".repeat(52)}…  ${"m".repeat(199)}…`);
  });

  test("5,000 rows: cut to fit one section, with a note saying how many more there are", () => {
    const body = bodyOf(listTopics, topics(5_000));
    const shownRows = codeOf(body).split("\n").length - 2;
    expect(shownRows).toBeGreaterThan(40);
    expect(body).toContain(`… ${(5_000 - shownRows).toLocaleString("en-US")} more rows not shown; narrow the output with --query.`);
    expect(codeOf(body).length).toBeLessThanOrEqual(CODE_BLOCK_BUDGET);

    // The adapter posts it as one section, fences intact, nothing cut by the adapter.
    const message = toSlackMessage(renderCommandResult(listTopics, topics(5_000)));
    expect(blockKitViolations(message)).toEqual([]);
    const bodySection = message.blocks.find((block): block is SectionBlock => block.type === "section" && (block.text?.text.startsWith("```") ?? false));
    expect(bodySection?.text?.text).toMatch(/^```\n[\s\S]*\n```\n_… [\d,]+ more rows/);
    expect(allTexts(message).join("\n")).not.toContain("Truncated:");
  });

  test("lists of scalars are one value per line", () => {
    expect(codeOf(bodyOf({ service: "dynamodb", operation: "list-tables", params: {} }, { TableNames: ["orders", "users"] }))).toBe("orders\nusers");
  });

  test("an empty list says so", () => {
    expect(bodyOf(listTopics, { Topics: [] })).toBe("No results: `Topics` is empty.");
  });
});

describe("the result itself is platform-neutral", () => {
  test("it carries the whole output as rows, with its header and notes; fencing and cutting are the chat adapter's", () => {
    const result = renderNeutral(listTopics, topics(5_000));
    expect(result.body).toBeUndefined();
    expect(result.output).toMatchObject({ unit: "rows", notes: [] });
    expect(result.output?.header[0]).toBe("TopicArn");
    expect(result.output?.lines).toHaveLength(5_000);
    expect(JSON.stringify(result)).not.toContain("```");
  });
});

describe("other values", () => {
  test("a small flat object becomes fields", () => {
    const result = renderCommandResult({ service: "sts", operation: "get-caller-identity", params: {} }, {
      UserId: "AROA:herald",
      Account: "123456789012",
      Arn: "arn:aws:sts::123456789012:assumed-role/HeraldOps/herald",
    });
    expect(result.fields).toEqual([
      { label: "UserId", value: "AROA:herald", code: true },
      { label: "Account", value: "123456789012", code: true },
      { label: "Arn", value: "arn:aws:sts::123456789012:assumed-role/HeraldOps/herald", code: true },
    ]);
  });

  test("nested objects are pretty JSON in a code block", () => {
    const body = bodyOf({ service: "dynamodb", operation: "describe-table", params: {} }, { Table: { TableName: "orders", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] } });
    expect(codeOf(body)).toBe(JSON.stringify({ Table: { TableName: "orders", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] } }, null, 2));
  });

  test("long JSON is cut at a line, with a note", () => {
    const big = { Table: { Attributes: Array.from({ length: 5_000 }, (_, index) => ({ index, nested: { value: `v${index}` } })) } };
    const body = bodyOf({ service: "dynamodb", operation: "describe-table", params: {} }, big);
    expect(body).toMatch(/\n```\n_… [\d,]+ more lines not shown; narrow the output with --query\._$/);
    expect(blockKitViolations(toSlackMessage(renderCommandResult(listTopics, big)))).toEqual([]);
  });

  test("no output reads as done", () => {
    expect(bodyOf({ service: "cloudwatch", operation: "set-alarm-state", params: {} }, {})).toBe("Done. AWS returned no output.");
  });

  test("dates and bytes from the SDK are shown as the CLI shows them", () => {
    expect(bodyOf(listTopics, { Table: { Created: new Date("2024-05-01T10:00:00Z"), Blob: new Uint8Array([104, 105]), Nested: { a: 1 } } })).toContain('"Created": "2024-05-01T10:00:00.000Z"');
  });

  test("a Lambda function error is the headline", () => {
    const result = renderCommandResult({ service: "lambda", operation: "invoke", params: { "function-name": "f" } }, {
      FunctionError: "Unhandled",
      StatusCode: 200,
      Payload: { errorMessage: "boom" },
    });
    expect(result.title).toBe("lambda invoke: function error (Unhandled)");
    expect(result.severity).toBe("high");
    expect(result.body?.text).toContain('"errorMessage": "boom"');
  });
});

describe("any output renders within Slack's limits", () => {
  test("arbitrary values (fast-check)", () => {
    fc.assert(
      fc.property(fc.anything({ withDate: true, withTypedArray: true, withMap: true, withSet: true, withBigInt: true, withNullPrototype: true }), (output) => {
        const message = toSlackMessage(renderCommandResult(listTopics, output));
        expect(blockKitViolations(message)).toEqual([]);
        expect(unescapedMarkup(message)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('a "__proto__" key from a JSON payload is shown as a key', () => {
    expect(bodyOf(listTopics, { Payload: JSON.parse('{"__proto__": {"polluted": true}, "b": [1, 2]}') })).toContain('"__proto__": {');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("a cyclic value is shown up to the cycle", () => {
    const node: Record<string, unknown> = { name: "a" };
    node.self = node;
    node.again = node;
    expect(bodyOf(listTopics, { Table: node })).toContain('"self": "…"');
  });
});

describe("--query", () => {
  test("is applied before choosing how to show the result", () => {
    const result = renderCommandResult({ ...listTopics, query: "Topics[].TopicArn" }, topics(2));
    expect(codeOf(result.body?.text ?? "")).toBe("arn:aws:sns:us-east-1:123456789012:topic-0\narn:aws:sns:us-east-1:123456789012:topic-1");
    expect(codeOf(bodyOf({ ...listTopics, query: "length(Topics)" }, topics(7)))).toBe("7");
  });

  test("a query that fails at run time is reported, not thrown", () => {
    const result = renderCommandResult({ ...listTopics, query: "abs(Topics)" }, topics(1));
    expect(result.title).toBe("sns list-topics: --query failed");
    expect(result.body?.text).toContain("could not be applied");
  });
});

describe("untrusted output is escaped by the adapter", () => {
  test("mentions and links in AWS output never reach Slack as markup", () => {
    const hostile = { Topics: [{ TopicArn: "<!channel> <@U123> <https://evil.example|click> & more" }], NextToken: "<!here>" };
    for (const output of [hostile, { Table: { Description: "<!channel>", Nested: { a: "<!everyone>" } } }, "<!channel>", { Message: "<!channel>" }]) {
      const message = toSlackMessage(renderCommandResult(listTopics, output));
      expect(unescapedMarkup(message)).toEqual([]);
      expect(allTexts(message).join("\n")).toContain("&lt;!");
    }
  });

  test("backticks cannot end the code block early", () => {
    expect(codeOf(bodyOf(listTopics, { Topics: [{ TopicArn: "a```b" }] }))).toContain("aˋˋˋb");
  });

  test("errors and help are escaped too", () => {
    const error = Object.assign(new Error("<!channel> denied"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } });
    expect(unescapedMarkup(toSlackMessage(renderCommandError(publish, error)))).toEqual([]);
    expect(unescapedMarkup(toSlackMessage(renderHelp("use <!channel> & `x`")))).toEqual([]);
  });

  test("every section of a result stays within Slack's limits", () => {
    expect(sectionsOf(listTopics, topics(5_000)).every((section) => (section.text?.text.length ?? 0) <= 3_000)).toBe(true);
  });
});

describe("errors", () => {
  const awsError = (name: string, message: string, requestId = "req-1") =>
    Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: 400, requestId } });

  test("AccessDenied names the action and resource the channel role or guardrails do not allow", () => {
    const result = renderCommandError(publish, awsError("AuthorizationError", "User: arn:aws:sts::123456789012:assumed-role/HeraldOps/herald is not authorized to perform: SNS:Publish on resource: arn:aws:sns:us-east-1:123456789012:alerts because no identity-based policy allows the SNS:Publish action"));
    expect(result.title).toBe("Access denied: sns publish");
    expect(result.body?.text).toBe("The channel role or its guardrails do not allow `SNS:Publish` on `arn:aws:sns:us-east-1:123456789012:alerts`.");
    expect(result.fields).toContainEqual({ label: "Error", value: "AuthorizationError", code: true });
    expect(result.context).toContain("Request ID req-1");
  });

  test("the caller's own knowledge of the target wins over parsing AWS's message", () => {
    const result = renderCommandError(publish, awsError("AccessDeniedException", "Access denied"), { iamAction: "sns:Publish", resource: "arn:aws:sns:us-east-1:123456789012:alerts" });
    expect(result.body?.text).toBe("The channel role or its guardrails do not allow `sns:Publish` on `arn:aws:sns:us-east-1:123456789012:alerts`.");
  });

  test.each([
    ["ThrottlingException", "throttling"],
    ["ResourceNotFoundException", "could not find"],
    ["ValidationException", "`sns publish --help`"],
    ["ExpiredTokenException", "expired"],
  ])("%s is explained", (name, words) => {
    const result = renderCommandError(publish, awsError(name, "AWS said so"));
    expect(result.body?.text).toContain(words);
    expect(result.fields).toContainEqual({ label: "Message", value: "AWS said so" });
  });

  test("a timeout says the command was stopped", () => {
    const abort = Object.assign(new Error("Request aborted"), { name: "AbortError" });
    expect(renderCommandError(publish, abort).title).toBe("sns publish timed out");
  });

  test("Herald's own parameter errors are shown; internal errors are not", () => {
    expect(renderCommandError(publish, Object.assign(new Error("--start-time must be a time"), { name: "ParameterValueError", expose: true })).fields).toContainEqual({ label: "Message", value: "--start-time must be a time" });
    const internal = renderCommandError(publish, new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(JSON.stringify(internal)).not.toContain("secret");
    expect(internal.body?.text).toBe("Herald could not run the command.");
  });

  test("a network failure names the error code", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(renderCommandError(publish, refused).body?.text).toBe("Herald could not reach the AWS endpoint (ECONNREFUSED).");
  });

  test("anything thrown, even a non-error, renders", () => {
    expect(renderCommandError(publish, "string").title).toBe("sns publish failed");
    expect(renderCommandError(publish, undefined).title).toBe("sns publish failed");
  });
});

describe("help", () => {
  test("is markdown written by Herald, split by the adapter when long", () => {
    const text = Array.from({ length: 400 }, (_, index) => `• \`op-${index}\` — does thing ${index}`).join("\n");
    const message = toSlackMessage(renderHelp(text, "sns help"));
    expect(blockKitViolations(message)).toEqual([]);
    expect(renderHelp("x").body).toEqual({ text: "x", markdown: true });
  });
});
