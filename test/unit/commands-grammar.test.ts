import {
  decodeSlackText,
  formatInvocation,
  helpText,
  parseCommand,
  parseDecodedCommand,
  suggestService,
  tokenize,
  unknownCommand,
} from "../../lambdas/shared/commands/grammar";
import type { AwsInvocation, CommandRequest, ServiceRegistry, ServiceSpec } from "../../lambdas/shared/commands/operation-model";
import { createServiceRegistry } from "../../lambdas/shared/commands/registry";

/** The grammar of `/aws …`: what people type in Slack, read into a CommandRequest. */

const registry = createServiceRegistry();
const parse = (text: string) => parseCommand(text, registry);

async function invocationOf(text: string): Promise<AwsInvocation> {
  const request = await parse(text);
  if (request.kind !== "aws") throw new Error(`expected an AWS command, got ${JSON.stringify(request)}`);
  return request.invocation;
}

async function invalidOf(text: string): Promise<Extract<CommandRequest, { kind: "invalid" }>> {
  const request = await parse(text);
  if (request.kind !== "invalid") throw new Error(`expected invalid, got ${JSON.stringify(request)}`);
  return request;
}

const words = (text: string) => {
  const result = tokenize(text);
  if (!result.ok) throw new Error(result.message);
  return result.tokens.map((token) => token.text);
};

describe("tokenizer", () => {
  test("splits on any whitespace, newlines and non-breaking spaces included", () => {
    expect(words("  sns\tlist-topics\n--next-token\u00a0abc ")).toEqual(["sns", "list-topics", "--next-token", "abc"]);
  });

  test("double quotes keep spaces, and \\\" and \\\\ are escapes inside them", () => {
    expect(words('--message "hello world" "say \\"hi\\"" "a\\\\b" "c:\\d"')).toEqual(["--message", "hello world", 'say "hi"', "a\\b", "c:\\d"]);
  });

  test("single quotes keep everything literally", () => {
    expect(words("--message 'it \"is\" \\n'")).toEqual(["--message", 'it "is" \\n']);
  });

  test("quoted parts join the word around them, as in a shell", () => {
    expect(words(`a"b c"'d e'f`)).toEqual(["ab cd ef"]);
  });

  test("Slack's smart quotes are quotes; a lone ’ is an apostrophe", () => {
    expect(words("--message “hello world” --subject ‘two words’ don’t")).toEqual(["--message", "hello world", "--subject", "two words", "don’t"]);
    expect(words("--message ‘don’t panic’ next")).toEqual(["--message", "don’t panic", "next"]);
  });

  test("JSON after an unquoted bracket is one word up to its matching bracket, spaces included", () => {
    expect(words('--payload {"a": [1, 2], "b": "x } y"} --next')).toEqual(["--payload", '{"a": [1, 2], "b": "x } y"}', "--next"]);
    expect(words("--query Items[?State == 'ALARM'].Name")).toEqual(["--query", "Items[?State == 'ALARM'].Name"]);
  });

  test("an unbalanced bracket is just a character", () => {
    expect(words("--message [WARN disk full")).toEqual(["--message", "[WARN", "disk", "full"]);
  });

  test("an unclosed quote is reported with its position", () => {
    expect(tokenize('sns publish --message "oops')).toEqual({ ok: false, message: 'The " quote at character 23 is never closed.' });
  });

  test("a word that starts with a quote is marked as a value, never an option", () => {
    const result = tokenize('--a "--b"');
    expect(result.ok && result.tokens.map((token) => token.bare)).toEqual([true, false]);
  });
});

describe("Slack text", () => {
  test("entities are decoded and auto-links give back what was typed", () => {
    expect(decodeSlackText("a &amp;&lt;b&gt; &amp;lt;")).toBe("a &<b> &lt;");
    expect(decodeSlackText("--function-name <http://my.func|my.func> --url <https://example.com>")).toBe("--function-name my.func --url https://example.com");
    expect(decodeSlackText("<mailto:ops@example.com|ops@example.com> <#C123|ops> <@U123>")).toBe("ops@example.com #ops @U123");
  });

  test("Slack-escaped values arrive as typed", async () => {
    const invocation = await invocationOf('lambda invoke --function-name f --payload {"note": "a &amp; b &lt;c&gt;"} --query "Payload.note"');
    expect(invocation.params.payload).toEqual({ note: "a & b <c>" });
    const escaped = await invocationOf("sns publish --topic-arn t --message 'a &lt;b&gt; &amp;lt; c'");
    expect(escaped.params.message).toBe("a <b> &lt; c");
  });
});

