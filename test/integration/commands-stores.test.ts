import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { ALIAS_LIMITS, createAliases } from "../../lambdas/shared/store/aliases";
import { AliasError, CredentialInInputError } from "../../lambdas/shared/store/command-store-errors";
import { createConfirmations } from "../../lambdas/shared/store/confirmations";
import { storeContext } from "../../lambdas/shared/store";
import { createChannelConfigs } from "../../lambdas/shared/store/channel-configs";
import { keys } from "../../lambdas/shared/store/keys";
import { startTable } from "../helpers/dynamo-table";

/** The command path's stores against DynamoDB Local: aliases, pending confirmations (Events API dedupe: store-inbound-requests.test.ts). */

let table: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  table = await startTable();
}, 60_000);
afterAll(() => table?.stop());

let n = 0;
/** A fresh channel per test, so tests do not see each other's items. */
const channel = () => ({ teamId: "T0HERALD1", channelId: `C0TEST${++n}` });
const member = (where: { teamId: string; channelId: string }, userId = "U0ALICE") => ({ ...where, userId });

describe("aliases", () => {
  const store = () => createAliases(storeContext(table.doc(), table.tableName), { reservedNames: ["sns", "lambda"] });

  test("create, get (any case), list, delete: each alias records who created it and when", async () => {
    const aliases = store();
    const where = channel();
    const created = await aliases.create(member(where), "Restart", "lambda invoke --function-name $fn");
    await aliases.create(member(where, "U0BOB"), "alarms", "cloudwatch describe-alarms --state-value ALARM");

    expect(created).toMatchObject({ name: "Restart", template: "lambda invoke --function-name $fn", createdBy: "U0ALICE", createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(await aliases.get(where, "restart")).toEqual(created);
    expect((await aliases.list(where)).map((a) => a.name)).toEqual(["alarms", "Restart"]);

    expect(await aliases.delete(where, "RESTART")).toEqual(created);
    expect(await aliases.get(where, "Restart")).toBeUndefined();
    expect((await aliases.list(where)).map((a) => a.name)).toEqual(["alarms"]);
  });

  test("creating a name that exists fails clearly and never overwrites it", async () => {
    const aliases = store();
    const where = channel();
    await aliases.create(member(where), "restart", "lambda invoke --function-name api");
    const again = aliases.create(member(where, "U0BOB"), "RESTART", "lambda invoke --function-name other");
    await expect(again).rejects.toMatchObject({ code: "exists", message: expect.stringContaining("already has an alias named RESTART") });
    expect((await aliases.get(where, "restart"))?.template).toBe("lambda invoke --function-name api");
  });

  test("of concurrent creates of one name, exactly one wins", async () => {
    const aliases = store();
    const where = channel();
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => aliases.create(member(where), "deploy", `codepipeline start-pipeline-execution --name p${i}`)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await aliases.list(where))).toHaveLength(1);
  });

  test("deleting an alias that does not exist fails clearly", async () => {
    await expect(store().delete(channel(), "nope")).rejects.toMatchObject({ code: "not-found", message: expect.stringContaining("no alias named nope") });
  });

  test("limits: name length and shape, command length, reserved words", async () => {
    const aliases = store();
    const where = channel();
    const make = (name: string, command = "sns list-topics") => aliases.create(member(where), name, command);
    await expect(make("a".repeat(ALIAS_LIMITS.maxNameLength))).resolves.toBeDefined();
    await expect(make("a".repeat(ALIAS_LIMITS.maxNameLength + 1))).rejects.toThrow("An alias name must be 1-100 characters long.");
    await expect(make("two words")).rejects.toThrow(/one word/);
    await expect(make("SNS")).rejects.toThrow(/is a command word already/);
    await expect(make("help")).rejects.toThrow(/is a command word already/);
    await expect(make("long", "x".repeat(ALIAS_LIMITS.maxCommandLength + 1))).rejects.toThrow("An alias command may be at most 5,000 characters long (this one has 5,001).");
    await expect(make("fits", "x".repeat(ALIAS_LIMITS.maxCommandLength))).resolves.toBeDefined();
    await expect(make("empty", "   ")).rejects.toBeInstanceOf(AliasError);
  });

  test("at most 100 per channel, even when creates race; deleting one makes room", async () => {
    const aliases = store();
    const where = channel();
    const results = await Promise.allSettled(Array.from({ length: ALIAS_LIMITS.maxPerChannel + 5 }, (_, i) => aliases.create(member(where), `a${i}`, "sns list-topics")));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.reason).toMatchObject({ code: "limit", message: "This channel has 100 aliases, the most it may have. Delete one to make room." });
    expect(await aliases.list(where)).toHaveLength(100);

    await aliases.delete(where, "a0");
    await expect(aliases.create(member(where), "another", "sns list-topics")).resolves.toBeDefined();
    await expect(aliases.create(member(where), "onemore", "sns list-topics")).rejects.toMatchObject({ code: "limit" });
  }, 30_000);

  test("an alias whose command carries a credential is not stored", async () => {
    const aliases = store();
    const where = channel();
    const secret = ["wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY"].join("");
    await expect(aliases.create(member(where), "leak", `sns publish --message ${secret}`)).rejects.toBeInstanceOf(CredentialInInputError);
    expect(await aliases.list(where)).toEqual([]);
  });

  test("aliases live beside the channel's configurations without being mistaken for them", async () => {
    const where = channel();
    await store().create(member(where), "x", "sns list-topics");
    expect(await createChannelConfigs(storeContext(table.doc(), table.tableName)).forChannel(where.teamId, where.channelId)).toEqual([]);
  });
});

