import { ScanCommand } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import fc from "fast-check";
import { commandVariables } from "../../lambdas/command/environment";
import { MAX_BODY_BYTES } from "../../lambdas/shared/slack/inbound-endpoint";
import { CANCEL_ACTION_ID, CONFIRM_ACTION_ID } from "../../lambdas/shared/commands/job";
import { signSlackRequest } from "../../lambdas/shared/slack/signature";
import { startLambdaInvoke } from "../../local/stand-ins/lambda-invoke";
import { apiGatewayProxyEvent } from "../../local/runtime/slack/api-gateway-event";
import { captureLogsPerTest } from "../helpers/capture-logs";
import { testLambdaContext } from "../helpers/lambda-context";
import { type LocalServices, startLocalServices } from "../helpers/local-services";
import { knownSecretsIn, SIGNING_SECRET } from "../helpers/test-secrets";

/**
 * Hostile input on Herald's three Slack endpoints, through the command function's real handler
 * with DynamoDB Local and a Lambda Invoke stand-in that counts hand-offs to the worker (the worker
 * itself is not run here). Over ten thousand random and malformed requests: none crashes the
 * handler, none unverified writes to the table or reaches the worker, no response carries a secret.
 */

const ROUTES = ["/slack/commands", "/slack/events", "/slack/interactions"] as const;
const UNVERIFIED_RUNS_PER_ROUTE = 3_000;
const SIGNED_RUNS_PER_ROUTE = 500;

let services: LocalServices;
let lambda: Awaited<ReturnType<typeof startLambdaInvoke>>;
let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
const jobs: unknown[] = [];
const logs = captureLogsPerTest();

beforeAll(async () => {
  services = await startLocalServices();
  lambda = await startLambdaInvoke();
  lambda.standIn.register("herald-command-worker", async (job) => void jobs.push(job));
  Object.assign(process.env, {
    SLACK_SIGNING_SECRET_NAMES: commandVariables({ config: services.config, tableName: services.tableName, accountId: "000000000000", workerFunctionName: "herald-command-worker" }).SLACK_SIGNING_SECRET_NAMES,
    POWERTOOLS_SERVICE_NAME: "herald-command",
    COMMAND_WORKER_FUNCTION: "herald-command-worker",
    HERALD_ACCOUNT_ID: "000000000000",
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
  });
  ({ handler } = await import("../../lambdas/command/index"));
}, 60_000);

afterAll(async () => {
  await lambda?.close();
  await services?.stop();
});

const itemCount = async () => (await services.dynamo.client(services.config.account.homeRegion).send(new ScanCommand({ TableName: services.tableName, Select: "COUNT" }))).Count ?? 0;
const now = () => Math.floor(Date.now() / 1000);

