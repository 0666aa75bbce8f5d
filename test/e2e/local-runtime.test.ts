import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { LOCAL_CREDENTIALS } from "../../local/dynamodb-local";
import { fetchState } from "../../local/runtime/client/runtime-client";
import { slackSignatureHeaders } from "../../local/runtime/slack/signature";
import { slashCommandForm } from "../../local/runtime/slack/slack-requests";
import type { RuntimeState } from "../../local/runtime/state";
import { cloudWatchAlarmMessage } from "../helpers/alarm";
import type { HeadlessBrowser } from "./helpers/browser";
import { removeConfig, ROUTING_CONFIG, writeConfig } from "./helpers/config";
import { REPO_ROOT, type RuntimeProcess, waitUntilGone } from "./helpers/runtime-process";
import { closeRuntimeWithPage, openRuntimeWithPage } from "./helpers/session";
import { eventually } from "./helpers/wait";

/**
 * The local runtime as a user meets it: `npm start` in a terminal, the AWS SDK and the CLI
 * publishing, the page in a browser, signed Slack requests, and Ctrl-C at the end.
 */

const SIGNING_SECRET = "0123456789abcdef0123456789abcdef";
const ACCOUNT = "000000000000";
const arn = (topic: string, region = "us-east-1") => `arn:aws:sns:${region}:${ACCOUNT}:herald-${topic}`;

const configPath = writeConfig(ROUTING_CONFIG);
let runtime: RuntimeProcess;
let browser: HeadlessBrowser;
let page: Page;

beforeAll(async () => {
  ({ runtime, browser, page } = await openRuntimeWithPage({ HERALD_CONFIG: configPath, HERALD_SIGNING_SECRET: SIGNING_SECRET }));
}, 150_000);

afterAll(async () => {
  await closeRuntimeWithPage({ runtime, browser, page });
  removeConfig(configPath);
}, 30_000);

function snsClient(region = "us-east-1"): SNSClient {
  return new SNSClient({ endpoint: `${runtime.url}/aws/sns`, region, credentials: LOCAL_CREDENTIALS });
}

async function publish(topicArn: string, message: string, subject?: string): Promise<string> {
  const client = snsClient(topicArn.split(":")[3]);
  try {
    const { MessageId } = await client.send(new PublishCommand({ TopicArn: topicArn, Message: message, Subject: subject }));
    return MessageId ?? "";
  } finally {
    client.destroy();
  }
}

/** The message (as the page shows it) in a channel, once it has arrived. */
function messageIn(channelId: string, text: string) {
  return page.locator(`section.channel[data-channel="${channelId}"] article.message`, { hasText: text });
}

const finished = (state: RuntimeState, messageId: string) =>
  state.invocations.find((i) => i.summary.messageId === messageId && (i.status === "succeeded" || i.status === "failed"));

describe("npm start", () => {
  test("prints one ready block with every endpoint, the Regions, the topic ARNs and the signing secret", () => {
    const output = runtime.output();
    expect(output).toContain(`Herald local runtime is ready at ${runtime.url}/`);
    for (const path of ["/aws/sns", "/slack/commands", "/slack/events", "/slack/interactions", "/slack-api/", "/aws/secretsmanager", "/aws/lambda", "/aws/sts", "/aws/iam", "/api/state"]) {
      expect(output).toContain(`${runtime.url}${path}`);
    }
    expect(output).toMatch(/Regions\s+us-east-1 \(home\), eu-west-1/);
    for (const topic of [arn("alarms"), arn("deployments"), arn("alarms", "eu-west-1"), arn("deployments", "eu-west-1")]) expect(output).toContain(topic);
    expect(output).toMatch(new RegExp(`Signing secret\\s+${SIGNING_SECRET}`));
  });
});

