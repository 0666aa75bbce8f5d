import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { fetchState } from "../../local/runtime/client/runtime-client";
import type { SlashCommandOutcome } from "../../local/runtime/client/slash-command";
import type { HeadlessBrowser } from "./helpers/browser";
import { PUBLISH_GUARDRAIL_DOCUMENTS, removeConfig, ROUTING_CONFIG, writeConfig, writeGuardrails } from "./helpers/config";
import { REPO_ROOT, type RuntimeProcess, waitUntilGone } from "./helpers/runtime-process";
import { closeRuntimeWithPage, openRuntimeWithPage } from "./helpers/session";

/**
 * Slack commands on the local runtime, as a user meets them: `herald slack` in a terminal, the
 * page's command box and Confirm button in a browser. The command function and its worker run as
 * local functions; STS and IAM are the runtime's stand-ins (the guardrail documents are local:
 * a HERALD_GUARDRAILS file for the custom one, an approximation for ReadOnlyAccess).
 */

const ACCOUNT = "000000000000";
const HOME_TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:herald-deployments`;
/** Herald's topic in a non-home Region: the local runtime protects only the home Region's (the deployed stack protects every Region's). */
const IRELAND_TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:herald-deployments`;

const configPath = writeConfig(ROUTING_CONFIG);
const guardrailsPath = writeGuardrails(configPath, PUBLISH_GUARDRAIL_DOCUMENTS);
let runtime: RuntimeProcess;
let browser: HeadlessBrowser;
let page: Page;

beforeAll(async () => {
  ({ runtime, browser, page } = await openRuntimeWithPage({ HERALD_CONFIG: configPath, HERALD_GUARDRAILS: guardrailsPath }));
}, 150_000);

afterAll(async () => {
  await closeRuntimeWithPage({ runtime, browser, page });
  removeConfig(configPath);
}, 30_000);

/** `herald slack …` as a user runs it; resolves with its output and exit code, whatever the code. */
async function herald(...args: string[]): Promise<{ stdout: string; stderr: string; code: number; ms: number }> {
  const started = Date.now();
  const result = await promisify(execFile)(process.execPath, [join(REPO_ROOT, "local/herald-cli.js"), "slack", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, HERALD_PORT: String(runtime.port), HERALD_SIGNING_SECRET: "" },
  }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }),
  );
  return { ...result, ms: Date.now() - started };
}

const channel = (channelId: string) => page.locator(`section.channel[data-channel="${channelId}"]`);
const commandBox = (channelId: string) => channel(channelId).locator("form.command-box");

describe("npm start with commands", () => {
  test("the ready block names where each guardrail's document comes from, and warns about the one it lacks", () => {
    const output = runtime.output();
    for (const path of ["/aws/lambda", "/aws/sts", "/aws/iam"]) expect(output).toContain(`${runtime.url}${path}`);
    expect(output).toContain("HeraldLocalPublish: from HERALD_GUARDRAILS");
    expect(output).toContain("ReadOnlyAccess: local approximation");
    expect(output).toContain("HeraldNoLocalDocument: a customer-managed policy with no local document: allows nothing here");
    expect(output).toContain("Note: HeraldNoLocalDocument has no local document, so commands in #C0NODOC01 are denied");
  });
});

describe("herald slack (STS and IAM are local stand-ins)", () => {
  test("a signed slash command gets the immediate answer, then an in_channel result listing the local table", async () => {
    const { stdout, code, ms } = await herald("/aws dynamodb list-tables", "--channel", "C0OPS0001");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^HTTP 200 · immediate answer \(only visible to U0ADMIN01\):\n.*Running `dynamodb list-tables`/s);
    expect(stdout).toMatch(/On response_url, [\d.]+ s later \(in the channel\):\n[\s\S]*\bherald\b/);
    // The CLI stops waiting as soon as the worker is done, not after a fixed time.
    expect(ms).toBeLessThan(15_000);

    // The page shows the same exchange in the channel.
    const answers = channel("C0OPS0001").locator("article.message.answer");
    await answers.filter({ hasText: "dynamodb list-tables" }).filter({ hasText: "via response_url" }).first().waitFor({ timeout: 10_000 });
    const immediate = answers.filter({ hasText: "immediate answer" }).filter({ hasText: "Running" }).first();
    expect(await immediate.locator(".visibility").textContent()).toBe("only visible to U0ADMIN01");
    expect(await channel("C0OPS0001").locator("article.message.command code", { hasText: "/aws dynamodb list-tables" }).count()).toBeGreaterThan(0);

    const invocation = (await fetchState(runtime.url)).invocations.find((i) => i.functionName === "herald-command-worker" && i.summary.command === "dynamodb list-tables");
    expect(invocation).toMatchObject({ status: "succeeded", region: "us-east-1" });
  }, 60_000);

  test("help is answered at once by the command function: no worker job, nothing on response_url", async () => {
    const { stdout, code, ms } = await herald("/aws help", "--json");
    expect(code).toBe(0);
    const outcome = JSON.parse(stdout) as SlashCommandOutcome;
    expect(outcome.status).toBe(200);
    expect(JSON.parse(outcome.body)).toMatchObject({ response_type: "ephemeral" });
    expect(outcome.body).toContain("dynamodb");
    expect(outcome).toMatchObject({ dispatched: 0, later: [] });
    expect(ms).toBeLessThan(5_000);
  }, 30_000);

  test("a guardrail with no local document allows nothing: the command is denied with the reason", async () => {
    const { stdout, code } = await herald("/aws sns list-topics", "--channel", "C0NODOC01", "--user", "U0NODOC01");
    expect(code).toBe(0);
    expect(stdout).toMatch(/On response_url.*\(only visible to U0NODOC01\):[\s\S]*HeraldNoLocalDocument\) do not allow sns:ListTopics/);
  }, 30_000);

  test("Herald's own topic in the home Region is refused as one of Herald's resources, whatever the guardrail", async () => {
    const { stdout } = await herald(`/aws sns publish --topic-arn ${HOME_TOPIC} --message nope`, "--channel", "C0DEV0001");
    expect(stdout).toContain(`sns:Publish on ${HOME_TOPIC} is blocked: it is one of Herald's own resources`);
  }, 30_000);
});