interface Request {
  readonly route: string;
  readonly body: Buffer;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

async function send(request: Request): Promise<APIGatewayProxyResult> {
  const event = apiGatewayProxyEvent(
    { method: "POST", path: request.route, query: new URLSearchParams(), body: request.body, sourceIp: "203.0.113.7", rawHeaders: request.headers.flat() },
    { region: "us-east-1", accountId: "000000000000", binaryMediaTypes: ["application/octet-stream"] },
  );
  return handler(event, testLambdaContext({ functionName: "herald-command" }));
}

/** Nothing a caller gets back may hold a secret. */
function expectNoSecretIn(response: APIGatewayProxyResult): void {
  expect(knownSecretsIn(JSON.stringify(response))).toEqual([]);
}

// ---- what a hostile caller sends -------------------------------------------------------------

const text = fc.oneof(fc.string(), fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 100 }));
const slashForm = (fieldText: fc.Arbitrary<string>) => fc.record({
  token: fc.constant("ignored"), team_id: fc.constantFrom("T0HERALD1", "TOTHER999", "", "t0heraLD1"), channel_id: fc.constantFrom("C0DEV0001", "C0OPS0001", "Cx", ""),
  user_id: fc.constantFrom("U0DEV0001", "U0ADMIN01", "", "not-a-user"), command: fc.constantFrom("/aws", "/other", ""), text: fieldText,
  response_url: fc.constantFrom("https://hooks.slack.com/commands/T0/1/abc", "http://evil.example/x", "javascript:alert(1)", ""),
}, { requiredKeys: [] }).map((fields) => new URLSearchParams(fields as Record<string, string>).toString());
const eventJson = fc.oneof(
  fc.json(),
  fc.record({
    type: fc.constantFrom("event_callback", "url_verification", "app_rate_limited", 7),
    challenge: fc.oneof(fc.string(), fc.constant(undefined), fc.integer()),
    event_id: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(undefined), fc.integer()),
    team_id: fc.oneof(fc.constant("T0HERALD1"), fc.anything()),
    event: fc.oneof(fc.anything(), fc.record({
      type: fc.constantFrom("app_mention", "message", "reaction_added"), channel: fc.oneof(fc.constant("C0DEV0001"), fc.anything()),
      user: fc.oneof(fc.constant("U0DEV0001"), fc.anything()), text: fc.oneof(text, fc.anything()), ts: fc.oneof(fc.constant("1700000000.000100"), fc.anything()),
      bot_id: fc.option(fc.string(), { nil: undefined }), thread_ts: fc.option(fc.anything(), { nil: undefined }),
    }, { requiredKeys: [] })),
  }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
);
const interactionPayload = fc.oneof(
  fc.string(), // not JSON
  fc.json(),
  fc.record({
    type: fc.constantFrom("block_actions", "view_submission", "shortcut", 1),
    team: fc.oneof(fc.record({ id: fc.oneof(fc.constant("T0HERALD1"), fc.anything()) }), fc.anything()),
    user: fc.oneof(fc.record({ id: fc.oneof(fc.constant("U0DEV0001"), fc.anything()) }), fc.anything()),
    channel: fc.oneof(fc.record({ id: fc.anything() }), fc.anything()),
    response_url: fc.oneof(fc.constant("https://hooks.slack.com/actions/T0/1/abc"), fc.anything()),
    actions: fc.oneof(fc.array(fc.record({ action_id: fc.oneof(fc.constantFrom("herald-confirm", "herald-cancel"), fc.anything()), value: fc.anything() }, { requiredKeys: [] }), { maxLength: 5 }), fc.anything()),
  }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
);

const bodyFor = (route: string): fc.Arbitrary<Buffer> => fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2_048 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 2, arbitrary: text.map((t) => Buffer.from(t, "utf8")) },
  { weight: 3, arbitrary: slashForm(text).map((t) => Buffer.from(t)) },
  { weight: 2, arbitrary: eventJson.map((t) => Buffer.from(t)) },
  { weight: 2, arbitrary: interactionPayload.map((p) => Buffer.from(`payload=${encodeURIComponent(p)}`)) },
  // Truncated bodies: a valid-looking request cut anywhere.
  { weight: 1, arbitrary: fc.tuple(route === "/slack/commands" ? slashForm(text) : eventJson, fc.nat()).map(([t, n]) => Buffer.from(t.slice(0, n % (t.length + 1)))) },
  // Around and beyond the size limit.
  { weight: 1, arbitrary: fc.integer({ min: MAX_BODY_BYTES - 16, max: MAX_BODY_BYTES + 4_096 }).map((size) => Buffer.from(`text=${"a".repeat(size)}`)) },
);

/** Well-formed requests whose user-controlled parts (command text, mention text, button values) are hostile. */
const wellFormed = (route: string): fc.Arbitrary<Buffer> => {
  if (route === "/slack/commands") {
    return text.map((t) => Buffer.from(new URLSearchParams({
      team_id: "T0HERALD1", channel_id: "C0DEV0001", user_id: "U0DEV0001", command: "/aws", text: t, response_url: "https://hooks.slack.com/commands/T0/1/abc",
    }).toString()));
  }
  if (route === "/slack/events") {
    return fc.tuple(text, fc.uuid()).map(([t, id]) => Buffer.from(JSON.stringify({
      type: "event_callback", event_id: `Ev${id}`, team_id: "T0HERALD1",
      event: { type: "app_mention", channel: "C0DEV0001", user: "U0DEV0001", text: `<@U0HERALD1> ${t}`, ts: "1700000000.000100" },
    })));
  }
  return fc.tuple(text, fc.constantFrom(CONFIRM_ACTION_ID, CANCEL_ACTION_ID, "open-console")).map(([t, actionId]) => Buffer.from(`payload=${encodeURIComponent(JSON.stringify({
    type: "block_actions", team: { id: "T0HERALD1" }, user: { id: "U0DEV0001" }, channel: { id: "C0DEV0001" },
    response_url: "https://hooks.slack.com/actions/T0/1/abc", actions: [{ action_id: actionId, value: t }],
  }))}`));
};