describe("AWS commands", () => {
  test("service, operation and params; params keyed by their CLI name", async () => {
    await expect(invocationOf("sns list-topics")).resolves.toEqual({ service: "sns", operation: "list-topics", params: {} });
    await expect(invocationOf("sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:alerts --message \"Deploy done\"")).resolves.toEqual({
      service: "sns",
      operation: "publish",
      params: { "topic-arn": "arn:aws:sns:us-east-1:123456789012:alerts", message: "Deploy done" },
    });
  });

  test("service and operation names are case-insensitive; a leading `aws` is ignored", async () => {
    await expect(invocationOf("aws SNS List-Topics")).resolves.toMatchObject({ service: "sns", operation: "list-topics" });
  });

  test("-param, —param and –param (phones turn -- into a dash) work like --param", async () => {
    for (const dash of ["-", "—", "–", "—-"]) {
      await expect(invocationOf(`dynamodb describe-table ${dash}table-name orders`)).resolves.toMatchObject({ params: { "table-name": "orders" } });
    }
  });

  test("--param=value, and the SDK's field name as a param name", async () => {
    await expect(invocationOf("dynamodb describe-table --table-name=orders")).resolves.toMatchObject({ params: { "table-name": "orders" } });
    await expect(invocationOf("dynamodb describe-table --TableName orders")).resolves.toMatchObject({ params: { "table-name": "orders" } });
    await expect(invocationOf('sns publish --topic-arn t --message="--not an option"')).resolves.toMatchObject({ params: { message: "--not an option" } });
  });

  test("JSON values may contain spaces and smart quotes", async () => {
    await expect(invocationOf('lambda invoke --function-name f --payload {"order": {"id": 42, "items": ["a b", "c"]}}')).resolves.toMatchObject({
      params: { payload: { order: { id: 42, items: ["a b", "c"] } } },
    });
    await expect(invocationOf("lambda invoke --function-name f --payload {“id”: “x y”}")).resolves.toMatchObject({ params: { payload: { id: "x y" } } });
    await expect(invocationOf(`lambda invoke --function-name f --payload '{"quoted": true}'`)).resolves.toMatchObject({ params: { payload: { quoted: true } } });
  });

  test("integer and string-list conversions", async () => {
    await expect(invocationOf("dynamodb list-tables --limit 5")).resolves.toMatchObject({ params: { limit: 5 } });
    await expect(invocationOf("cloudwatch describe-alarms --alarm-names api-5xx db-cpu --state-value ALARM")).resolves.toMatchObject({
      params: { "alarm-names": ["api-5xx", "db-cpu"], "state-value": "ALARM" },
    });
    await expect(invocationOf('cloudwatch describe-alarms --alarm-names ["a b", "c"]')).resolves.toMatchObject({ params: { "alarm-names": ["a b", "c"] } });
  });

  test("a value that starts with a digit after a dash is a value, not an option", async () => {
    await expect(parse("dynamodb list-tables --limit -5")).resolves.toMatchObject({ kind: "aws", invocation: { params: { limit: -5 } } });
  });

  test("--region is validated as a Region code and --query as JMESPath", async () => {
    await expect(invocationOf("sns list-topics --region eu-west-1 --query Topics[].TopicArn")).resolves.toMatchObject({
      region: "eu-west-1",
      query: "Topics[].TopicArn",
    });
    expect((await invalidOf("sns list-topics --region Ireland")).message).toContain("`--region` must be an AWS Region code");
    expect((await invalidOf("sns list-topics --query Topics[")).message).toContain("`--query` is not a valid JMESPath expression");
  });

  test("an operation's parameters are given in the order of its spec, whatever order they were typed in", async () => {
    const invocation = await invocationOf("sns publish --message hi --topic-arn t");
    expect(Object.keys(invocation.params)).toEqual(["topic-arn", "message"]);
  });
});

describe("boolean and number params (a test service)", () => {
  const testService: ServiceSpec = {
    name: "test",
    description: "A service with every param type",
    operations: [
      {
        name: "run",
        description: "Runs",
        iamAction: "test:Run",
        params: [
          { name: "dry-run", sdkName: "DryRun", type: "boolean", description: "Only check" },
          { name: "ratio", sdkName: "Ratio", type: "number", description: "A ratio" },
        ],
        resource: () => "*",
        run: async () => ({}),
      },
    ],
  };
  const testRegistry: ServiceRegistry = { serviceNames: () => ["test"], load: async (name) => (name === "test" ? testService : undefined) };
  const paramsOf = async (text: string) => {
    const request = await parseCommand(text, testRegistry);
    return request.kind === "aws" ? request.invocation.params : request;
  };

  test("a boolean is a flag, --no-<flag> turns it off, and true/false may follow it", async () => {
    await expect(paramsOf("test run --dry-run")).resolves.toEqual({ "dry-run": true });
    await expect(paramsOf("test run --no-dry-run")).resolves.toEqual({ "dry-run": false });
    await expect(paramsOf("test run --dry-run false --ratio 2")).resolves.toEqual({ "dry-run": false, ratio: 2 });
    await expect(paramsOf("test run --dry-run=maybe")).resolves.toMatchObject({ message: "`--dry-run` must be true or false, got `maybe`." });
  });

  test("numbers accept decimals and exponents, nothing else", async () => {
    await expect(paramsOf("test run --ratio 0.25")).resolves.toEqual({ ratio: 0.25 });
    await expect(paramsOf("test run --ratio 1e3")).resolves.toEqual({ ratio: 1000 });
    await expect(paramsOf("test run --ratio half")).resolves.toMatchObject({ message: "`--ratio` must be a number, got `half`." });
  });

  test("flags print back as --flag true|false, which reads back the same", async () => {
    const invocation = { service: "test", operation: "run", params: { "dry-run": false, ratio: 0.5 } };
    expect(formatInvocation(invocation)).toBe("test run --dry-run false --ratio 0.5");
    await expect(parseCommand(formatInvocation(invocation), testRegistry)).resolves.toEqual({ kind: "aws", invocation });
  });
});

