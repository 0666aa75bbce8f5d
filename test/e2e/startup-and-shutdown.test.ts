import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, LOCAL_CREDENTIALS } from "../../local/dynamodb-local";
import { fetchState } from "../../local/runtime/client/runtime-client";
import { startRuntimeProcess, waitUntilGone } from "./helpers/runtime-process";
import { eventually } from "./helpers/wait";

/** Starting with the repo's example config, stopping from a supervisor, and the two start-up problems users meet. */

describe("npm start with the example config", () => {
  test("runs one forwarder process per Region plus the command function and worker; SIGTERM to the runtime alone stops them and the Java process", async () => {
    const runtime = await startRuntimeProcess();
    try {
      const state = await fetchState(runtime.url);
      expect(state.configPath).toMatch(/config[/\\]herald\.example\.json$/);
      expect(state.regions.map((r) => r.region)).toEqual(["us-east-1", "eu-west-1", "ap-southeast-2"]);

      const topicArn = "arn:aws:sns:ap-southeast-2:000000000000:herald-alarms";
      const client = new SNSClient({ endpoint: `${runtime.url}/aws/sns`, region: "ap-southeast-2", credentials: LOCAL_CREDENTIALS });
      const { MessageId } = await client.send(new PublishCommand({ TopicArn: topicArn, Message: "Hello from Sydney" }));
      client.destroy();
      const invocation = await eventually("the Sydney forwarder to finish", async () =>
        (await fetchState(runtime.url)).invocations.find((i) => i.summary.messageId === MessageId && i.status !== "running" && i.status !== "retrying"),
      );
      expect(invocation).toMatchObject({ status: "succeeded", region: "ap-southeast-2" });

      const started = runtime.processes();
      expect(started.filter((p) => p.command.includes("DynamoDBLocal.jar"))).toHaveLength(1);
      // A forwarder per Region, and the command function and its worker in the home Region.
      expect(started.filter((p) => p.command.includes("function-host.ts"))).toHaveLength(3 + 2);

      const exit = await runtime.signal("SIGTERM");
      expect(exit.code).toBe(0);
      expect(await waitUntilGone(started)).toEqual([]);
    } finally {
      if (runtime.child.exitCode === null) await runtime.interrupt();
    }
  }, 150_000);
});

describe("start-up problems get a message that says what to do", () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  test("a busy port: names the port and HERALD_PORT, and starts nothing", async () => {
    const port = await freePort();
    server = createServer();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

    const runtime = await startRuntimeProcess({ port, waitForReady: false });
    const exit = await runtime.exited();
    expect(exit.code).toBe(1);
    expect(runtime.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect(runtime.output()).toContain("HERALD_PORT=");
    expect(runtime.output()).not.toContain("DynamoDB Local");
  }, 60_000);

  test("no Java: says what to install", async () => {
    // A PATH with node and nothing else, so `java` cannot be found.
    const bin = mkdtempSync(join(tmpdir(), "herald-no-java-"));
    symlinkSync(process.execPath, join(bin, "node"));
    const runtime = await startRuntimeProcess({ env: { PATH: bin }, waitForReady: false });
    const exit = await runtime.exited();
    rmSync(bin, { recursive: true, force: true });
    expect(exit.code).toBe(1);
    expect(runtime.output()).toContain("Java 17+ is needed to run DynamoDB Local");
    expect(runtime.output()).toContain("apt-get install -y openjdk-17-jre-headless");
  }, 60_000);

  test("Java without a JDK: DynamoDB Local still starts, and the runtime warns that it listens on every interface and says what to install", async () => {
    // node and java, no javac; an empty temp folder, so no launcher compiled earlier is found.
    const bin = mkdtempSync(join(tmpdir(), "herald-no-jdk-"));
    const temp = mkdtempSync(join(tmpdir(), "herald-no-jdk-tmp-"));
    symlinkSync(process.execPath, join(bin, "node"));
    symlinkSync(realpathSync("/usr/bin/java"), join(bin, "java"));
    const runtime = await startRuntimeProcess({ env: { PATH: bin, TMPDIR: temp } });
    try {
      expect(runtime.output()).toContain("WARNING: DynamoDB Local listens on every network interface, without authentication: javac (a JDK) is not installed");
      expect(runtime.output()).toContain("apt-get install -y openjdk-17-jdk-headless");
      expect((await fetchState(runtime.url)).regions.length).toBeGreaterThan(0);
    } finally {
      await runtime.interrupt();
      rmSync(bin, { recursive: true, force: true });
      rmSync(temp, { recursive: true, force: true });
    }
  }, 150_000);
});
