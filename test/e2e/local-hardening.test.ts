import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "playwright-core";
import { fetchState } from "../../local/runtime/client/runtime-client";
import { slackSignatureHeaders } from "../../local/runtime/slack/signature";
import { slashCommandForm } from "../../local/runtime/slack/slack-requests";
import type { HeadlessBrowser } from "./helpers/browser";
import { removeConfig, ROUTING_CONFIG, writeConfig } from "./helpers/config";
import type { RuntimeProcess } from "./helpers/runtime-process";
import { closeRuntimeWithPage, openRuntimeWithPage } from "./helpers/session";
import { eventually } from "./helpers/wait";

/**
 * What the local runtime protects on a laptop, attacked as a web page elsewhere or a machine on
 * the network would: `npm start` as a user runs it, headless Chromium, plain HTTP and /proc.
 */

const SIGNING_SECRET = "fedcba9876543210fedcba9876543210";
const ADMIN = "U0ADMIN01";
const WORKER_INVOKE = "/aws/lambda/2015-03-31/functions/herald-command-worker/invocations";
const ALARMS_ARN = "arn:aws:sns:us-east-1:000000000000:herald-alarms";
/** What a browser adds to a request another site's page sends. */
const CROSS_SITE = { origin: "https://evil.example", "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" };

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

/** A worker job as the command function hands it over: the admin turning sharing off. */
function forgedOptOutJob(): string {
  return JSON.stringify({ requestId: randomUUID(), caller: { teamId: "T0HERALD1", channelId: "C0OPS0001", userId: ADMIN }, text: "privacy opt-out", replyTo: { kind: "channel" }, receivedAt: Date.now() });
}

/** A process's descriptor may close while it is read. */
function readlinkSafe(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "";
  }
}

const workerInvocations = async () => (await fetchState(runtime.url)).invocations.filter((i) => i.functionName === "herald-command-worker").length;