describe("invalid commands say why, and suggest the closest valid form", () => {
  test("a mistyped operation", async () => {
    await expect(invalidOf("sns list-topic")).resolves.toEqual({
      kind: "invalid",
      message: "`list-topic` is not an operation of `sns`. Did you mean `sns list-topics`?",
      suggestion: "sns list-topics",
    });
    await expect(invalidOf("cloudwatch describe-alarm --state-value ALARM")).resolves.toMatchObject({ suggestion: "cloudwatch describe-alarms --state-value ALARM" });
    await expect(invalidOf("dynamodb get-item --table-name t")).resolves.toMatchObject({ message: expect.stringContaining("Operations: `list-tables`") });
  });

  test("a mistyped parameter keeps its value in the suggestion", async () => {
    await expect(invalidOf("sns publish --topic-ar t --message=hi")).resolves.toEqual({
      kind: "invalid",
      message: "`--topic-ar` is not a parameter of `sns publish`. Did you mean `--topic-arn`?",
      suggestion: "sns publish --topic-arn t --message=hi",
    });
    await expect(invalidOf("cloudwatch describe-alarms --state ALARM")).resolves.toMatchObject({ suggestion: "cloudwatch describe-alarms --state-value ALARM" });
  });

  test("missing required parameters are all listed, with the usage line", async () => {
    const invalid = await invalidOf("sns publish");
    expect(invalid.message).toContain("`sns publish` needs the parameters `--topic-arn` and `--message`.");
    expect(invalid.message).toContain("Usage: `sns publish --topic-arn <value> --message <value> [--subject <value>]");
    expect(invalid.suggestion).toMatch(/^sns publish --topic-arn <value> --message <value>/);
  });

  test("type conversion errors name the parameter and the value", async () => {
    expect((await invalidOf("dynamodb list-tables --limit ten")).message).toBe("`--limit` must be a whole number, got `ten`.");
    expect((await invalidOf("dynamodb list-tables --limit 1.5")).message).toBe("`--limit` must be a whole number, got `1.5`.");
    expect((await invalidOf("lambda invoke --function-name f --payload {oops}")).message).toMatch(/^`--payload` must be JSON \(.+\), got `\{oops\}`\.$/);
    expect((await invalidOf("cloudwatch describe-alarms --alarm-names [1, 2]")).message).toContain("JSON list of strings");
  });

  test("values in the wrong place, missing values and repeated params", async () => {
    expect((await invalidOf("dynamodb describe-table orders")).message).toMatch(/^Unexpected `orders`: values follow the parameter/);
    expect((await invalidOf("dynamodb describe-table --table-name")).message).toMatch(/^`--table-name` needs a value/);
    expect((await invalidOf("sns publish --topic-arn t --message --x")).message).toContain("write `--message=--x`");
    expect((await invalidOf("dynamodb describe-table --table-name a --table-name b")).message).toBe("`--table-name` is given twice.");
  });

  test("an unknown first word may be an alias; the caller gets the service suggestion when it is not", async () => {
    await expect(parse("snss list-topics")).resolves.toEqual({ kind: "alias-run", name: "snss", args: ["list-topics"] });
    expect(suggestService("snss", registry)).toBe("sns");
    expect(suggestService("lamda", registry)).toBe("lambda");
    expect(suggestService("dynamo", registry)).toBe("dynamodb");
    expect(suggestService("hepl", registry)).toBe("help");
    expect(suggestService("kubernetes", registry)).toBeUndefined();
    expect(unknownCommand("snss", registry)).toEqual({ kind: "invalid", message: "`snss` is not a service, command or alias. Did you mean `sns`?", suggestion: "sns" });
  });

  test("a first word that cannot be an alias name is invalid at once", async () => {
    const invalid = await invalidOf("s3:ls bucket");
    expect(invalid.message).toContain("`s3:ls` is not a service, command or alias.");
    expect(invalid.message).toContain("Services: `sns`, `dynamodb`");
  });

  test("echoed words cannot break out of their code span", async () => {
    expect((await invalidOf("sns publish --top`ic t")).message).toContain("`--topˋic`");
  });

  test("commands too long to be typed are refused without being read", async () => {
    expect((await invalidOf(`sns publish --topic-arn t --message ${"x".repeat(20_000)}`)).message).toContain("Herald reads at most 12,000");
  });
});