describe("SNS → forwarder → page", () => {
  test("a CloudWatch alarm published with the AWS SDK's SNSClient shows in the channels subscribed to its topic, and only there", async () => {
    const messageId = await publish(arn("alarms"), cloudWatchAlarmMessage(), 'ALARM: "api-5xx-high" in US East (N. Virginia)');
    expect(messageId).toMatch(/^[0-9a-f-]{36}$/);

    await messageIn("C0OPS0001", "api-5xx-high").waitFor({ timeout: 20_000 });
    await messageIn("C0ALL0001", "api-5xx-high").waitFor({ timeout: 5_000 });
    const ops = messageIn("C0OPS0001", "api-5xx-high").first();
    expect(await ops.locator(".bk-header").textContent()).toContain("api-5xx-high");
    expect(await ops.locator(".bk-field").count()).toBeGreaterThan(0);
    expect(await messageIn("C0DEV0001", "api-5xx-high").count()).toBe(0);

    const state = await eventually("the invocation to finish", async () => finished(await fetchState(runtime.url), messageId));
    expect(state).toMatchObject({ status: "succeeded", region: "us-east-1", functionName: "herald-forwarder" });
  }, 60_000);

  test("the topic's Region comes from its ARN: a message to an eu-west-1 topic is forwarded by that Region's forwarder", async () => {
    const messageId = await publish(arn("deployments", "eu-west-1"), "Deploy 42 finished in Ireland");
    await messageIn("C0DEV0001", "Deploy 42 finished in Ireland").waitFor({ timeout: 20_000 });
    const invocation = await eventually("the invocation to finish", async () => finished(await fetchState(runtime.url), messageId));
    expect(invocation).toMatchObject({ status: "succeeded", region: "eu-west-1" });
    expect(await messageIn("C0OPS0001", "Deploy 42 finished in Ireland").count()).toBe(0);
  }, 60_000);

  test("plain text with <!channel>, HTML and a script is shown as inert text", async () => {
    const text = "Heads up <!channel> & <b>everyone</b> <script>alert(1)</script> <img src=x onerror=alert(2)>";
    await publish(arn("deployments"), text);
    const message = messageIn("C0DEV0001", "Heads up");
    await message.waitFor({ timeout: 20_000 });

    const shown = await message.locator(".blocks").textContent();
    expect(shown).toContain("<!channel> & <b>everyone</b> <script>alert(1)</script> <img src=x onerror=alert(2)>");
    // Nothing in it became markup: no live mention, no element from the message.
    expect(await message.locator(".mention, b, script, img").count()).toBe(0);
  }, 60_000);

  test("MessageStructure=json delivers the entry for Lambda subscribers", async () => {
    const client = snsClient();
    try {
      await client.send(new PublishCommand({
        TopicArn: arn("deployments"),
        MessageStructure: "json",
        Message: JSON.stringify({ default: "the default entry", lambda: "the lambda entry" }),
      }));
    } finally {
      client.destroy();
    }
    await messageIn("C0DEV0001", "the lambda entry").waitFor({ timeout: 20_000 });
    expect(await messageIn("C0DEV0001", "the default entry").count()).toBe(0);
  }, 60_000);

  test("the CLI publishes through the runtime's SNS endpoint and prints the MessageId", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, "local/herald-cli.js"), "publish", "--topic", "alarms", "--message", "Published from the CLI", "--subject", "CLI"], {
      cwd: REPO_ROOT,
      env: { ...process.env, HERALD_PORT: String(runtime.port) },
    });
    const messageId = /MessageId: ([0-9a-f-]{36})/.exec(stdout)?.[1];
    expect(messageId).toBeDefined();
    await messageIn("C0OPS0001", "Published from the CLI").waitFor({ timeout: 20_000 });
    const state = await fetchState(runtime.url);
    expect(state.invocations.some((i) => i.summary.messageId === messageId)).toBe(true);
  }, 60_000);

  test("the page's own form publishes a test message", async () => {
    await page.selectOption("#publish select[name=TopicArn]", arn("alarms"));
    await page.fill("#publish textarea[name=Message]", "Sent from the page's form");
    await page.click("#publish button[type=submit]");
    await page.locator("#publish-result", { hasText: "MessageId" }).waitFor({ timeout: 10_000 });
    await messageIn("C0ALL0001", "Sent from the page's form").waitFor({ timeout: 20_000 });
  }, 60_000);

  test("a channel that cannot be reached: the message waits in that channel's backlog (no failed invocation, no retry storm) and the log says why", async () => {
    const inject = await fetch(`${runtime.url}/api/slack-sink/failures`, {
      method: "POST",
      body: JSON.stringify({ channel: "C0DEV0001", error: "channel_not_found", times: 1 }),
    });
    expect(inject.status).toBe(200);
    const messageId = await publish(arn("deployments"), "Nobody in C0DEV0001 will see this");

    const invocation = await eventually("the invocation to finish", async () => finished(await fetchState(runtime.url), messageId), 30_000);
    expect(invocation.status).toBe("succeeded");
    expect(invocation.attempts).toHaveLength(1);
    // The reachable channel gets the message once (from whichever invocation drains it); the other keeps it queued and backs off for minutes.
    const inAll = async () => (await fetchState(runtime.url)).channels.find((c) => c.channelId === "C0ALL0001")?.messages.filter((m) => m.text.includes("Nobody in C0DEV0001"));
    expect(await eventually("the reachable channel to get it", async () => ((await inAll())?.length ? inAll() : undefined), 15_000)).toHaveLength(1);
    const state = await fetchState(runtime.url);
    expect(state.channels.find((c) => c.channelId === "C0DEV0001")?.messages.filter((m) => m.text.includes("Nobody in C0DEV0001")) ?? []).toHaveLength(0);
    await eventually("the refusal to be logged", async () => runtime.output().includes("Slack refuses the channel; its backlog is kept") || undefined, 10_000);
    expect(runtime.output()).toMatch(/Slack refuses the channel; its backlog is kept.*"channelId":"C0DEV0001".*"code":"channel_not_found"/);
  }, 60_000);
});