describe("another site's page cannot drive the runtime", () => {
  test("a cross-site text/plain POST to the Lambda stand-in's /invocations is refused (403) and no worker job runs", async () => {
    const before = await workerInvocations();
    const response = await fetch(`${runtime.url}${WORKER_INVOKE}`, {
      method: "POST",
      headers: { ...CROSS_SITE, "content-type": "text/plain", "x-amz-invocation-type": "Event" },
      body: forgedOptOutJob(),
    });
    expect(response.status).toBe(403);
    await sleep(3_000);
    const state = await fetchState(runtime.url);
    expect(state.privacy.shareUserData).toBe(true);
    expect(await workerInvocations()).toBe(before);
  });

  test("a cross-site form POST to the SNS endpoint is refused (403) and nothing is delivered", async () => {
    const marker = `forged-${randomUUID()}`;
    const response = await fetch(`${runtime.url}/aws/sns`, {
      method: "POST",
      headers: { ...CROSS_SITE, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ Action: "Publish", TopicArn: ALARMS_ARN, Message: marker }).toString(),
    });
    expect(response.status).toBe(403);
    await sleep(3_000);
    const state = await fetchState(runtime.url);
    expect(JSON.stringify(state)).not.toContain(marker);
  });

  test("a GET that an old browser's <img> could send (no Origin, no Sec-Fetch-Site) cannot publish: the SNS endpoint takes POST only (405)", async () => {
    const marker = `forged-${randomUUID()}`;
    const query = new URLSearchParams({ Action: "Publish", TopicArn: ALARMS_ARN, Message: marker }).toString();
    const response = await fetch(`${runtime.url}/aws/sns?${query}`);
    expect(response.status).toBe(405);
    await sleep(3_000);
    expect(JSON.stringify(await fetchState(runtime.url))).not.toContain(marker);
  });

  test("a cross-site text/plain POST to the Slack sink's failure switch is refused (403), and the next post still goes out", async () => {
    const response = await fetch(`${runtime.url}/api/slack-sink/failures`, {
      method: "POST",
      headers: { ...CROSS_SITE, "content-type": "text/plain" },
      body: JSON.stringify({ channel: "C0OPS0001", error: "channel_not_found", times: 100 }),
    });
    expect(response.status).toBe(403);
    const marker = `after-the-switch-${randomUUID()}`;
    const published = await fetch(`${runtime.url}/aws/sns`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ Action: "Publish", TopicArn: ALARMS_ARN, Message: marker }).toString(),
    });
    expect(published.status).toBe(200);
    await eventually("the message in C0OPS0001", async () => {
      const ops = (await fetchState(runtime.url)).channels.find((c) => c.channelId === "C0OPS0001");
      return ops?.messages.some((m) => JSON.stringify(m).includes(marker)) ? true : undefined;
    }, 30_000);
  }, 45_000);

  test("in Chromium, a page on another origin (another port of 127.0.0.1: same site) cannot run a worker job with a no-cors POST", async () => {
    const attacker: Server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<script>
        fetch(${JSON.stringify(`${runtime.url}${WORKER_INVOKE}`)}, { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain", "x-amz-invocation-type": "Event" }, body: ${JSON.stringify(forgedOptOutJob())} })
          .finally(() => { document.title = "sent"; });
      </script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    const other = await browser.context.newPage();
    try {
      const before = await workerInvocations();
      await other.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      // Polled on a timer: a second tab gets no animation frames to poll on.
      await other.waitForFunction('document.title === "sent"', undefined, { polling: 200, timeout: 15_000 });
      await sleep(3_000);
      expect((await fetchState(runtime.url)).privacy.shareUserData).toBe(true);
      expect(await workerInvocations()).toBe(before);
    } finally {
      await other.close();
      // Chromium keeps its connection alive: close it too, or close() waits for it.
      attacker.closeAllConnections();
      await new Promise((resolve) => attacker.close(resolve));
    }
  }, 30_000);

  test("the page's own requests still work: its command box runs a command", async () => {
    const result = await page.evaluate(async () => {
      const response = await fetch("/api/page/command", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ channelId: "C0OPS0001", userId: "U0ADMIN01", text: "/aws help" }) });
      return { status: response.status, body: await response.text() };
    });
    expect(result.status).toBe(200);
    expect(result.body).toContain("responseId");
  });

  test("the page may not be framed: frame-ancestors 'none' and X-Frame-Options DENY", async () => {
    const response = await fetch(`${runtime.url}/`);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("everything the runtime starts is reachable from this machine only", () => {
  /** Listening TCP sockets from /proc/net/tcp and tcp6: local address and port (hex, as the kernel writes them) and inode. */
  function listeningSockets(): Array<{ address: string; port: number; inode: string }> {
    return ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((file) => readFileSync(file, "utf8").split("\n").slice(1)
      .map((line) => line.trim().split(/\s+/))
      // State 0A is LISTEN.
      .filter((fields) => fields[3] === "0A")
      .map((fields) => ({ address: fields[1].split(":")[0], port: parseInt(fields[1].split(":")[1], 16), inode: fields[9] })));
  }
  /** 127.0.0.1 in /proc's byte order, as IPv4 or IPv4-mapped IPv6 (Java listens on an IPv6 socket), and ::1; every interface is all zeros. */
  const LOOPBACK = new Set(["0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"]);

  test("DynamoDB Local's port listens on 127.0.0.1 alone, not on every interface", async () => {
    const port = Number(new URL((await fetchState(runtime.url)).dynamoDbLocal).port);
    const addresses = listeningSockets().filter((socket) => socket.port === port).map((socket) => socket.address);
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.filter((address) => !LOOPBACK.has(address))).toEqual([]);
  });

  test("every port the runtime's processes listen on (its server, Java, the function hosts) is on loopback", () => {
    const pids = [runtime.child.pid ?? 0, ...runtime.processes().map((p) => p.pid)];
    const inodes = new Set(pids.flatMap((pid) => {
      try {
        return readdirSync(`/proc/${pid}/fd`).map((fd) => /^socket:\[(\d+)\]$/.exec(readlinkSafe(`/proc/${pid}/fd/${fd}`))?.[1]).filter((inode) => inode !== undefined);
      } catch {
        return [];
      }
    }));
    const listening = listeningSockets().filter((socket) => inodes.has(socket.inode));
    // At least the runtime's HTTP server and DynamoDB Local.
    expect(listening.map((socket) => socket.port)).toEqual(expect.arrayContaining([runtime.port]));
    expect(listening.length).toBeGreaterThanOrEqual(2);
    expect(listening.filter((socket) => !LOOPBACK.has(socket.address))).toEqual([]);
  });

  test("the machine's other addresses get no connection to it", async () => {
    const port = Number(new URL((await fetchState(runtime.url)).dynamoDbLocal).port);
    const others = Object.values(networkInterfaces()).flat().filter((a) => a && a.family === "IPv4" && !a.internal).map((a) => a?.address ?? "");
    for (const address of others) {
      const connected = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port, timeout: 2_000 });
        socket.once("connect", () => (socket.destroy(), resolve(true)));
        socket.once("error", () => resolve(false));
        socket.once("timeout", () => (socket.destroy(), resolve(false)));
      });
      expect({ address, connected }).toEqual({ address, connected: false });
    }
  });
});

describe("refused commands on the page", () => {
  const KEY = "AKIAIOSFODNN7EXAMPLE";

  test("a command holding an AWS access key is shown without the key in /api/state, the page and its live partial", async () => {
    const response = await fetch(`${runtime.url}/api/page/command`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ channelId: "C0OPS0001", userId: ADMIN, text: `/aws sts get-caller-identity --profile ${KEY}` }),
    });
    expect(response.status).toBe(200);
    await eventually("the refusal in C0OPS0001", async () => {
      const ops = (await fetchState(runtime.url)).channels.find((c) => c.channelId === "C0OPS0001");
      return ops?.conversation.some((e) => e.kind === "answer" && /credential|secret|key/i.test(e.text)) ? true : undefined;
    });
    const state = await (await fetch(`${runtime.url}/api/state`)).text();
    const html = await (await fetch(`${runtime.url}/`)).text();
    const live = await (await fetch(`${runtime.url}/partials/live`)).text();
    expect(state).toContain("/aws [not shown: it contains an AWS access key id]");
    for (const shown of [state, html, live]) expect(shown).not.toContain(KEY);
  });
});

describe("request size", () => {
  test("a signed slash command of more than 1 MB gets 413, as the deployed function answers", async () => {
    const body = slashCommandForm({ teamId: "T0HERALD1", channelId: "C0OPS0001", userId: ADMIN }, `/aws help ${"x".repeat(1024 * 1024)}`, `${runtime.url}/slack/response-url/${randomUUID()}`).toString();
    const response = await fetch(`${runtime.url}/slack/commands`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignatureHeaders(SIGNING_SECRET, body) },
      body,
    });
    expect(response.status).toBe(413);
  });
});
