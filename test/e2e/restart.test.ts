import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fetchState } from "../../local/runtime/client/runtime-client";
import { removeConfig, ROUTING_CONFIG, writeConfig } from "./helpers/config";
import { type RuntimeProcess, startRuntimeProcess } from "./helpers/runtime-process";
import { eventually } from "./helpers/wait";

/**
 * What `npm start` keeps between runs: the tables live in the data folder (HERALD_DATA_DIR, by
 * default `.herald-local/` of the checkout), so Ctrl-C and `npm start` again find the privacy
 * setting and the queued deliveries where they were; `--fresh` starts empty.
 */

const configPath = writeConfig(ROUTING_CONFIG);
const dataDir = mkdtempSync(join(tmpdir(), "herald-e2e-restart-"));
const env = { HERALD_CONFIG: configPath, HERALD_DATA_DIR: dataDir };
const DEPLOYMENTS_ARN = "arn:aws:sns:us-east-1:000000000000:herald-deployments";
let runtime: RuntimeProcess | undefined;

afterAll(async () => {
  if (runtime && runtime.child.exitCode === null) await runtime.interrupt();
  removeConfig(configPath);
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

async function restart(args: readonly string[] = []): Promise<RuntimeProcess> {
  if (runtime) expect(await runtime.interrupt()).toEqual({ code: 0, signal: null });
  runtime = await startRuntimeProcess({ env, args });
  return runtime;
}

const backlogOf = async (url: string, channelId: string) =>
  (await fetchState(url)).channels.find((c) => c.channelId === channelId)?.backlog.reduce((sum, b) => sum + b.depth, 0) ?? 0;

test("a queued delivery and an opt-out are still there after Ctrl-C and npm start; --fresh starts empty", async () => {
  let { url } = await restart();
  // A channel Slack refuses keeps its backlog (retried every 5 minutes): a queued delivery to look for.
  const inject = await fetch(`${url}/api/slack-sink/failures`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ channel: "C0DEV0001", error: "channel_not_found" }) });
  expect(inject.status).toBe(200);
  const published = await fetch(`${url}/aws/sns`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ Action: "Publish", TopicArn: DEPLOYMENTS_ARN, Message: "kept across a restart" }).toString(),
  });
  expect(published.status).toBe(200);
  await eventually("the refused channel's backlog", async () => ((await backlogOf(url, "C0DEV0001")) === 1 ? true : undefined), 30_000);

  ({ url } = await restart());
  // The page reads the backlogs every second: the first read after the restart finds it.
  await eventually("the backlog after the restart", async () => ((await backlogOf(url, "C0DEV0001")) === 1 ? true : undefined), 10_000);

  const optOut = await fetch(`${url}/api/page/privacy`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ shareUserData: false }) });
  expect(optOut.status).toBe(200);
  await eventually("the erasure to complete", async () => ((await fetchState(url)).privacy.latestRequest?.status === "complete" ? true : undefined), 30_000);

  ({ url } = await restart());
  const after = (await fetchState(url)).privacy;
  expect(after.shareUserData).toBe(false);
  expect(after.changedBy).toBe("U0ADMIN01");

  ({ url } = await restart(["--fresh"]));
  expect((await fetchState(url)).privacy.shareUserData).toBe(true);
  await sleep(3_000);
  expect(await backlogOf(url, "C0DEV0001")).toBe(0);
}, 300_000);
