import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Template } from "aws-cdk-lib/assertions";
import { createSecretReader } from "../../lambdas/shared/aws/secrets";
import { findCredential } from "../../lambdas/shared/security/credential-screen";
import { synthTemplates } from "../cdk/synth";
import { assertNoSecretLogged } from "../helpers/capture-logs";
import { BOT_TOKEN, knownSecretsIn, SIGNING_SECRET } from "../helpers/test-secrets";
import { configRefusal, exampleConfigWith, HARDENED_ACCOUNT, writeVariantConfig } from "./variant-config";

/**
 * The Slack bot token and signing secret live only in Secrets Manager: the config names them, the
 * functions read them at run time (cached), and neither they nor anything shaped like a credential
 * appears in a template or a function's environment. (Bundles: test/cdk/bundling.test.ts; logs:
 * every test that captures logs fails if a secret shows up in them, test/helpers/capture-logs.ts.)
 */

let templates: Array<[string, Template]>;

beforeAll(() => {
  templates = [
    ...[...synthTemplates()].map(([region, t]) => [`example ${region}`, t] as [string, Template]),
    ...[...synthTemplates({ configPath: writeVariantConfig(HARDENED_ACCOUNT) })].map(([region, t]) => [`hardened ${region}`, t] as [string, Template]),
  ];
}, 120_000);

/** Every string in a template, with where it is. */
function stringsOf(value: unknown, where = ""): Array<[string, string]> {
  if (typeof value === "string") return [[where, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsOf(item, `${where}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => stringsOf(item, where ? `${where}.${key}` : key));
  return [];
}

/** Logical ids (random-looking, 40 characters) are names, not credentials: only other strings are checked for shapes. */
const findingsIn = (template: { [key: string]: unknown }) => {
  const logicalIds = new Set(Object.keys(template.Resources as object));
  return stringsOf(template).flatMap(([where, text]) => [
    ...knownSecretsIn(text).map((name) => `${where}: ${name}`),
    ...[logicalIds.has(text) ? undefined : findCredential(text)].filter((found) => found !== undefined).map((found) => `${where}: ${found!.what}`),
  ]);
};

describe("templates", () => {
  it("hold no secret and nothing shaped like a credential, in any Region's stack", () => {
    for (const [name, template] of templates) expect({ stack: name, findings: findingsIn(template.toJSON()) }).toEqual({ stack: name, findings: [] });
  });

  it("the scan finds a token planted in a template", () => {
    const planted = structuredClone(templates[0][1].toJSON());
    planted.Outputs.Leak = { Value: `xoxb-${"4".repeat(12)}-${"a".repeat(24)}` };
    expect(findingsIn(planted)).toEqual(["Outputs.Leak.Value: a Slack token"]);
  });

  it("functions get the secrets' names and Region, never a value: no variable holds a credential", () => {
    for (const [name, template] of templates) {
      for (const [id, fn] of Object.entries(template.findResources("AWS::Lambda::Function"))) {
        const variables: Record<string, unknown> = fn.Properties.Environment?.Variables ?? {};
        const suspicious = Object.entries(variables).filter(([variable, value]) =>
          (/TOKEN|SECRET|PASSWORD|PRIVATE/.test(variable) && !/_(NAMES|REGION)$/.test(variable) && variable !== "SECRETS_REGION")
          || (typeof value === "string" && findCredential(value, { includeAmbiguous: true }) !== undefined));
        expect({ fn: `${name} ${id}`, suspicious }).toEqual({ fn: `${name} ${id}`, suspicious: [] });
      }
    }
  });
});

describe("the config", () => {
  it.each([
    ["the bot token", "botTokenSecretName", `xoxb-${"1".repeat(12)}-${"b".repeat(24)}`],
    ["a hex signing secret", "signingSecretName", "8f742231b10e8888abcd99yyyzzz85a5".replace(/[yz]/g, "0")],
  ])("refuses %s in place of a secret's name, naming the field and not repeating the value", (_what, field, value) => {
    const config = exampleConfigWith({});
    (config.workspaces as Array<Record<string, string>>)[0][field] = value;
    const { message } = configRefusal(config);
    expect(message).toContain(`workspaces[0].${field}`);
    expect(message).not.toContain(value);
  });
});

describe("reading secrets at run time", () => {
  function fakeSecretsManager(values: Record<string, string>) {
    const calls: string[] = [];
    const client = {
      send: async (command: GetSecretValueCommand) => {
        const id = String(command.input.SecretId);
        calls.push(id);
        if (!(id in values)) throw Object.assign(new Error(`not found: ${id}`), { name: "ResourceNotFoundException" });
        return { SecretString: values[id] };
      },
    } as unknown as SecretsManagerClient;
    return { client, calls };
  }

  it("reads a secret once and reuses it until the cache expires (5 minutes), so a rotated token is picked up", async () => {
    let now = 0;
    const { client, calls } = fakeSecretsManager({ "herald/bot-token": BOT_TOKEN });
    const read = createSecretReader({ client, now: () => now });

    expect(await read("herald/bot-token")).toBe(BOT_TOKEN);
    now += 4 * 60_000;
    expect(await read("herald/bot-token")).toBe(BOT_TOKEN);
    expect(calls).toHaveLength(1);
    now += 2 * 60_000;
    await read("herald/bot-token");
    expect(calls).toHaveLength(2);
  });

  it("an error names the secret and never carries a value", async () => {
    const { client } = fakeSecretsManager({ "herald/signing-secret": SIGNING_SECRET });
    const read = createSecretReader({ client });

    await read("herald/signing-secret");
    const error = await read("herald/missing").catch((caught: Error) => caught);

    expect((error as Error).message).toBe("Cannot read secret herald/missing: ResourceNotFoundException");
    expect(knownSecretsIn(JSON.stringify(error) + String(error))).toEqual([]);
  });
});

describe("logs", () => {
  it("a test whose captured logs contain a secret the tests use fails, naming the secret but not its value", () => {
    expect(() => assertNoSecretLogged(['{"level":"INFO","message":"ok"}\n'])).not.toThrow();
    expect(() => assertNoSecretLogged([`{"level":"ERROR","token":"${BOT_TOKEN}"}\n`])).toThrow("A secret was logged during this test: the bot token");
    expect(() => assertNoSecretLogged([`signed with ${SIGNING_SECRET}`])).toThrow(/the signing secret$/);
  });
});