describe("confirmations", () => {
  const setup = () => {
    let now = Date.now();
    const store = createConfirmations(storeContext(table.doc(), table.tableName, { now: () => now }));
    return { store, advance: (ms: number) => (now += ms) };
  };
  const text = "sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:ops --message deploy";
  const stored = async (id: string) => (await table.doc().send(new GetCommand({ TableName: table.tableName, Key: keys.confirmation(id) }))).Item;

  test("the member who ran the command confirms it once and gets it back; the command text is then gone", async () => {
    const { store } = setup();
    const caller = member(channel());
    const id = await store.create(caller, text, { configurationName: "ops-alarms" });
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const expiresAt = (await stored(id))?.expiresAt;
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 15 * 60 - 1);

    expect(await store.consume(id, caller.userId)).toEqual({ ok: true, id, caller, commandText: text, configurationName: "ops-alarms", createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const item = await stored(id);
    expect(item).toMatchObject({ entity: "confirmation", resolution: "confirmed", expiresAt });
    expect(item).not.toHaveProperty("commandText");
  });

  test("a second click is refused: the command runs at most once", async () => {
    const { store } = setup();
    const caller = member(channel());
    const id = await store.create(caller, text);
    await store.consume(id, caller.userId);
    expect(await store.consume(id, caller.userId)).toEqual({ ok: false, refusal: "already-used", reason: "This command was already confirmed or cancelled; it runs at most once." });
  });

  test("of concurrent clicks exactly one runs the command", async () => {
    const { store } = setup();
    const caller = member(channel());
    const id = await store.create(caller, text);
    const results = await Promise.all(Array.from({ length: 10 }, () => store.consume(id, caller.userId)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  test("another member's click is refused and leaves the command to its owner", async () => {
    const { store } = setup();
    const caller = member(channel());
    const id = await store.create(caller, text);
    expect(await store.consume(id, "U0MALLORY")).toEqual({ ok: false, refusal: "other-user", reason: "Only the person who ran this command can confirm or cancel it." });
    expect(await store.cancel(id, "U0MALLORY")).toMatchObject({ ok: false, refusal: "other-user" });
    expect(await store.consume(id, caller.userId)).toMatchObject({ ok: true, commandText: text });
  });

  test("a click after 15 minutes is refused, even before DynamoDB's TTL removes the item", async () => {
    const { store, advance } = setup();
    const caller = member(channel());
    const id = await store.create(caller, text);
    advance(15 * 60_000 + 1_000);
    expect(await store.consume(id, caller.userId)).toEqual({ ok: false, refusal: "expired", reason: "This confirmation expired after 15 minutes. Run the command again." });
  });

  test("an unknown id is refused; a cancelled command cannot be confirmed", async () => {
    const { store } = setup();
    expect(await store.consume("no-such-id", "U0ALICE")).toMatchObject({ ok: false, refusal: "unknown" });
    const caller = member(channel());
    const id = await store.create(caller, text);
    expect(await store.cancel(id, caller.userId)).toMatchObject({ ok: true, commandText: text });
    expect(await stored(id)).toMatchObject({ resolution: "cancelled" });
    expect(await store.consume(id, caller.userId)).toMatchObject({ ok: false, refusal: "already-used" });
  });

  test("a command carrying a credential is never stored for confirmation", async () => {
    const { store } = setup();
    await expect(store.create(member(channel()), ["sns publish --message password", "=hunter2"].join(""))).rejects.toBeInstanceOf(CredentialInInputError);
  });
});
