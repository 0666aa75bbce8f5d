import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { commandVariables } from "../../lambdas/command/environment";
import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import type { CommandJob } from "../../lambdas/shared/commands/job";
import { signSlackRequest } from "../../lambdas/shared/slack/signature";
import { LOCAL_CREDENTIALS } from "../../local/dynamodb-local";
import { startLambdaInvoke } from "../../local/stand-ins/lambda-invoke";
import { apiGatewayProxyEvent } from "../../local/runtime/slack/api-gateway-event";
import { startSecretsManager } from "../../local/stand-ins/secrets-manager";
import { startTable } from "../helpers/dynamo-table";
import { testLambdaContext } from "../helpers/lambda-context";
import { EXAMPLE_CONFIG_PATH } from "../helpers/local-services";

/**
 * Who may make the command function act, through its real handler (lambdas/command/index.ts, with
 * its environment built by the same contract CDK uses) on DynamoDB Local and a Secrets Manager
 * stand-in. Two workspaces with their own signing secrets; the worker is a Lambda Invoke stand-in
 * that records each job handed to it (the worker itself is not run here).
 */

const TEAM_A = "T0HERALD1";
const TEAM_B = "T0OTHER02";
const SECRET_A = "workspace-a-signing-secret-0001";
const SECRET_B = "workspace-b-signing-secret-0002";
const WORKER = "herald-command-worker";
const ACCOUNT = "000000000000";

let table: Awaited<ReturnType<typeof startTable>>;
let secrets: Awaited<ReturnType<typeof startSecretsManager>>;
let lambda: Awaited<ReturnType<typeof startLambdaInvoke>>;
let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
const jobs: CommandJob[] = [];
const savedEnv = { ...process.env };

beforeAll(async () => {
  const example = loadHeraldConfig(EXAMPLE_CONFIG_PATH);
  const [first] = example.workspaces;
  const config: HeraldConfig = {
    ...example,
    workspaces: [
      { ...first, teamId: TEAM_A, signingSecretName: `herald/${TEAM_A}/signing-secret` },
      { ...first, teamId: TEAM_B, botTokenSecretName: `herald/${TEAM_B}/bot-token`, signingSecretName: `herald/${TEAM_B}/signing-secret` },
    ],
  };
  [table, secrets, lambda] = await Promise.all([
    startTable([config.account.homeRegion]),
    startSecretsManager({ [`herald/${TEAM_A}/signing-secret`]: SECRET_A, [`herald/${TEAM_B}/signing-secret`]: SECRET_B }),
    startLambdaInvoke(),
  ]);
  lambda.standIn.register(WORKER, async (job) => void jobs.push(job as CommandJob));
  Object.assign(process.env, {
    ...commandVariables({ config, tableName: table.tableName, accountId: ACCOUNT, workerFunctionName: WORKER }),
    AWS_REGION: config.account.homeRegion,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: table.dynamo.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: "CRITICAL",
  });
  ({ handler } = await import("../../lambdas/command/index"));
}, 60_000);

