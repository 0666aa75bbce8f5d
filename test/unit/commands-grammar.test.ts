import {
  decodeSlackText,
  helpText,
  parseCommand,
  parseDecodedCommand,
  suggestService,
  tokenize,
  unknownCommand,
} from "../../lambdas/shared/commands/grammar";
import { Catalogue, CatalogueError, resolveCommand, type ResolvedCommand } from "../../lambdas/shared/commands/catalogue";
import { createCatalogueNames } from "../../lambdas/shared/commands/catalogue-names";
import { formatWords } from "../../lambdas/shared/commands/grammar/format-words";
import type { CommandRequest } from "../../lambdas/shared/commands/operation-model";

/**
 * The grammar of `/aws …`: what people type in Slack, read into a CommandRequest. An AWS command's
 * words go to the catalogue as typed; what they mean (the SDK input) is the catalogue's, so these
 * tests read them through resolveCommand, as the worker does.
 */

const registry = createCatalogueNames();
const catalogue = new Catalogue();
const parse = (text: string) => parseCommand(text, registry);

async function commandOf(text: string): Promise<ResolvedCommand> {
  const request = await parse(text);
  if (request.kind !== "catalogue") throw new Error(`expected an AWS command, got ${JSON.stringify(request)}`);
  const resolution = await resolveCommand(catalogue, request.words);
  if (resolution.kind !== "command") throw new Error(`expected a command, got ${resolution.kind}`);
  return resolution;
}

const inputOf = async (text: string) => (await commandOf(text)).input;

/** Why the catalogue refuses `text` (its CatalogueError's message). */
async function refusalOf(text: string): Promise<string> {
  const request = await parse(text);
  if (request.kind !== "catalogue") throw new Error(`expected an AWS command, got ${JSON.stringify(request)}`);
  const refused = await resolveCommand(catalogue, request.words).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(refused instanceof CatalogueError)) throw new Error(`expected a CatalogueError for ${text}`);
  return refused.message;
}

const text = (bytes: unknown) => Buffer.from(bytes as Uint8Array).toString("utf8");

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
    const invoke = await commandOf('lambda invoke --function-name f --payload {"note": "a &amp; b &lt;c&gt;"} --query "Payload.note"');
    expect(JSON.parse(text(invoke.input.Payload))).toEqual({ note: "a & b <c>" });
    expect(invoke.globals.query).toBe("Payload.note");
    await expect(inputOf("sns publish --topic-arn t --message 'a &lt;b&gt; &amp;lt; c'")).resolves.toMatchObject({ Message: "a <b> &lt; c" });
  });
});

