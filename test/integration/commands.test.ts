import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { commandVariables } from "../../lambdas/command/environment";
import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { auditDigest } from "../../lambdas/shared/commands/audit";
import type { CommandJob } from "../../lambdas/shared/commands/job";
import { signSlackRequest } from "../../lambdas/shared/slack/signature";
import { QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient } from "../../lambdas/shared/aws/clients";
import { keys } from "../../lambdas/shared/store/keys";
import { startLambdaInvoke } from "../../local/stand-ins/lambda-invoke";
import { apiGatewayProxyEvent } from "../../local/runtime/slack/api-gateway-event";
import { createSnsEndpoint } from "../../local/runtime/sns/sns-endpoint";
import { TopicCatalog } from "../../local/runtime/topics";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startStsAndIamStandIn } from "../../local/stand-ins/sts-iam";
import { EXAMPLE_CONFIG_PATH, type LocalServices, SIGNING_SECRET, startLocalServices } from "../helpers/local-services";
import { captureLogsPerTest } from "../helpers/capture-logs";
import { testLambdaContext } from "../helpers/lambda-context";
import { startSlackWithResponses } from "../helpers/slack-with-responses";
import { randomUUID } from "node:crypto";

/**
 * The command path end to end (STS and IAM mocked): signed Slack requests through the real command
 * function, the asynchronous hand-off to the real worker through a Lambda Invoke stand-in, guardrails
 * evaluated in-process, commands run against DynamoDB Local with assumed-role credentials, answers
 * read back from the response_url.
 */

const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const DEV_POWER = "arn:aws:iam::123456789012:policy/HeraldDevPower";
const GUARDRAILS = {
  [READ_ONLY]: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sns:Get*", "sns:List*", "dynamodb:Describe*", "dynamodb:List*", "cloudwatch:Describe*", "sts:GetCallerIdentity"], Resource: "*" }] },
  [DEV_POWER]: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sns:*", "dynamodb:Describe*", "dynamodb:List*", "lambda:GetFunctionConfiguration", "lambda:InvokeFunction", "cloudwatch:SetAlarmState", "logs:FilterLogEvents"], Resource: "*" }] },
};

let services: LocalServices;
let slack: Awaited<ReturnType<typeof startSlackWithResponses>>;
let lambda: Awaited<ReturnType<typeof startLambdaInvoke>>;
let awsQuery: Awaited<ReturnType<typeof startStsAndIamStandIn>>;
let commandHandler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
const logs = captureLogsPerTest();
let sns: Server;
const published: string[] = [];
let responseCounter = 0;