afterAll(async () => {
  await Promise.all([lambda?.close(), secrets?.close(), table?.stop()]);
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

interface Signed {
  readonly path: string;
  readonly body: string;
  readonly contentType: string;
  readonly timestamp: string;
  readonly signature: string;
}

/** A request as Slack sends it: signed with `secret` at `timestamp` (now unless given). */
function signed(path: string, body: string, contentType: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): Signed {
  return { path, body, contentType, timestamp: String(timestamp), signature: signSlackRequest(secret, String(timestamp), body) };
}

/** Sends it through API Gateway's event to the real handler; returns the answer once every hand-off has settled. */
async function send(request: Signed): Promise<APIGatewayProxyResult> {
  const event = apiGatewayProxyEvent(
    {
      method: "POST", path: request.path, query: new URLSearchParams(), body: Buffer.from(request.body), sourceIp: "203.0.113.7",
      rawHeaders: ["Content-Type", request.contentType, "X-Slack-Request-Timestamp", request.timestamp, "X-Slack-Signature", request.signature],
    },
    { region: "us-east-1", accountId: ACCOUNT, binaryMediaTypes: [] },
  );
  const response = await handler(event, testLambdaContext({ functionName: "herald-command" }));
  await lambda.standIn.settled();
  return response;
}

let n = 0;
const FORM = "application/x-www-form-urlencoded";
const slashCommand = (teamId: string, text: string) =>
  new URLSearchParams({ team_id: teamId, channel_id: "C0DEV0001", user_id: "U0ADMIN01", command: "/aws", text, response_url: `https://hooks.slack.com/commands/${teamId}/${++n}/x` }).toString();
const buttonClick = (teamId: string) => new URLSearchParams({ payload: JSON.stringify({
  type: "block_actions", team: { id: teamId }, user: { id: "U0ADMIN01", team_id: teamId }, channel: { id: "C0DEV0001" },
  response_url: `https://hooks.slack.com/actions/${teamId}/${++n}/x`, actions: [{ action_id: "herald-confirm", value: `confirmation-${n}` }],
}) }).toString();
const appMention = (teamId: string, eventId = `Ev${Date.now()}${++n}`) => JSON.stringify({
  type: "event_callback", team_id: teamId, event_id: eventId, authorizations: [{ team_id: teamId }],
  event: { type: "app_mention", user: "U0ADMIN01", channel: "C0DEV0001", ts: `1700000000.${n}`, text: "<@U0HERALD1> privacy opt-out" },
});

const KINDS = [
  ["a slash command", (teamId: string) => ["/slack/commands", slashCommand(teamId, "privacy opt-out"), FORM] as const],
  ["a button click", (teamId: string) => ["/slack/interactions", buttonClick(teamId), FORM] as const],
  ["an Events API mention", (teamId: string) => ["/slack/events", appMention(teamId), "application/json"] as const],
] as const;

describe("each signed request is effective once (replay)", () => {
  test.each(KINDS)("%s sent twice with the same signature within the 300 s window reaches the worker once; the replay is refused (409)", async (_kind, build) => {
    const [path, body, type] = build(TEAM_A);
    const request = signed(path, body, type, SECRET_A);
    const before = jobs.length;

    const original = await send(request);
    const replay = await send(request);

    expect(original.statusCode).toBe(200);
    expect(jobs.length).toBe(before + 1);
    expect(replay.statusCode).toBe(409);
    expect(replay.body).toMatch(/replayed request is refused/);
    expect(jobs.length).toBe(before + 1);
  });

  test("an admin's captured `privacy opt-out`, replayed a minute later, turns nothing off", async () => {
    const body = slashCommand(TEAM_A, "privacy opt-out");
    const optOut = signed("/slack/commands", body, FORM, SECRET_A, Math.floor(Date.now() / 1000) - 60);
    const url = new URLSearchParams(body).get("response_url");
    const optOuts = () => jobs.filter((job) => job.text === "privacy opt-out" && job.replyTo.kind === "response-url" && job.replyTo.url === url).length;
    expect((await send(optOut)).statusCode).toBe(200);
    expect(optOuts()).toBe(1);
    expect((await send(optOut)).statusCode).toBe(409);
    expect(optOuts()).toBe(1);
  });

  test("Slack's retry of an event (same event_id, signed anew) is answered 200 and still runs once", async () => {
    const body = appMention(TEAM_A);
    const now = Math.floor(Date.now() / 1000);
    const before = jobs.length;
    expect((await send(signed("/slack/events", body, "application/json", SECRET_A, now))).statusCode).toBe(200);
    expect((await send(signed("/slack/events", body, "application/json", SECRET_A, now + 3))).statusCode).toBe(200);
    expect(jobs.length).toBe(before + 1);
  });

  test("the same command typed again is a new request (signed anew) and runs again", async () => {
    const before = jobs.length;
    const body = slashCommand(TEAM_A, "sns list-topics");
    const now = Math.floor(Date.now() / 1000);
    expect((await send(signed("/slack/commands", body, FORM, SECRET_A, now))).statusCode).toBe(200);
    expect((await send(signed("/slack/commands", body, FORM, SECRET_A, now + 1))).statusCode).toBe(200);
    expect(jobs.length).toBe(before + 2);
  });
});

describe("a request is bound to the workspace whose secret signed it", () => {
  test.each(KINDS)("%s signed with workspace B's secret but naming workspace A is refused (401) and nothing is dispatched", async (_kind, build) => {
    const [path, body, type] = build(TEAM_A);
    const before = jobs.length;

    const forged = await send(signed(path, body, type, SECRET_B));

    expect(forged.statusCode).toBe(401);
    expect(forged.body).toMatch(/workspace the request names/);
    expect(jobs.length).toBe(before);
  });

  test.each(KINDS)("%s signed with workspace A's secret and naming A is dispatched as A; B's own, signed by B, as B", async (_kind, build) => {
    const before = jobs.length;
    const [pathA, bodyA, typeA] = build(TEAM_A);
    expect((await send(signed(pathA, bodyA, typeA, SECRET_A))).statusCode).toBe(200);
    const [pathB, bodyB, typeB] = build(TEAM_B);
    expect((await send(signed(pathB, bodyB, typeB, SECRET_B))).statusCode).toBe(200);
    expect(jobs.slice(before).map((job) => job.caller.teamId)).toEqual([TEAM_A, TEAM_B]);
  });

  test("a workspace Herald has no secret for is refused, whichever secret signed", async () => {
    const before = jobs.length;
    const response = await send(signed("/slack/commands", slashCommand("T0UNKNOWN9", "sns list-topics"), FORM, SECRET_A));
    expect(response.statusCode).toBe(401);
    expect(jobs.length).toBe(before);
  });

  test("Slack's probes name no workspace and verify with any configured secret", async () => {
    expect((await send(signed("/slack/commands", "ssl_check=1&token=x", FORM, SECRET_B))).statusCode).toBe(200);
    const challenge = await send(signed("/slack/events", JSON.stringify({ type: "url_verification", challenge: "c-1" }), "application/json", SECRET_A));
    expect(JSON.parse(challenge.body)).toEqual({ challenge: "c-1" });
  });
});
