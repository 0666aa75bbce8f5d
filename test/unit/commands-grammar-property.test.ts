import fc from "fast-check";
import { AliasExpansionError, expandAlias, helpText, parseCommand, parseDecodedCommand, tokenize } from "../../lambdas/shared/commands/grammar";
import { formatWords } from "../../lambdas/shared/commands/grammar/format-words";
import { createCatalogueNames } from "../../lambdas/shared/commands/catalogue-names";
import type { CommandRequest } from "../../lambdas/shared/commands/operation-model";

/** Properties over arbitrary input: the grammar never throws, and what it prints it reads back. */

const registry = createCatalogueNames();
const KINDS = new Set<CommandRequest["kind"]>(["help", "catalogue", "alias-create", "alias-list", "alias-delete", "alias-run", "privacy", "history", "invalid"]);

/** Fragments that exercise every rule of the tokenizer and parser, mixed with arbitrary text. */
const fragment = fc.oneof(
  fc.constantFrom(
    "sns", "publish", "list-topics", "lambda", "invoke", "dynamodb", "describe-table", "cloudwatch", "describe-alarms", "logs", "sts",
    "help", "alias", "create", "delete", "list", "privacy", "opt-out", "history", "aws",
    "--topic-arn", "--message", "--payload", "--limit", "--alarm-names", "--region", "--query", "--help", "-h", "—", "–", "-", "--", "=",
    '"', "'", "“", "”", "‘", "’", "\\", "{", "}", "[", "]", "(", ")", "`", "$1", "$name", "&amp;", "&lt;", "&gt;", "<@U123>", "<http://a|a>",
    " ", "  ", "\n", "\t", "\u00a0", "{\"a\": 1}", "[1, 2]", "us-east-1", "Topics[0]", "5", "-5", "true",
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 6 }),
);
const commandText = fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join(" "));
const anyText = fc.oneof(commandText, fc.string({ unit: "binary", maxLength: 200 }), fc.string({ maxLength: 200 }));

describe("never throws", () => {
  test("parseCommand resolves to a CommandRequest for any text", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        const request = await parseCommand(text, registry);
        expect(KINDS.has(request.kind)).toBe(true);
        if (request.kind === "invalid") expect(request.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 1_500 },
    );
  });

  test("tokenize and helpText return for any input, expandAlias at most throws its own error", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }), async (text, args) => {
        tokenize(text);
        try {
          expandAlias(text, args);
        } catch (error) {
          // The one error it may throw: arguments or template that do not fit, said clearly.
          expect(error).toBeInstanceOf(AliasExpansionError);
        }
        expect(helpText(registry)).toContain("`ec2`");
      }),
      { numRuns: 500 },
    );
  });

  test("an alias expansion is always one command that reads back without error from the tokenizer", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { minLength: 2, maxLength: 2 }), (args) => {
        expect(tokenize(expandAlias("sns publish --topic-arn $1 --message $2", args)).ok).toBe(true);
      }),
    );
  });
});

describe("hostile input", () => {
  test.each([
    ["unbalanced brackets", "[".repeat(11_900)],
    ["brackets and spaces", "[ ".repeat(5_900)],
    ["brackets and backticks", "[`".repeat(5_900)],
    ["mismatched brackets", "{[(".repeat(3_900)],
    ["deep JSON", `${"[".repeat(5_000)}${"]".repeat(5_000)}`],
  ])("%s: read in well under a second", async (_name, value) => {
    const started = performance.now();
    const request = await parseCommand(`lambda invoke --function-name f --payload ${value}`, registry);
    expect(KINDS.has(request.kind)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("formatWords reads back", () => {
  const bare = (text: string) => ({ text, bare: true });
  const quoted = (text: string) => ({ text, bare: false });

  test("any quoted value and list of values survive print → parse, still quoted", async () => {
    const value = fc.string({ minLength: 0, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(value, value, fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 4 }), async (message, subject, names) => {
        const publish = [bare("sns"), bare("publish"), bare("--topic-arn"), bare("arn:aws:sns:us-east-1:123456789012:t"), bare("--message"), quoted(message), bare("--subject"), quoted(subject)];
        await expect(parseDecodedCommand(formatWords(publish), registry)).resolves.toEqual({ kind: "catalogue", words: publish });
        const alarms = [bare("cloudwatch"), bare("describe-alarms"), bare("--alarm-names"), ...names.map(quoted)];
        await expect(parseDecodedCommand(formatWords(alarms), registry)).resolves.toEqual({ kind: "catalogue", words: alarms });
      }),
      { numRuns: 500 },
    );
  });

  test("any JSON payload survives print → parse as the same text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (payload) => {
        const invoke = [bare("lambda"), bare("invoke"), bare("--function-name"), bare("f"), bare("--payload"), quoted(JSON.stringify(payload))];
        await expect(parseDecodedCommand(formatWords(invoke), registry)).resolves.toEqual({ kind: "catalogue", words: invoke });
      }),
      { numRuns: 300 },
    );
  });
});