const contentType = fc.constantFrom("application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data; boundary=x", "", "application/octet-stream", "application/x-www-form-urlencoded; charset=utf-16");
const headerCase = fc.constantFrom((name: string) => name, (name: string) => name.toLowerCase(), (name: string) => name.toUpperCase());

type Signing = "valid" | "missing-signature" | "missing-timestamp" | "forged" | "wrong-secret" | "stale" | "future" | "garbage-timestamp" | "other-body" | "v1";
const signing = fc.constantFrom<Signing>("missing-signature", "missing-timestamp", "forged", "wrong-secret", "stale", "future", "garbage-timestamp", "other-body", "v1");

/** Slack's headers, signed (or not) as `mode` says, in a random letter case, maybe duplicated. */
function slackHeaders(mode: Signing, body: Buffer, type: string, nameCase: (name: string) => string, random: string): Array<[string, string]> {
  const ts = now();
  // Well past the 300 s window either way, so a second ticking over during the run cannot bring one back in.
  const timestamp = mode === "stale" ? String(ts - 310 - random.length * 97) : mode === "future" ? String(ts + 310 + random.length * 97) : mode === "garbage-timestamp" ? `${ts}${random}x` : String(ts);
  const signature = {
    valid: signSlackRequest(SIGNING_SECRET, timestamp, body),
    "missing-signature": "",
    "missing-timestamp": signSlackRequest(SIGNING_SECRET, timestamp, body),
    forged: `v0=${Buffer.from(random.padEnd(32, "0")).toString("hex").slice(0, 64).padEnd(64, "0")}`,
    "wrong-secret": signSlackRequest(`${SIGNING_SECRET}x`, timestamp, body),
    stale: signSlackRequest(SIGNING_SECRET, timestamp, body),
    future: signSlackRequest(SIGNING_SECRET, timestamp, body),
    "garbage-timestamp": signSlackRequest(SIGNING_SECRET, timestamp, body),
    "other-body": signSlackRequest(SIGNING_SECRET, timestamp, Buffer.concat([body, Buffer.from(" ")])),
    v1: signSlackRequest(SIGNING_SECRET, timestamp, body).replace("v0=", "v1="),
  }[mode];
  const headers: Array<[string, string]> = [[nameCase("Content-Type"), type]];
  if (mode !== "missing-timestamp") headers.push([nameCase("X-Slack-Request-Timestamp"), timestamp]);
  if (mode !== "missing-signature") headers.push([nameCase("X-Slack-Signature"), signature]);
  return headers;
}

const unverifiedRequest = (route: string): fc.Arbitrary<Request> => fc.tuple(bodyFor(route), signing, contentType, headerCase, fc.string({ maxLength: 8 }))
  .map(([body, mode, type, nameCase, random]) => ({ route, body, headers: slackHeaders(mode, body, type, nameCase, random) }));

const signedRequest = (route: string): fc.Arbitrary<Request> => fc.tuple(fc.oneof(bodyFor(route), wellFormed(route)), contentType, headerCase)
  .filter(([body]) => body.length <= MAX_BODY_BYTES)
  .map(([body, type, nameCase]) => ({ route, body, headers: slackHeaders("valid", body, type, nameCase, "") }));

// ---- properties ------------------------------------------------------------------------------