beforeAll(async () => {
  const example = loadHeraldConfig(EXAMPLE_CONFIG_PATH);
  const config: HeraldConfig = {
    ...example,
    // ops-alarms (the first configuration of C0OPS0001) runs commands with members' own roles.
    workspaces: example.workspaces.map((w) => ({ ...w, userRoles: { U0ALICE01: "arn:aws:iam::123456789012:role/AliceOps" } })),
    channels: example.channels.map((c) =>
      c.name === "dev-everything" ? { ...c, guardrailPolicyArns: [DEV_POWER] } : c.name === "ops-alarms" ? { ...c, userRoleRequired: true } : c,
    ),
  };
  services = await startLocalServices({ config });
  [slack, lambda, awsQuery] = await Promise.all([startSlackWithResponses([]), startLambdaInvoke(), startStsAndIamStandIn(GUARDRAILS)]);
  // The local runtime's SNS Publish endpoint records what a confirmed `sns publish` sends.
  const topics = new TopicCatalog(config);
  const snsEndpoint = createSnsEndpoint(topics, (_topic, request) => void published.push(request.message));
  sns = createServer((req, res) => void snsEndpoint(req, res, new URL(req.url ?? "/", "http://127.0.0.1")));
  await new Promise<void>((resolve) => sns.listen(0, "127.0.0.1", resolve));
  Object.assign(process.env, {
    SLACK_API_URL: slack.apiUrl,
    SLACK_SIGNING_SECRET_NAMES: commandVariables({ config, tableName: services.tableName, accountId: "000000000000", workerFunctionName: "herald-command-worker" }).SLACK_SIGNING_SECRET_NAMES,
    COMMAND_WORKER_FUNCTION: "herald-command-worker",
    HERALD_ACCOUNT_ID: "000000000000",
    HERALD_ADMINS: config.account.admins.join(","),
    HERALD_USER_DATA_RETENTION_DAYS: "90",
    POWERTOOLS_SERVICE_NAME: "herald-command-worker",
    HERALD_PROTECTED_ARNS: `arn:aws:dynamodb:us-east-1:000000000000:table/${services.tableName}`,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_ENDPOINT_URL_STS: awsQuery.url,
    AWS_ENDPOINT_URL_IAM: awsQuery.url,
    AWS_ENDPOINT_URL_SNS: `http://127.0.0.1:${(sns.address() as AddressInfo).port}/`,
  });
  const worker = await import("../../lambdas/command-worker/index");
  // Each job gets the Lambda context the runtime would give it (its own request id, the worker's 120 s).
  lambda.standIn.register("herald-command-worker", (job) => worker.handler(job as CommandJob, testLambdaContext({ remainingMs: 120_000, functionName: "herald-command-worker", requestId: randomUUID() })));
  process.env.POWERTOOLS_SERVICE_NAME = "herald-command";
  ({ handler: commandHandler } = await import("../../lambdas/command/index"));
}, 60_000);

afterAll(async () => {
  await Promise.all([slack?.close(), lambda?.close(), awsQuery?.close(), new Promise((resolve) => sns?.close(resolve))]);
  await services?.stop();
});

interface SlashOptions {
  channel?: string;
  user?: string;
  secret?: string;
  timestamp?: number;
}

/** A slash command exactly as Slack sends it, through API Gateway, to the real command function. */
async function slash(text: string, options: SlashOptions = {}) {
  const responseId = `r${++responseCounter}`;
  const body = new URLSearchParams({
    token: "ignored", team_id: "T0HERALD1", team_domain: "herald", channel_id: options.channel ?? "C0DEV0001", channel_name: "dev",
    user_id: options.user ?? "U0DEV0001", user_name: "dev", command: "/aws", text, response_url: slack.responseUrl(responseId), trigger_id: "1.2.3",
  }).toString();
  const response = await post("/slack/commands", body, "application/x-www-form-urlencoded", options);
  await lambda.standIn.settled();
  return { response, answers: slack.responses.filter((r) => r.id === responseId).map((r) => r.body) };
}

async function post(path: string, body: string | Buffer, contentType: string, options: SlashOptions = {}, extraHeaders: string[] = [], base64 = false) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
  const event = apiGatewayProxyEvent(
    {
      method: "POST", path, query: new URLSearchParams(), body: bytes, sourceIp: "127.0.0.1",
      rawHeaders: ["Content-Type", contentType, "X-Slack-Request-Timestamp", timestamp, "X-Slack-Signature", signSlackRequest(options.secret ?? SIGNING_SECRET, timestamp, bytes), ...extraHeaders],
    },
    { region: "us-east-1", accountId: "000000000000", binaryMediaTypes: base64 ? [contentType] : [] },
  );
  return commandHandler(event, testLambdaContext({ functionName: "herald-command" }));
}

/** Every item in the table, as DynamoDB Local holds it. */
async function scanTable(): Promise<unknown[]> {
  const { Items } = await createDocumentClient().send(new ScanCommand({ TableName: services.tableName, ConsistentRead: true }));
  return Items ?? [];
}

const textOf = (answer: Record<string, unknown>) => `${String(answer.text)} ${JSON.stringify(answer.blocks)}`;
const auditLines = () => logs.text().split("\n").filter((line) => line.includes('"herald-audit"')).map((line) => JSON.parse(line) as Record<string, unknown>);

