import { AliasExpansionError, aliasVariables, expandAlias, parseCommand, parseDecodedCommand } from "../../lambdas/shared/commands/grammar";
import { createCatalogueNames } from "../../lambdas/shared/commands/catalogue-names";

/** Aliases: `alias create|list|delete`, running one by name, and expanding its $variables. */

const registry = createCatalogueNames();
const parse = (text: string) => parseCommand(text, registry);

describe("alias commands", () => {
  test("create keeps the command as typed, quotes included, for expansion when it runs", async () => {
    await expect(parse(`alias create invoke-it lambda invoke --function-name $1 --payload {"id": "$2"}`)).resolves.toEqual({
      kind: "alias-create",
      name: "invoke-it",
      template: `lambda invoke --function-name $1 --payload {"id": "$2"}`,
    });
    await expect(parse(`alias create alarms cloudwatch describe-alarms --state-value "$state"`)).resolves.toEqual({
      kind: "alias-create",
      name: "alarms",
      template: `cloudwatch describe-alarms --state-value "$state"`,
    });
  });

  test("list and delete", async () => {
    await expect(parse("alias list")).resolves.toEqual({ kind: "alias-list" });
    await expect(parse("alias delete invoke-it")).resolves.toEqual({ kind: "alias-delete", name: "invoke-it" });
  });

  test("running an alias by name passes its arguments as typed words", async () => {
    await expect(parse(`invoke-it my-function "two words" {"a": 1}`)).resolves.toEqual({
      kind: "alias-run",
      name: "invoke-it",
      args: ["my-function", "two words", `{"a": 1}`],
    });
  });

  test("names follow AWS Chatbot's limits and cannot shadow a service or keyword", async () => {
    await expect(parse(`alias create ${"a".repeat(100)} sts get-caller-identity`)).resolves.toMatchObject({ kind: "alias-create" });
    await expect(parse(`alias create ${"a".repeat(101)} sts get-caller-identity`)).resolves.toMatchObject({ kind: "invalid", message: expect.stringContaining("1–100 letters") });
    await expect(parse("alias create my.alias sts get-caller-identity")).resolves.toMatchObject({ kind: "invalid" });
    await expect(parse("alias create sns sts get-caller-identity")).resolves.toMatchObject({ kind: "invalid", message: "`sns` is a Herald command; choose another alias name." });
    await expect(parse("alias create help sts get-caller-identity")).resolves.toMatchObject({ kind: "invalid" });
  });

  test("the command is at most 5,000 characters and must be an AWS command", async () => {
    const long = `sns publish --topic-arn t --message ${"x".repeat(5_000)}`;
    await expect(parse(`alias create big ${long}`)).resolves.toMatchObject({ kind: "invalid", message: expect.stringContaining("at most 5,000 characters") });
    await expect(parse("alias create a privacy opt-out")).resolves.toMatchObject({ kind: "invalid", message: expect.stringContaining("`privacy` is not a service") });
    await expect(parse("alias create ec2 sts get-caller-identity")).resolves.toMatchObject({ kind: "invalid", message: "`ec2` is a Herald command; choose another alias name." });
    await expect(parse("alias create a iam list-users")).resolves.toMatchObject({ kind: "alias-create" });
    await expect(parse("alias create a sns publish --message 'unclosed")).resolves.toMatchObject({ kind: "invalid", message: expect.stringContaining("never closed") });
    await expect(parse("alias create a")).resolves.toMatchObject({ kind: "invalid", message: expect.stringContaining("What should `a` run?") });
  });

  test("mistyped alias commands", async () => {
    await expect(parse("alias")).resolves.toMatchObject({ kind: "invalid", suggestion: "alias list" });
    await expect(parse("alias lst")).resolves.toMatchObject({ kind: "invalid", suggestion: "alias list" });
    await expect(parse("alias delete")).resolves.toMatchObject({ kind: "invalid", message: "Which alias? Give its name." });
  });
});

describe("expandAlias", () => {
  test("$1, $2 … take the arguments in order", () => {
    expect(expandAlias("lambda invoke --function-name $1 --qualifier $2", ["orders", "live"])).toBe("lambda invoke --function-name orders --qualifier live");
  });

  test("named variables take the arguments after the numbered ones, in order of first appearance", () => {
    expect(aliasVariables("sns publish --topic-arn $topic --message $1 --subject $topic-$subject")).toEqual(["$1", "$topic", "$subject"]);
    expect(expandAlias("sns publish --topic-arn $topic --message $1 --subject $topic-$subject", ["hello", "t", "s"])).toBe(
      "sns publish --topic-arn t --message hello --subject t-s",
    );
  });

  test("each argument is exactly one value: it cannot add options or words", async () => {
    const expanded = expandAlias("sns publish --topic-arn t --message $1", ["hi --region eu-west-1"]);
    expect(expanded).toBe('sns publish --topic-arn t --message "hi --region eu-west-1"');
    const request = await parseDecodedCommand(expanded, registry);
    expect(request).toEqual({
      kind: "catalogue",
      words: [
        { text: "sns", bare: true },
        { text: "publish", bare: true },
        { text: "--topic-arn", bare: true },
        { text: "t", bare: true },
        { text: "--message", bare: true },
        { text: "hi --region eu-west-1", bare: false },
      ],
    });
    expect(expandAlias("sns publish --topic-arn t --message $1", ["--region"])).toBe('sns publish --topic-arn t --message "--region"');
  });

  test("variables inside quotes and JSON are filled in too", async () => {
    const expanded = expandAlias(`lambda invoke --function-name "$1" --payload {"id": "$2", "note": "$1"}`, ["orders", "42"]);
    const request = await parseDecodedCommand(expanded, registry);
    expect(request.kind === "catalogue" && request.words.map((word) => word.text)).toEqual(["lambda", "invoke", "--function-name", "orders", "--payload", '{"id": "42", "note": "orders"}']);
  });

  test("--name=$1 keeps the option and fills its value", () => {
    expect(expandAlias("dynamodb describe-table --table-name=$1", ["a b"])).toBe('dynamodb describe-table --table-name="a b"');
  });

  test("missing and extra arguments are reported clearly, as an error that may be shown", () => {
    expect(() => expandAlias("lambda invoke --function-name $1 --qualifier $alias", ["f"])).toThrow(
      new AliasExpansionError("This alias takes 2 arguments ($1 $alias); missing $alias."),
    );
    expect(() => expandAlias("sts get-caller-identity", ["extra"])).toThrow("This alias takes no arguments; 1 was given.");
    expect(() => expandAlias("sns publish --topic-arn t --message $0", ["x"])).toThrow(/\$0/);
    const thrown = (() => {
      try {
        expandAlias("sns publish --message $1", []);
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(AliasExpansionError);
    expect(thrown).toMatchObject({ expose: true, message: "This alias takes 1 argument ($1); missing $1." });
  });

  test("a stored template that cannot be tokenized is reported the same way", () => {
    expect(() => expandAlias(`sns publish --message "oops`, [])).toThrow(AliasExpansionError);
  });
});