describe.each(ROUTES)("POST %s", (route) => {
  test(`${UNVERIFIED_RUNS_PER_ROUTE} unverified requests (forged, replayed, future, missing or malformed headers; random, truncated, huge bodies): each refused, nothing written, no worker invoked, no secret returned`, async () => {
    const itemsBefore = await itemCount();
    const jobsBefore = jobs.length;
    await fc.assert(fc.asyncProperty(unverifiedRequest(route), async (request) => {
      const response = await send(request);
      expect([401, 413]).toContain(response.statusCode);
      if (request.body.length > MAX_BODY_BYTES) expect(response.statusCode).toBe(413);
      expectNoSecretIn(response);
    }), { numRuns: UNVERIFIED_RUNS_PER_ROUTE });
    await lambda.standIn.settled();
    expect(await itemCount()).toBe(itemsBefore);
    expect(jobs.length).toBe(jobsBefore);
    expect(logs.text()).not.toContain("Slack request failed");
  }, 180_000);

  test(`${SIGNED_RUNS_PER_ROUTE} correctly signed but malformed or hostile requests: answered (200) or refused as bad (400), as another workspace's (401) or as a replay (409), never a crash (5xx), no secret returned`, async () => {
    const jobsBefore = jobs.length;
    const statuses = new Set<number>();
    /** The status each signed request got the first time. */
    const sent = new Map<string, number>();
    await fc.assert(fc.asyncProperty(signedRequest(route), async (request) => {
      const header = (name: string) => request.headers.find(([key]) => key.toLowerCase() === name)?.[1];
      // The generator repeats bodies within a second: the same signed request again is a replay,
      // refused once it had been accepted (a bad request stays a bad request).
      const signed = `${header("x-slack-request-timestamp")}:${header("x-slack-signature")}`;
      const first = sent.get(signed);
      const replay = first !== undefined;
      const response = await send(request);
      if (!replay) sent.set(signed, response.statusCode);
      const expected = replay
        ? response.statusCode === (first === 200 ? 409 : first)
        : response.statusCode === 200 || response.statusCode === 400
          // Only T0HERALD1 is configured: a body naming any other workspace was not signed by its secret.
          || (response.statusCode === 401 && /workspace the request names/.test(response.body));
      if (!expected) throw new Error(`answered ${response.statusCode}${replay ? " to a replay" : ""}: ${response.body.slice(0, 300)}`);
      statuses.add(response.statusCode);
      expectNoSecretIn(response);
    }), { numRuns: SIGNED_RUNS_PER_ROUTE });
    // The inputs reach both the refusals and the paths behind them (answers, hand-offs to the worker).
    expect(statuses).toContain(200);
    expect(statuses).toContain(400);
    expect(jobs.length).toBeGreaterThan(jobsBefore);
    await lambda.standIn.settled();
    // An exception anywhere in verification, parsing or dispatch is logged under this message.
    expect(logs.text()).not.toContain("Slack request failed");
    expect(lambda.standIn.errors).toEqual([]);
  }, 180_000);
});

describe("explicit refusals", () => {
  const slash = Buffer.from(new URLSearchParams({ team_id: "T0HERALD1", channel_id: "C0DEV0001", user_id: "U0DEV0001", command: "/aws", text: "sns list-topics", response_url: "https://hooks.slack.com/commands/T0/1/abc" }).toString());
  const form = "application/x-www-form-urlencoded";
  const signedAt = (timestamp: number, body = slash, secret = SIGNING_SECRET): Array<[string, string]> => [
    ["Content-Type", form], ["X-Slack-Request-Timestamp", String(timestamp)], ["X-Slack-Signature", signSlackRequest(secret, String(timestamp), body)],
  ];

  it.each<[string, number, () => Request, RegExp]>([
    ["a forged signature", 401, () => ({ route: "/slack/commands", body: slash, headers: signedAt(now(), slash, "not-the-signing-secret") }), /does not match/],
    ["a replayed request (signed 6 minutes ago)", 401, () => ({ route: "/slack/commands", body: slash, headers: signedAt(now() - 360) }), /more than 5 minutes from now/],
    ["a timestamp 6 minutes in the future", 401, () => ({ route: "/slack/commands", body: slash, headers: signedAt(now() + 360) }), /more than 5 minutes from now/],
    ["a body over 64 KiB, even correctly signed", 413, () => {
      const huge = Buffer.concat([slash, Buffer.from(`&pad=${"x".repeat(MAX_BODY_BYTES)}`)]);
      return { route: "/slack/commands", body: huge, headers: signedAt(now(), huge) };
    }, /too large/],
    ["no signature headers", 401, () => ({ route: "/slack/commands", body: slash, headers: [["Content-Type", form]] }), /Missing X-Slack-Signature/],
    ["a body changed after signing", 401, () => ({ route: "/slack/commands", body: Buffer.from(`${slash}&user_id=U0ADMIN01`), headers: signedAt(now()) }), /does not match/],
  ])("%s is refused with %i, nothing written, no worker invoked", async (_name, status, build, message) => {
    const itemsBefore = await itemCount();
    const jobsBefore = jobs.length;

    const response = await send(build());
    await lambda.standIn.settled();

    expect(response.statusCode).toBe(status);
    expect(response.body).toMatch(message);
    expectNoSecretIn(response);
    expect(await itemCount()).toBe(itemsBefore);
    expect(jobs.length).toBe(jobsBefore);
  });

  it("the same request, correctly signed now, is accepted and handed to the worker (so the refusals above are about the signature)", async () => {
    const jobsBefore = jobs.length;
    const response = await send({ route: "/slack/commands", body: slash, headers: signedAt(now()) });
    await lambda.standIn.settled();
    expect(response.statusCode).toBe(200);
    expect(jobs.length).toBe(jobsBefore + 1);
  });
});