describe("AWS commands", () => {
  test("every catalogue service goes to the catalogue as typed, words and quoting kept", async () => {
    await expect(parse('ec2 describe-instances --filters Name=instance-state-name,Values=running "--quoted"')).resolves.toEqual({
      kind: "catalogue",
      words: [
        { text: "ec2", bare: true },
        { text: "describe-instances", bare: true },
        { text: "--filters", bare: true },
        { text: "Name=instance-state-name,Values=running", bare: true },
        { text: "--quoted", bare: false },
      ],
    });
    for (const command of ["ecs list-services --cluster prod", "cloudformation describe-stacks", "rds describe-db-instances", "support create-case", "s3api list-buckets", "s3 list-buckets", "elbv2 describe-load-balancers", "stepfunctions list-state-machines"]) {
      await expect(parse(command)).resolves.toMatchObject({ kind: "catalogue" });
    }
  });

  test("always-blocked services are the catalogue's to answer, never unknown", async () => {
    for (const command of ["iam list-users", "kms list-keys", "secretsmanager list-secrets", "cognito-idp list-user-pools", "sso-admin list-instances", "chatbot describe-slack-channel-configurations"]) {
      await expect(parse(command)).resolves.toMatchObject({ kind: "catalogue" });
      const request = await parse(command);
      if (request.kind !== "catalogue") throw new Error("not a catalogue command");
      await expect(resolveCommand(catalogue, request.words)).resolves.toMatchObject({ kind: "blocked", reason: expect.stringContaining("always blocked in Herald, whatever the channel's role") });
    }
  });

  test("service, operation and the SDK input, keyed by the model's member names", async () => {
    await expect(commandOf("sns list-topics")).resolves.toMatchObject({ service: { cli: "sns" }, operation: { name: "ListTopics" }, input: {} });
    await expect(inputOf('sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:alerts --message "Deploy done"')).resolves.toEqual({
      TopicArn: "arn:aws:sns:us-east-1:123456789012:alerts",
      Message: "Deploy done",
    });
  });

  test("service and operation names are case-insensitive; a leading `aws` is ignored", async () => {
    await expect(commandOf("aws SNS List-Topics")).resolves.toMatchObject({ service: { cli: "sns" }, operation: { name: "ListTopics" } });
  });

  test("-param, —param and –param (phones turn -- into a dash) work like --param", async () => {
    for (const dash of ["-", "—", "–", "—-"]) {
      await expect(inputOf(`dynamodb describe-table ${dash}table-name orders`)).resolves.toEqual({ TableName: "orders" });
    }
  });

  test("--param=value, and the SDK's field name as a param name", async () => {
    await expect(inputOf("dynamodb describe-table --table-name=orders")).resolves.toEqual({ TableName: "orders" });
    await expect(inputOf("dynamodb describe-table --TableName orders")).resolves.toEqual({ TableName: "orders" });
    await expect(inputOf('sns publish --topic-arn t --message="--not an option"')).resolves.toMatchObject({ Message: "--not an option" });
  });

  test("JSON values may contain spaces and smart quotes", async () => {
    expect(JSON.parse(text((await inputOf('lambda invoke --function-name f --payload {"order": {"id": 42, "items": ["a b", "c"]}}')).Payload))).toEqual({ order: { id: 42, items: ["a b", "c"] } });
    expect(JSON.parse(text((await inputOf("lambda invoke --function-name f --payload {“id”: “x y”}")).Payload))).toEqual({ id: "x y" });
    expect(JSON.parse(text((await inputOf(`lambda invoke --function-name f --payload '{"quoted": true}'`)).Payload))).toEqual({ quoted: true });
  });

  test("integer and list conversions", async () => {
    await expect(inputOf("dynamodb list-tables --limit 5")).resolves.toEqual({ Limit: 5 });
    await expect(inputOf("cloudwatch describe-alarms --alarm-names api-5xx db-cpu --state-value ALARM")).resolves.toEqual({ AlarmNames: ["api-5xx", "db-cpu"], StateValue: "ALARM" });
    await expect(inputOf('cloudwatch describe-alarms --alarm-names ["a b", "c"]')).resolves.toEqual({ AlarmNames: ["a b", "c"] });
  });

  test("a value that starts with a digit after a dash is a value, not an option", async () => {
    await expect(inputOf("dynamodb list-tables --limit -5")).resolves.toEqual({ Limit: -5 });
  });

  test("booleans are flags, --no-<flag> turns them off", async () => {
    await expect(inputOf("ec2 describe-instances --dry-run")).resolves.toEqual({ DryRun: true });
    await expect(inputOf("ec2 describe-instances --no-dry-run")).resolves.toEqual({ DryRun: false });
  });

  test("--region is validated as a Region code; --query is kept for the bounded query module", async () => {
    await expect(commandOf("sns list-topics --region eu-west-1 --query Topics[].TopicArn")).resolves.toMatchObject({ globals: { region: "eu-west-1", query: "Topics[].TopicArn" } });
    await expect(refusalOf("sns list-topics --region Ireland")).resolves.toContain("--region: expected a Region name");
  });
});

describe("invalid commands say why, and suggest the closest valid form", () => {
  test("a mistyped operation", async () => {
    await expect(refusalOf("sns list-topic")).resolves.toContain("Did you mean list-topics?");
    await expect(refusalOf("cloudwatch describe-alarm --state-value ALARM")).resolves.toContain("describe-alarms");
  });

  test("a mistyped parameter gets the closest ones", async () => {
    await expect(refusalOf("sns publish --topic-ar t --message=hi")).resolves.toContain("did you mean --topic-arn?");
  });

  test("missing required parameters are all named", async () => {
    await expect(commandOf("sns publish")).resolves.toMatchObject({ missing: [{ cliName: "message" }] });
    await expect(commandOf("ssm start-automation-execution")).resolves.toMatchObject({ missing: [{ cliName: "document-name" }] });
  });

  test("type conversion errors name the parameter", async () => {
    await expect(refusalOf("dynamodb list-tables --limit ten")).resolves.toBe("--limit: expected a number.");
    await expect(refusalOf("ec2 describe-instances --dry-run maybe")).resolves.toContain("--dry-run");
  });

  test("values in the wrong place, missing values and repeated params", async () => {
    await expect(refusalOf("dynamodb describe-table orders")).resolves.toContain("expected an option (--name value) before any value");
    await expect(refusalOf("dynamodb describe-table --table-name")).resolves.toContain("--table-name: expected a value");
    await expect(refusalOf("dynamodb describe-table --table-name a --table-name b")).resolves.toBe("--table-name: expected to be given once.");
  });

  test("an unknown first word may be an alias; the caller gets the service suggestion when it is not", async () => {
    await expect(parse("snss list-topics")).resolves.toEqual({ kind: "alias-run", name: "snss", args: ["list-topics"] });
    expect(suggestService("snss", registry)).toBe("sns");
    expect(suggestService("lamda", registry)).toBe("lambda");
    expect(suggestService("dynamo", registry)).toBe("dynamodb");
    expect(suggestService("cloudformaton", registry)).toBe("cloudformation");
    expect(suggestService("hepl", registry)).toBe("help");
    expect(suggestService("kubernetes", registry)).toBeUndefined();
    expect(unknownCommand("snss", registry)).toEqual({ kind: "invalid", message: "`snss` is not a service, command or alias. Did you mean `sns`?", suggestion: "sns" });
  });

  test("a first word that cannot be an alias name is invalid at once, with the catalogue's services", async () => {
    const invalid = await invalidOf("s3:ls bucket");
    expect(invalid.message).toContain("`s3:ls` is not a service, command or alias.");
    expect(invalid.message).toContain("`ec2`");
    expect(invalid.message).toContain("`support`");
  });

  test("commands too long to be typed are refused without being read", async () => {
    expect((await invalidOf(`sns publish --topic-arn t --message ${"x".repeat(20_000)}`)).message).toContain("Herald reads at most 12,000");
  });
});