describe("SNS Query API errors", () => {
  test("an unknown topic gets SNS's NotFound error", async () => {
    const client = snsClient();
    try {
      await expect(client.send(new PublishCommand({ TopicArn: arn("no-such-topic"), Message: "x" }))).rejects.toMatchObject({
        name: "NotFoundException",
        message: "Topic does not exist",
        $metadata: expect.objectContaining({ httpStatusCode: 404 }),
      });
    } finally {
      client.destroy();
    }
  });

  test("a Publish without a Message gets InvalidParameter, in SNS's XML shape", async () => {
    const response = await fetch(`${runtime.url}/aws/sns`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ Action: "Publish", TopicArn: arn("alarms") }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /^<ErrorResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type><Code>InvalidParameter<\/Code><Message>Invalid parameter: Message[^<]*<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
  });
});

describe("Slack requests", () => {
  // The response_url is the runtime's own: the worker's answer must not leave the machine.
  const body = () => slashCommandForm({ teamId: "T0HERALD1", channelId: "C0OPS0001", userId: "U0ADMIN01" }, "/aws sns list-topics", `${runtime.url}/slack/response-url/e2e-signed`).toString();
  const post = (payload: string, headers: Record<string, string>) =>
    fetch(`${runtime.url}/slack/commands`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: payload });

  test("a request signed with the local signing secret passes verification and the command function answers it at once", async () => {
    const payload = body();
    const response = await post(payload, slackSignatureHeaders(SIGNING_SECRET, payload));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ response_type: "ephemeral", text: "Running" });
    expect(JSON.stringify(answer.blocks)).toContain("sns list-topics");
  });

  test.each([
    ["unsigned", () => ({})],
    ["signed with another secret", (payload: string) => slackSignatureHeaders("not-the-local-secret", payload)],
    ["signed over another body", (payload: string) => slackSignatureHeaders(SIGNING_SECRET, `${payload}&extra=1`)],
    ["signed ten minutes ago", (payload: string) => slackSignatureHeaders(SIGNING_SECRET, payload, Date.now() - 600_000)],
  ])("a request %s is refused with 401", async (_, headers) => {
    const payload = body();
    const response = await post(payload, headers(payload));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_signature" });
  });

  test("`herald slack` signs a slash command like Slack (with the secret it asks the runtime for) and prints the answers", async () => {
    const cli = join(REPO_ROOT, "local/herald-cli.js");
    const { stdout } = await promisify(execFile)(process.execPath, [cli, "slack", "/aws sns list-topics"], {
      cwd: REPO_ROOT,
      env: { ...process.env, HERALD_PORT: String(runtime.port), HERALD_SIGNING_SECRET: "" },
    });
    expect(stdout).toMatch(/^HTTP 200 · immediate answer \(only visible to U0ADMIN01\)/);
    // The runtime's SNS endpoint answers ListTopics with the Region's Herald topics.
    expect(stdout).toMatch(/On response_url, [\d.]+ s later \(in the channel\):[\s\S]*herald-alarms/);
  }, 30_000);
});

describe("the page", () => {
  test("shows the configurations, Regions with their topic ARNs, and the account settings", async () => {
    await page.reload();
    const side = await page.locator("aside").textContent();
    for (const name of ["ops-alarms", "dev-deployments", "everything", "CloudWatchReadOnlyAccess", "INFO"]) expect(side).toContain(name);
    for (const topic of [arn("alarms"), arn("deployments", "eu-west-1")]) expect(side).toContain(topic);
    // The toggle and its receipts: test/e2e/privacy-page.test.ts.
    expect(await page.locator("#account-settings").textContent()).toMatch(/Share user data: on[\s\S]*acting as U0ADMIN01/);
    const guardrails = await page.locator("#guardrails").textContent();
    expect(guardrails).toContain("local approximation");
    expect(guardrails).toContain("a customer-managed policy with no local document: allows nothing here");
  });
});

describe("Ctrl-C", () => {
  test("stops everything: the Java process and every function host are gone", async () => {
    const started = runtime.processes();
    expect(started.filter((p) => p.command.includes("DynamoDBLocal.jar"))).toHaveLength(1);
    // A forwarder per Region, and the command function and its worker in the home Region.
    expect(started.filter((p) => p.command.includes("function-host.ts"))).toHaveLength(ROUTING_CONFIG.account.regions.length + 2);

    const exit = await runtime.interrupt();
    expect(exit.code).toBe(0);
    expect(await waitUntilGone(started)).toEqual([]);
    expect(runtime.output()).toContain("Stopped.");
  }, 30_000);
});
