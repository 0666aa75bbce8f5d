import { ShorthandSyntaxError } from "../../lambdas/shared/commands/catalogue/errors";
import { looksLikeShorthand, parseShorthand } from "../../lambdas/shared/commands/catalogue/shorthand";

/** Examples in the shape the AWS CLI reference's "shorthand syntax" page documents them. */
describe("parseShorthand reads the AWS CLI's shorthand syntax", () => {
  it.each([
    ["key1=value1,key2=value2,key3=value3", { key1: "value1", key2: "value2", key3: "value3" }],
    ["Key=env,Value=prod", { Key: "env", Value: "prod" }],
    ["Name=tag:env,Values=prod,stage", { Name: "tag:env", Values: ["prod", "stage"] }],
    ["Values=prod,stage,Name=tag:env", { Values: ["prod", "stage"], Name: "tag:env" }],
    ["foo=a,b,c=d,e=f", { foo: ["a", "b"], c: "d", e: "f" }],
    ["key=[value1,value2]", { key: ["value1", "value2"] }],
    ["key=[]", { key: [] }],
    ["a={b=c}", { a: { b: "c" } }],
    ["LoggingEnabled={TargetBucket=logs,TargetPrefix=p/,TargetGrants=[{Permission=READ}]}", { LoggingEnabled: { TargetBucket: "logs", TargetPrefix: "p/", TargetGrants: [{ Permission: "READ" }] } }],
    ["a={b=[1,2],c={d=e}},f=g", { a: { b: ["1", "2"], c: { d: "e" } }, f: "g" }],
    ["key='value,with,commas'", { key: "value,with,commas" }],
    ['key="double \\" quote"', { key: 'double " quote' }],
    ["key=value\\,with\\,escaped", { key: "value,with,escaped" }],
    ["key=a=b", { key: "a=b" }],
    ["Name=my server,Values=web 1", { Name: "my server", Values: "web 1" }],
    ["key=", { key: "" }],
    ["key1 = value1 , key2 = value2", { key1: "value1", key2: "value2" }],
    ["InstanceId=i-0123456789abcdef0", { InstanceId: "i-0123456789abcdef0" }],
    ["arn:aws:key/path.with#chars=v", { "arn:aws:key/path.with#chars": "v" }],
  ])("%s", (text, expected) => {
    expect(parseShorthand(text)).toEqual(expected);
  });

  it.each([
    ["a=b,a=c", /already set/],
    ["a=b,", /value after the last/],
    ["=x", /a key/],
    ["a=[1,2", /before the end/],
    ["a={b=c", /before the end/],
    ["a='open", /closing '/],
    ["a@=file://x", /not supported/],
  ])("rejects %s, saying where and what it expected", (text, message) => {
    expect(() => parseShorthand(text)).toThrow(ShorthandSyntaxError);
    expect(() => parseShorthand(text)).toThrow(message);
  });

  it("tells shorthand from a plain value", () => {
    expect(looksLikeShorthand("Key=k,Value=v")).toBe(true);
    expect(looksLikeShorthand("i-123")).toBe(false);
    expect(looksLikeShorthand('{"a": 1}')).toBe(false);
  });
});
