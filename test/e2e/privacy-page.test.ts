import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { fetchState } from "../../local/runtime/client/runtime-client";
import type { HeadlessBrowser } from "./helpers/browser";
import { removeConfig, ROUTING_CONFIG, writeConfig } from "./helpers/config";
import { REPO_ROOT, type RuntimeProcess, waitUntilGone } from "./helpers/runtime-process";
import { closeRuntimeWithPage, openRuntimeWithPage } from "./helpers/session";

/**
 * "Share user data" on the local runtime's page, in headless Chromium: commands leave data, the
 * toggle turns sharing off, the erasure receipts of all three Regions appear with their counts, the
 * admin's notice arrives in Slack (the local sink), `/aws history` has nothing left, and the toggle
 * turns it back on. Then Ctrl-C, and no process outlives the runtime.
 */

const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const configPath = writeConfig({ ...ROUTING_CONFIG, account: { ...ROUTING_CONFIG.account, regions: REGIONS } });
let runtime: RuntimeProcess;
let browser: HeadlessBrowser;
let page: Page;

beforeAll(async () => {
  ({ runtime, browser, page } = await openRuntimeWithPage({ HERALD_CONFIG: configPath }));
}, 150_000);

afterAll(async () => {
  await closeRuntimeWithPage({ runtime, browser, page });
  removeConfig(configPath);
}, 30_000);

const settings = () => page.locator("#account-settings");
const channel = (id: string) => page.locator(`section.channel[data-channel="${id}"]`);

/** Types a command in a channel's box on the page and waits for its last answer on response_url. */
async function typeCommand(channelId: string, text: string): Promise<string> {
  const answersBefore = await channel(channelId).locator("article.message.answer").count();
  await channel(channelId).locator("input.command-text").fill(text);
  await channel(channelId).locator("form.command-box button[type=submit]").click();
  // The immediate "Running" answer, then the worker's answer on response_url.
  const answer = channel(channelId).locator("article.message.answer").nth(answersBefore + 1);
  await answer.waitFor({ timeout: 20_000 });
  return (await answer.textContent()) ?? "";
}

test("the page shows the setting as the default, who the toggle acts as, and no receipts yet", async () => {
  await expect(page.locator("#share-user-data").isChecked()).resolves.toBe(true);
  const shown = await settings().textContent();
  expect(shown).toContain("Share user data: on");
  expect(shown).toContain("never changed");
  expect(shown).toContain("acting as U0ADMIN01");
  expect(shown).toContain("No privacy change yet");
});

test("commands leave history; turning the toggle off erases it in every Region, shows the receipts, tells the admin, and history is empty", async () => {
  await typeCommand("C0OPS0001", "/aws sns list-topics");
  expect(await typeCommand("C0OPS0001", "/aws history")).toContain("sns list-topics");

  await page.click("#share-user-data");
  const receipts = page.locator("#erasure-receipts[data-request-id='opt-out-v1'][data-status='complete']");
  await receipts.waitFor({ timeout: 30_000 });
  expect(await settings().getAttribute("data-share-user-data")).toBe("false");
  expect(await settings().textContent()).toMatch(/version 1, changed by U0ADMIN01/);
  const rows = await receipts.locator("tr.receipt").evaluateAll((trs) => trs.map((tr) => ({
    region: tr.getAttribute("data-region"),
    status: tr.querySelector(".badge")?.textContent,
    itemsDeleted: Number(tr.querySelector(".items-deleted")?.textContent),
  })));
  expect(rows.map((r) => r.region)).toEqual([...REGIONS].sort());
  expect(rows.every((r) => r.status === "complete")).toBe(true);
  // The home Region held the inputs and answers of the commands above; the others held nothing.
  expect(rows.find((r) => r.region === "us-east-1")!.itemsDeleted).toBeGreaterThanOrEqual(3);
  expect(rows.filter((r) => r.region !== "us-east-1").map((r) => r.itemsDeleted)).toEqual([0, 0]);

  // The admin's notice, posted with chat.postMessage to the channel the page's changes report to.
  const notice = channel("C0OPS0001").locator("article.message.posted", { hasText: "Herald erased its user data in every Region" });
  await notice.waitFor({ timeout: 20_000 });
  const noticeText = (await notice.textContent()) ?? "";
  expect(noticeText).toContain("opt-out-v1");
  for (const region of REGIONS) expect(noticeText).toContain(region);
  await page.locator("#erasure-receipts h3", { hasText: "admin told" }).waitFor({ timeout: 10_000 });

  expect(await typeCommand("C0OPS0001", "/aws history")).toContain("No command history");
  // `herald status` says the same.
  const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, "local/herald-cli.js"), "status"], { cwd: REPO_ROOT, env: { ...process.env, HERALD_PORT: String(runtime.port) } });
  expect(stdout).toMatch(/Share user data: off \(version 1, changed by U0ADMIN01 at /);
  expect(stdout).toMatch(/Latest change opt-out-v1: complete, admin told at/);
  expect(stdout).toMatch(/us-east-1\s+complete\s+\d+ item\(s\) deleted/);
}, 90_000);

test("while off nothing new is kept; turning the toggle on again stores new data only", async () => {
  await typeCommand("C0OPS0001", "/aws sns list-topics");
  expect(await typeCommand("C0OPS0001", "/aws history")).toContain("No command history");

  await page.click("#share-user-data");
  await page.locator("#account-settings[data-share-user-data='true'][data-privacy-version='2']").waitFor({ timeout: 20_000 });
  await page.locator("#erasure-receipts[data-request-id='opt-in-v2'][data-status='complete']").waitFor({ timeout: 20_000 });
  expect(await typeCommand("C0OPS0001", "/aws history")).toContain("No command history");
  await typeCommand("C0OPS0001", "/aws dynamodb list-tables");
  const history = await typeCommand("C0OPS0001", "/aws history");
  expect(history).toContain("dynamodb list-tables");
  expect(history).not.toContain("sns list-topics");
  expect((await fetchState(runtime.url)).privacy).toMatchObject({ shareUserData: true, version: 2, changedBy: "U0ADMIN01", latestRequest: { requestId: "opt-in-v2", status: "complete" } });
}, 90_000);

test("Ctrl-C stops everything: no Java, function host or other process outlives the runtime", async () => {
  const started = runtime.processes();
  expect(started.filter((p) => p.command.includes("DynamoDBLocal.jar"))).toHaveLength(1);
  const exit = await runtime.interrupt();
  expect(exit.code).toBe(0);
  expect(await waitUntilGone(started)).toEqual([]);
}, 30_000);