describe("the page's command box and Confirm button (STS and IAM are local stand-ins)", () => {
  test("a mutating command asks for confirmation; another user's click is refused; the owner's click runs it and the forwarder delivers the message", async () => {
    const box = commandBox("C0DEV0001");
    await box.locator("input[name=user]").fill("U0DEV0042");
    await box.locator("input[name=text]").fill(`/aws sns publish --topic-arn ${IRELAND_TOPIC} --message "Deploy 43 approved from Slack"`);
    await box.locator("button[type=submit]").click();

    const prompt = channel("C0DEV0001").locator("article.message.answer.ephemeral", { has: page.locator("button[data-action-id=herald-confirm]") });
    await prompt.waitFor({ timeout: 15_000 });
    expect(await prompt.locator(".visibility").textContent()).toBe("only visible to U0DEV0042");
    expect(await prompt.locator("button[data-action-id=herald-cancel]").count()).toBe(1);

    // Someone else presses the button: refused, and the prompt stays.
    await box.locator("input[name=user]").fill("U0OTHER01");
    await prompt.locator("button[data-action-id=herald-confirm]").click();
    const refusal = channel("C0DEV0001").locator("article.message.answer", { hasText: "Not confirmed" });
    await refusal.waitFor({ timeout: 15_000 });
    expect(await refusal.locator(".visibility").textContent()).toBe("only visible to U0OTHER01");
    expect(await prompt.locator("button[data-action-id=herald-confirm]").count()).toBe(1);

    // The person who typed it confirms: it runs, the private prompt is removed and the result is
    // posted for the whole channel.
    await box.locator("input[name=user]").fill("U0DEV0042");
    await prompt.locator("button[data-action-id=herald-confirm]").click();
    const result = channel("C0DEV0001").locator("article.message.answer", { hasText: "MessageId" });
    await result.waitFor({ timeout: 15_000 });
    expect(await result.locator(".visibility").count()).toBe(0);
    expect(await channel("C0DEV0001").locator("button[data-action-id=herald-confirm]").count()).toBe(0);

    // The published message went through the Ireland forwarder to the topic's channels.
    for (const channelId of ["C0DEV0001", "C0ALL0001"]) {
      await channel(channelId).locator("article.message.posted", { hasText: "Deploy 43 approved from Slack" }).waitFor({ timeout: 20_000 });
    }
    const state = await fetchState(runtime.url);
    expect(state.invocations.find((i) => i.functionName === "herald-forwarder" && i.summary.topic === IRELAND_TOPIC)).toMatchObject({ status: "succeeded", region: "eu-west-1" });
    expect(state.invocations.filter((i) => i.functionName === "herald-command-worker" && i.summary.user === "U0DEV0042").map((i) => i.status)).toEqual(["succeeded", "succeeded"]);
  }, 90_000);

  test("typed text is shown as typed, answers render escaped, and the box keeps what is typed while answers arrive", async () => {
    const box = commandBox("C0OPS0001");
    const typed = "/aws snss <b>list</b> & <!channel>";
    await box.locator("input[name=text]").fill(typed);
    await box.locator("button[type=submit]").click();
    await channel("C0OPS0001").locator("article.message.answer", { hasText: "Did you mean" }).waitFor({ timeout: 10_000 });
    const shown = channel("C0OPS0001").locator("article.message.command code", { hasText: "snss" });
    expect(await shown.textContent()).toBe(typed);
    expect(await channel("C0OPS0001").locator("article.message b, article.message .mention").count()).toBe(0);

    // Something else happens in the channel while a command is half typed: the page refreshes, the text stays.
    await box.locator("input[name=text]").fill("/aws dynamodb describe-");
    await herald("/aws help", "--channel", "C0OPS0001", "--user", "U0CLI0001");
    await channel("C0OPS0001").locator("article.message.command", { hasText: "U0CLI0001" }).waitFor({ timeout: 10_000 });
    expect(await box.locator("input[name=text]").inputValue()).toBe("/aws dynamodb describe-");
  }, 30_000);
});

describe("Ctrl-C", () => {
  test("stops everything: Java, the forwarders, the command function and the worker", async () => {
    const started = runtime.processes();
    expect(started.filter((p) => p.command.includes("DynamoDBLocal.jar"))).toHaveLength(1);
    // One forwarder per Region, plus the command function and the worker in the home Region.
    expect(started.filter((p) => p.command.includes("function-host.ts"))).toHaveLength(ROUTING_CONFIG.account.regions.length + 2);

    const exit = await runtime.interrupt();
    expect(exit.code).toBe(0);
    expect(await waitUntilGone(started)).toEqual([]);
  }, 30_000);
});