describe("help", () => {
  const help = (...words: string[]) => ({ kind: "catalogue", words: words.map((word) => ({ text: word, bare: true })) });
  test.each([
    ["", { kind: "help" }],
    ["help", { kind: "help" }],
    ["--help", { kind: "help" }],
    ["HELP sns", help("sns", "help")],
    ["help sns publish", help("sns", "publish", "--help")],
    ["sns", help("sns")],
    ["sns help", help("sns", "help")],
    ["sns publish --help", help("sns", "publish", "--help")],
  ])("%j", async (typed, expected) => {
    await expect(parse(typed)).resolves.toEqual(expected);
  });

  test.each([
    ["sns", "service-help"],
    ["sns help", "service-help"],
    ["sns --help", "service-help"],
    ["HELP sns", "service-help"],
    ["sns publish --help", "operation-help"],
    ["sns publish help", "operation-help"],
    ["help sns publish", "operation-help"],
    ["sns publish --topic-arn t --help", "operation-help"],
  ])("%j is the catalogue's %s", async (typed, kind) => {
    const request = await parse(typed);
    if (request.kind !== "catalogue") throw new Error("not a catalogue command");
    await expect(resolveCommand(catalogue, request.words)).resolves.toMatchObject({ kind });
  });

  test("help for something unknown suggests what exists", async () => {
    await expect(invalidOf("help snss")).resolves.toMatchObject({ suggestion: "help sns" });
    await expect(refusalOf("help sns publsh")).resolves.toContain("Did you mean publish?");
  });

  test("the overview lists every catalogue service by its CLI name, without loading any client", () => {
    const overview = helpText(registry);
    for (const name of ["ec2", "ecs", "s3api", "elbv2", "cloudformation", "ssm", "support", "sns", "dynamodb", "cloudwatch", "logs", "lambda", "sts"]) expect(overview).toContain(`\`${name}\``);
    expect(overview).toContain("alias create");
    expect(overview).toContain("--output json|table|text");
  });
});

describe("keywords", () => {
  test.each([
    ["privacy", { kind: "privacy", action: "status" }],
    ["privacy status", { kind: "privacy", action: "status" }],
    ["privacy opt-out", { kind: "privacy", action: "opt-out" }],
    ["Privacy OPT-IN", { kind: "privacy", action: "opt-in" }],
    ["history", { kind: "history" }],
  ])("%j", async (typed, expected) => {
    await expect(parse(typed)).resolves.toEqual(expected);
  });

  test("a mistyped privacy action gets a suggestion", async () => {
    await expect(invalidOf("privacy optout")).resolves.toMatchObject({ suggestion: "privacy opt-out" });
  });
});

describe("formatWords", () => {
  test.each([
    "sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:t --message 'multi\nline \"quoted\" {json} [x' --subject s",
    "cloudwatch describe-alarms --alarm-names 'a b' c --max-records 10 --query MetricAlarms[].AlarmName --region us-west-2",
    'lambda invoke --function-name f --payload {"nested": {"list": [1, "two", null]}}',
    "ec2 describe-instances --filters Name=tag:env,Values=prod,stage Name=instance-state-name,Values=running --output table",
    'sns publish --topic-arn t --message "-1 it\'s \\"odd\\""',
  ])("parsing its output gives back the same words, options still options: %j", async (typed) => {
    // A value may come back quoted (bare: false): to the catalogue a quoted word is a value, which it was.
    const meaning = (request: CommandRequest) => (request.kind === "catalogue" ? request.words.map((word) => ({ text: word.text, option: word.bare && /^[-—–]/.test(word.text) })) : request);
    const request = await parse(typed);
    expect(request.kind).toBe("catalogue");
    expect(meaning(await parseDecodedCommand(formatWords((request as Extract<CommandRequest, { kind: "catalogue" }>).words), registry))).toEqual(meaning(request));
  });
});