describe("help", () => {
  test.each([
    ["", { kind: "help" }],
    ["help", { kind: "help" }],
    ["--help", { kind: "help" }],
    ["HELP sns", { kind: "help", service: "sns" }],
    ["help sns publish", { kind: "help", service: "sns", operation: "publish" }],
    ["sns", { kind: "help", service: "sns" }],
    ["sns help", { kind: "help", service: "sns" }],
    ["sns --help", { kind: "help", service: "sns" }],
    ["sns -h", { kind: "help", service: "sns" }],
    ["sns publish --help", { kind: "help", service: "sns", operation: "publish" }],
    ["sns publish help", { kind: "help", service: "sns", operation: "publish" }],
    ["sns publish --topic-arn t —help", { kind: "help", service: "sns", operation: "publish" }],
  ])("%j", async (text, expected) => {
    await expect(parse(text)).resolves.toEqual(expected);
  });

  test("help for something unknown suggests what exists", async () => {
    await expect(invalidOf("help snss")).resolves.toMatchObject({ suggestion: "help sns" });
    await expect(invalidOf("help sns publsh")).resolves.toMatchObject({ suggestion: "help sns publish" });
  });

  test("the overview lists every service without loading any", async () => {
    const load = jest.fn(registry.load);
    const text = await helpText({ serviceNames: registry.serviceNames, load });
    for (const name of ["sns", "dynamodb", "cloudwatch", "logs", "lambda", "sts"]) expect(text).toContain(`\`${name}\``);
    expect(text).toContain("alias create");
    expect(load).not.toHaveBeenCalled();
  });

  test("a service's help lists its operations; an operation's help its usage, IAM action and parameters", async () => {
    const serviceHelp = await helpText(registry, "dynamodb");
    expect(serviceHelp).toContain("• `describe-table` —");
    expect(serviceHelp).not.toContain("get-item");
    const operationHelp = await helpText(registry, "lambda", "invoke");
    expect(operationHelp).toContain("*Usage:* `/aws lambda invoke --function-name <value> [--payload <json>]");
    expect(operationHelp).toContain("*Needs:* `lambda:InvokeFunction`");
    expect(operationHelp).toContain("• `--payload` (json) —");
  });
});

describe("keywords", () => {
  test.each([
    ["privacy", { kind: "privacy", action: "status" }],
    ["privacy status", { kind: "privacy", action: "status" }],
    ["privacy opt-out", { kind: "privacy", action: "opt-out" }],
    ["Privacy OPT-IN", { kind: "privacy", action: "opt-in" }],
    ["history", { kind: "history" }],
  ])("%j", async (text, expected) => {
    await expect(parse(text)).resolves.toEqual(expected);
  });

  test("a mistyped privacy action gets a suggestion", async () => {
    await expect(invalidOf("privacy optout")).resolves.toMatchObject({ suggestion: "privacy opt-out" });
  });
});

describe("formatInvocation", () => {
  test("prints the command in CLI form, quoting what needs it", () => {
    expect(
      formatInvocation({
        service: "lambda",
        operation: "invoke",
        params: { "function-name": "f", payload: { a: "b c" } },
        region: "eu-west-1",
        query: "Payload.a",
      }),
    ).toBe('lambda invoke --function-name f --payload "{\\"a\\":\\"b c\\"}" --region eu-west-1 --query Payload.a');
    expect(formatInvocation({ service: "sns", operation: "publish", params: { "topic-arn": "t", message: "-1 it's \"odd\"" } })).toBe(
      'sns publish --topic-arn t --message "-1 it\'s \\"odd\\""',
    );
  });

  test.each([
    "sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:t --message 'multi\nline \"quoted\" {json} [x' --subject s",
    "cloudwatch describe-alarms --alarm-names 'a b' c --max-records 10 --query MetricAlarms[].AlarmName --region us-west-2",
    'lambda invoke --function-name f --payload {"nested": {"list": [1, "two", null]}}',
  ])("parsing its output gives back the same invocation: %j", async (text) => {
    const invocation = await invocationOf(text);
    await expect(parseDecodedCommand(formatInvocation(invocation), registry)).resolves.toEqual({ kind: "aws", invocation });
  });
});