describe("slash commands (STS and IAM mocked)", () => {
  test("a read-only command is acknowledged at once and answered in the channel with the result", async () => {
    const { response, answers } = await slash("dynamodb list-tables");
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ response_type: "ephemeral" });
    expect(response.body).toContain("Running");
    expect(answers).toHaveLength(1);
    expect(answers[0].response_type).toBe("in_channel");
    expect(textOf(answers[0])).toContain(services.tableName);
    // Run with the channel role, the guardrails as session policies, a session name that says who.
    const assume = awsQuery.calls.find((c) => c.action === "AssumeRole");
    expect(assume?.params).toMatchObject({ RoleArn: "arn:aws:iam::123456789012:role/HeraldDevChannel", "PolicyArns.member.1.arn": DEV_POWER });
    expect(assume?.params.RoleSessionName).toMatch(/T0HERALD1.*C0DEV0001.*U0DEV0001/);
    expect(auditLines().at(-1)).toMatchObject({ outcome: "succeeded", serviceName: "dynamodb", operationName: "list-tables", channelId: "C0DEV0001", userId: "U0DEV0001" });
  });

  test("the audit line of a real command names its service, operation and parameters, and holds the values only as digests", async () => {
    const distinctive = "payroll-export-7f3k";
    await slash(`dynamodb describe-table --table-name ${distinctive}`);
    const line = auditLines().at(-1);
    expect(line).toMatchObject({ serviceName: "dynamodb", operationName: "describe-table", parameters: [{ name: "table-name", digest: auditDigest(distinctive) }], userId: "U0DEV0001" });
    expect(JSON.stringify(line)).not.toContain(distinctive);
  });

  test("help is answered immediately, without the worker", async () => {
    const { response, answers } = await slash("help");
    expect(response.body).toContain("sns");
    expect(answers).toHaveLength(0);
  });

  test("an unknown service gets the closest valid suggestion", async () => {
    const { response } = await slash("snss list-topics");
    await lambda.standIn.settled();
    const all = response.body + slack.responses.map((r) => JSON.stringify(r.body)).join(" ");
    expect(all).toMatch(/Did you mean.*sns/);
  });

  test("a command containing a credential is refused and neither run, logged nor echoed", async () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const { response, answers } = await slash(`sns publish --topic-arn x --message ${secret}`);
    expect(response.body).toContain("contains a credential");
    expect(response.body).not.toContain(secret);
    expect(answers).toHaveLength(0);
    expect(logs.text()).not.toContain(secret);
    expect(auditLines().at(-1)).toMatchObject({ outcome: "refused-credential", command: "[refused: contains a credential]" });
  });

  test.each([
    ["glued between underscores", ["key_AKIA", "IOSFODNN7EXAMPLE_end"]],
    ["glued between letters", ["xAKIA", "IOSFODNN7EXAMPLEy"]],
    ["a Slack token after a name", ["token_xoxp-", "1234567890-0987654321-1111-abcdef"]],
    ["split by a zero-width space", ["AKIA\u200B", "IOSFODNN7EXAMPLE"]],
  ])("a command with a key %s is refused: not run, echoed, stored or logged, by slash command or mention", async (_case, parts) => {
    const secret = parts.join("");
    const visible = secret.replace(/\u200B/g, "");
    const assumed = awsQuery.calls.filter((c) => c.action === "AssumeRole").length;
    const { response, answers } = await slash(`dynamodb describe-table --table-name ${secret}`);
    expect(response.body).toContain("contains a credential");
    expect(answers).toHaveLength(0);

    const event = { type: "event_callback", team_id: "T0HERALD1", event_id: `Ev${Date.now()}${Math.random()}`, event: { type: "app_mention", user: "U0DEV0001", channel: "C0DEV0001", ts: `${Date.now()}.2`, text: `<@U0HERALD> sns publish --topic-arn ${services.topicArn("alarms")} --message ${secret}` } };
    const posts = slack.api.callsTo("chat.postMessage").length;
    expect((await post("/slack/events", JSON.stringify(event), "application/json")).statusCode).toBe(200);
    await lambda.standIn.settled();
    const replies = slack.api.callsTo("chat.postMessage").slice(posts);
    expect(JSON.stringify(replies)).toContain("contains a credential");

    expect(awsQuery.calls.filter((c) => c.action === "AssumeRole").length).toBe(assumed);
    const everything = JSON.stringify([response.body, replies, logs.text(), await scanTable()]);
    for (const shown of [secret, visible, parts[1]]) expect(everything).not.toContain(shown);
    expect(auditLines().every((line) => line.outcome === "refused-credential")).toBe(true);
  });

  test("a --query bomb (`[@,@]` piped 40 times, 240 characters) is answered 'too expensive' at once, and a concurrent command still gets its answer", async () => {
    const bomb = Array.from({ length: 40 }, () => "[@,@]").join("|");
    expect(bomb.length).toBeGreaterThanOrEqual(239);
    const ts = `${Date.now()}.3`;
    const mention = { type: "event_callback", team_id: "T0HERALD1", event_id: `Ev${Date.now()}bomb`, event: { type: "app_mention", user: "U0DEV0001", channel: "C0DEV0001", ts, text: `<@U0HERALD> dynamodb list-tables --query '${bomb}'` } };
    const started = Date.now();
    // Both jobs run in the same worker process at once, as concurrent invocations of the local runtime do.
    const [bombed, other] = await Promise.all([post("/slack/events", JSON.stringify(mention), "application/json"), slash("dynamodb list-tables")]);
    await lambda.standIn.settled();
    expect(bombed.statusCode).toBe(200);
    const reply = slack.api.callsTo("chat.postMessage").filter((c) => c.params.thread_ts === ts);
    expect(reply).toHaveLength(1);
    expect(JSON.stringify(reply[0].params)).toMatch(/too expensive/);
    expect(other.answers).toHaveLength(1);
    expect(textOf(other.answers[0])).toContain(services.tableName);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test("the guardrails deny a write before AWS is called, and say why", async () => {
    const before = awsQuery.calls.filter((c) => c.action === "AssumeRole").length;
    const { answers } = await slash(`sns publish --topic-arn ${services.topicArn("alarms")} --message hi`, { channel: "C0OPS0001" });
    expect(answers).toHaveLength(1);
    expect(textOf(answers[0])).toMatch(/sns:Publish/);
    expect(answers[0].response_type).toBe("ephemeral");
    expect(awsQuery.calls.filter((c) => c.action === "AssumeRole").length).toBe(before);
    expect(auditLines().at(-1)).toMatchObject({ outcome: "denied" });
  });

  test("Herald's own resources are always blocked, whatever the guardrails", async () => {
    const { answers } = await slash(`dynamodb describe-table --table-name ${services.tableName}`);
    expect(answers).toHaveLength(1);
    expect(textOf(answers[0])).toMatch(/Herald/);
    expect(auditLines().at(-1)).toMatchObject({ outcome: "denied" });
  });

  test.each([
    ["a Lambda partial ARN", "lambda get-function-configuration --function-name 111122223333:function:herald-forwarder"],
    ["a function name with $LATEST", "lambda get-function-configuration --function-name herald-x:$LATEST"],
    ["a deployed function's full ARN with an alias", "lambda invoke --function-name arn:aws:lambda:us-east-1:000000000000:function:Herald-us-east-1-ForwarderHandler1A2B3C-AbCdEf:live"],
    ["a deployed function's partial ARN with a version", "lambda get-function-configuration --function-name 000000000000:function:Herald-us-east-1-CommandsWorker9F8E7D-AbCdEf:1"],
    ["Herald's erasure-overdue alarm", "cloudwatch set-alarm-state --alarm-name Herald-us-east-1-PrivacyErasureOverdueAlarm6C2F1E3B-1A2B3C4D5E6F --state-value OK --state-reason quiet"],
    ["a Herald function's log group", "logs filter-log-events --log-group-name /aws/lambda/Herald-us-east-1-ForwarderHandler1A2B3C-AbCdEf"],
  ])("Herald's own resources are blocked in every form a command names them: %s", async (_case, command) => {
    const assumed = awsQuery.calls.filter((c) => c.action === "AssumeRole").length;
    const { answers } = await slash(command);
    expect(answers).toHaveLength(1);
    expect(textOf(answers[0])).toMatch(/one of Herald's own resources/);
    expect(auditLines().at(-1)).toMatchObject({ outcome: "denied" });
    expect(awsQuery.calls.filter((c) => c.action === "AssumeRole").length).toBe(assumed);
  });

  test("a function that is not Herald's, named by partial ARN, is still allowed: authorized and sent to AWS", async () => {
    const { answers } = await slash("lambda get-function-configuration --function-name 000000000000:function:orders-api:$LATEST");
    expect(answers).toHaveLength(1);
    expect(textOf(answers[0])).not.toMatch(/Herald's own|Not allowed/);
    // Run with the channel role: Lambda's answer (here the stand-in's) decides, not Herald's block.
    expect(["succeeded", "failed"]).toContain(auditLines().at(-1)?.outcome);
  });

  test("a mutating command needs the same user's confirmation; another user's click is refused", async () => {
    const { answers } = await slash(`sns publish --topic-arn ${services.topicArn("alarms")} --message "from slack"`, { user: "U0DEV0001" });
    expect(answers).toHaveLength(1);
    const actions = (answers[0].blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === "actions" && b.elements?.some((e) => e.action_id === "herald-confirm"));
    const confirmationId = actions?.elements?.[0].value as string;
    expect(confirmationId).toBeTruthy();

    const click = async (user: string, actionId: string) => {
      const responseId = `click${++responseCounter}`;
      const payload = { type: "block_actions", team: { id: "T0HERALD1" }, user: { id: user }, channel: { id: "C0DEV0001" }, response_url: slack.responseUrl(responseId), actions: [{ action_id: actionId, value: confirmationId }] };
      const response = await post("/slack/interactions", new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
      await lambda.standIn.settled();
      return { response, answers: slack.responses.filter((r) => r.id === responseId).map((r) => r.body) };
    };

    const intruder = await click("U0OTHER01", "herald-confirm");
    expect(intruder.response.statusCode).toBe(200);
    expect(textOf(intruder.answers[0])).toMatch(/Not confirmed/);

    const owner = await click("U0DEV0001", "herald-confirm");
    // The private prompt is removed and the result is posted for the whole channel.
    expect(owner.answers[0]).toEqual({ delete_original: true });
    expect(owner.answers[1].response_type).toBe("in_channel");
    expect(textOf(owner.answers[1])).toMatch(/MessageId/);
    expect(published).toEqual(["from slack"]);
    expect(auditLines().at(-1)).toMatchObject({ outcome: "succeeded", userId: "U0DEV0001" });

    const again = await click("U0DEV0001", "herald-confirm");
    expect(textOf(again.answers[0])).toMatch(/Not confirmed/);
  });

  test("aliases are created, listed, run with arguments and deleted, persisted per channel", async () => {
    expect(textOf((await slash("alias create tables dynamodb list-tables")).answers[0])).toMatch(/created/);
    expect(textOf((await slash("alias list")).answers[0])).toContain("tables");
    expect(textOf((await slash("tables")).answers[0])).toContain(services.tableName);
    // Another channel does not see it.
    expect(textOf((await slash("tables", { channel: "C0OPS0001" })).answers[0])).toMatch(/neither an AWS service/);
    expect(textOf((await slash("alias delete tables")).answers[0])).toMatch(/deleted/);
    expect(textOf((await slash("tables")).answers[0])).toMatch(/neither an AWS service/);
  });

  test("where the configuration requires user roles, the member's mapped role is assumed; an unmapped member is told why", async () => {
    const alice = await slash("dynamodb list-tables", { channel: "C0OPS0001", user: "U0ALICE01" });
    expect(textOf(alice.answers[0])).toContain(services.tableName);
    expect(awsQuery.calls.filter((c) => c.action === "AssumeRole").at(-1)?.params).toMatchObject({ RoleArn: "arn:aws:iam::123456789012:role/AliceOps", SourceIdentity: "U0ALICE01" });

    const bob = await slash("dynamodb list-tables", { channel: "C0OPS0001", user: "U0BOB0001" });
    expect(textOf(bob.answers[0])).toMatch(/not mapped/);
    expect(awsQuery.calls.filter((c) => c.action === "AssumeRole").at(-1)?.params.RoleArn).toBe("arn:aws:iam::123456789012:role/AliceOps");
  });

  test("a channel without a configuration is told so", async () => {
    const { answers } = await slash("dynamodb list-tables", { channel: "C0NOBODY1" });
    expect(textOf(answers[0])).toMatch(/no Herald configuration/);
  });
});

describe("privacy commands (STS and IAM mocked)", () => {
  test("history shows the channel's own commands while sharing is on; only an admin can opt out, and then nothing is kept or shown", async () => {
    await slash("dynamodb list-tables", { channel: "C0DEV0001" });
    expect(textOf((await slash("history", { channel: "C0DEV0001" })).answers[0])).toContain("dynamodb list-tables");
    expect(textOf((await slash("privacy status")).answers[0])).toMatch(/Share user data: \*on\*/);

    const refused = await slash("privacy opt-out", { user: "U0DEV0001" });
    expect(textOf(refused.answers[0])).toMatch(/Only the account's Herald admins/);

    const admin = await slash("privacy opt-out", { user: "U0ADMIN01" });
    expect(textOf(admin.answers[0])).toMatch(/Share user data is \*off\*/);
    expect(admin.answers[0].response_type).toBe("in_channel");
    expect(textOf((await slash("privacy status")).answers[0])).toMatch(/Share user data: \*off\* \(changed by/);

    await slash("dynamodb list-tables", { channel: "C0DEV0001" });
    expect(textOf((await slash("history", { channel: "C0DEV0001" })).answers[0])).toMatch(/No command history/);

    expect(textOf((await slash("privacy opt-in", { user: "U0ADMIN01" })).answers[0])).toMatch(/stores new data only/);
  });
});

describe("user data kept by the command path, and what it is for (STS and IAM mocked)", () => {
  const doc = () => createDocumentClient();
  /** The channel's items of one kind, oldest first, straight from the table. */
  async function kept(kind: "INPUT" | "RESPONSE" | "INTERACTION", channelId = "C0DEV0001") {
    const { Items } = await doc().send(new QueryCommand({
      TableName: services.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": keys.userDataPartition("000000000000"), ":prefix": `${kind}#T0HERALD1#${channelId}#` },
      ConsistentRead: true,
    }));
    return Items ?? [];
  }
  async function publishAndConfirm(channelId: string) {
    const { answers } = await slash(`sns publish --topic-arn ${services.topicArn("alarms")} --message "kept?"`, { channel: channelId, user: "U0DEV0001" });
    const actions = (answers[0].blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === "actions");
    const payload = { type: "block_actions", team: { id: "T0HERALD1" }, user: { id: "U0DEV0001" }, channel: { id: channelId }, response_url: slack.responseUrl(`keep${++responseCounter}`), actions: [{ action_id: "herald-confirm", value: actions?.elements?.[0].value }] };
    await post("/slack/interactions", new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
    await lambda.standIn.settled();
  }
  const admin = (text: string) => slash(text, { user: "U0ADMIN01" });

  test("while sharing is on: the input, each answer (outcome, duration, text) and the confirmation click (who, which, timings, outcome) are kept", async () => {
    const before = { responses: (await kept("RESPONSE")).length, interactions: (await kept("INTERACTION")).length };
    await publishAndConfirm("C0DEV0001");

    const responses = (await kept("RESPONSE")).slice(before.responses).map((item) => item.data);
    expect(responses).toEqual([
      expect.objectContaining({ outcome: "needs-confirmation", userId: "U0DEV0001", title: "Confirm this change", durationMs: expect.any(Number) }),
      expect.objectContaining({ outcome: "succeeded", userId: "U0DEV0001", text: expect.stringContaining("MessageId"), durationMs: expect.any(Number) }),
    ]);
    const interactions = (await kept("INTERACTION")).slice(before.interactions).map((item) => item.data);
    expect(interactions).toEqual([expect.objectContaining({ action: "confirm-run", userId: "U0DEV0001", outcome: "succeeded", elapsedMs: expect.any(Number), durationMs: expect.any(Number), command: expect.stringContaining("sns publish") })]);
    expect((await kept("INPUT")).at(-1)?.data).toMatchObject({ text: expect.stringContaining("sns publish"), userId: "U0DEV0001", source: "slash-command" });
  });

  test("suggestions are ranked by the channel's own commands while sharing is on, in help and unknown commands; the default answer with sharing off", async () => {
    for (const text of ["sns list-topics", "sns list-topics", "sns list-topics", "dynamodb list-tables", `sns get-topic-attributes --topic-arn ${services.topicArn("alarms")}`]) await slash(text, { channel: "C0OPS0001", user: "U0ALICE01" });
    const usual = (answer: string) => /Often used in this channel/.test(answer) ? answer.slice(answer.indexOf("Often used in this channel")) : undefined;

    // `/aws sns` is help for a service, from its model: the worker answers (the command function loads no SDK client), with the channel's sns commands, most used first.
    const help = usual(textOf((await slash("sns", { channel: "C0OPS0001" })).answers[0]));
    expect(help).toMatch(/sns list-topics.{0,20}3×[\s\S]*sns get-topic-attributes.{0,120}1×/);
    expect(help).not.toContain("dynamodb list-tables");
    // Another channel's history is not this one's.
    expect(usual(textOf((await slash("sns", { channel: "C0DEV0001" })).answers[0])) ?? "").not.toContain("3×");
    // A typo of an operation: the catalogue's "did you mean" first, then the channel's commands for the service it meant.
    const typo = textOf((await slash("sns list-topcs", { channel: "C0OPS0001" })).answers[0]);
    expect(typo).toMatch(/Did you mean[\s\S]*Often used in this channel[\s\S]*sns list-topics/);
    expect(usual(textOf((await slash("snss list-topics", { channel: "C0OPS0001" })).answers[0]))).not.toContain("dynamodb");
    // An unknown word is the worker's answer (it may be an alias): every command of the channel, ranked.
    const unknown = (await slash("tablez", { channel: "C0OPS0001" })).answers[0];
    expect(usual(textOf(unknown))).toMatch(/sns list-topics.{0,20}3×[\s\S]*dynamodb list-tables/);

    await admin("privacy opt-out");
    try {
      expect(textOf((await slash("sns", { channel: "C0OPS0001" })).answers[0])).not.toContain("Often used");
      expect(textOf((await slash("tablez", { channel: "C0OPS0001" })).answers[0])).not.toContain("Often used");
    } finally {
      await admin("privacy opt-in");
    }
  });

  test("with sharing off nothing of the command path is kept: no input, answer or click", async () => {
    await admin("privacy opt-out");
    try {
      const before = await Promise.all((["INPUT", "RESPONSE", "INTERACTION"] as const).map((kind) => kept(kind)));
      await publishAndConfirm("C0DEV0001");
      await slash("dynamodb list-tables");
      const after = await Promise.all((["INPUT", "RESPONSE", "INTERACTION"] as const).map((kind) => kept(kind)));
      expect(after.map((items) => items.length)).toEqual(before.map((items) => items.length));
      expect(published).toContain("kept?");
    } finally {
      await admin("privacy opt-in");
    }
  });
});

describe("request verification through the real handler", () => {
  const body = "token=x&team_id=T0HERALD1&channel_id=C0DEV0001&user_id=U0DEV0001&command=%2Faws&text=help&response_url=https%3A%2F%2Fhooks.slack.com%2Fx";

  test.each([
    ["a wrong signing secret", () => ({ secret: "not-the-secret" })],
    ["a stale timestamp", () => ({ timestamp: Math.floor(Date.now() / 1000) - 301 })],
    ["a timestamp from the future", () => ({ timestamp: Math.floor(Date.now() / 1000) + 301 })],
  ])("refuses %s with 401 and runs nothing", async (_case, options) => {
    const response = await post("/slack/commands", body, "application/x-www-form-urlencoded", options());
    expect(response.statusCode).toBe(401);
    expect(lambda.standIn.inFlight.size).toBe(0);
  });

  test("refuses an empty body with 400", async () => {
    const response = await post("/slack/commands", "", "application/x-www-form-urlencoded");
    expect(response.statusCode).toBe(400);
  });

  test("refuses an oversized body with 413 before reading it", async () => {
    const response = await post("/slack/commands", "x".repeat(70_000), "application/x-www-form-urlencoded");
    expect(response.statusCode).toBe(413);
  });

  test("url_verification is answered only when signed", async () => {
    const challenge = JSON.stringify({ type: "url_verification", challenge: "abc123" });
    expect(JSON.parse((await post("/slack/events", challenge, "application/json")).body)).toEqual({ challenge: "abc123" });
    expect((await post("/slack/events", challenge, "application/json", { secret: "wrong" })).statusCode).toBe(401);
  });

  test("ssl_check is answered only when signed", async () => {
    expect((await post("/slack/commands", "ssl_check=1&token=x", "application/x-www-form-urlencoded")).statusCode).toBe(200);
    expect((await post("/slack/commands", "ssl_check=1&token=x", "application/x-www-form-urlencoded", { secret: "wrong" })).statusCode).toBe(401);
  });

  test("a base64-encoded non-ASCII JSON body verifies over its bytes; Events API retries run once", async () => {
    const event = { type: "event_callback", team_id: "T0HERALD1", event_id: `Ev${Date.now()}`, event: { type: "app_mention", user: "U0DEV0001", channel: "C0DEV0001", ts: "1.1", text: "<@U0HERALD> dynamodb list-tables — grüße 東京" } };
    const bytes = Buffer.from(JSON.stringify(event), "utf8");
    const sentAt = Math.floor(Date.now() / 1000);
    const first = await post("/slack/events", bytes, "application/json", { timestamp: sentAt }, [], true);
    // Slack signs each retry anew (a timeout retry comes 3 s later): the same event id, another signature.
    const retry = await post("/slack/events", bytes, "application/json", { timestamp: sentAt + 3 }, ["X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"], true);
    await lambda.standIn.settled();
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    const replies = slack.api.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0DEV0001" && c.params.thread_ts === "1.1");
    expect(replies).toHaveLength(1);
  });

  test("a mention written as a salutation (`@Herald: …`) runs the command after it, answered in the thread", async () => {
    const event = { type: "event_callback", team_id: "T0HERALD1", event_id: `Ev${Date.now()}S`, event: { type: "app_mention", user: "U0DEV0001", channel: "C0DEV0001", ts: "2.2", text: "<@U0HERALD|herald>: dynamodb list-tables" } };
    expect((await post("/slack/events", JSON.stringify(event), "application/json")).statusCode).toBe(200);
    await lambda.standIn.settled();
    const replies = slack.api.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0DEV0001" && c.params.thread_ts === "2.2");
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0].params)).toContain(services.tableName);
  });
});
