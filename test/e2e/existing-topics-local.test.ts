import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { LOCAL_CREDENTIALS } from "../../local/dynamodb-local";
import { fetchState } from "../../local/runtime/client/runtime-client";
import { removeConfig, ROUTING_CONFIG, writeConfig } from "./helpers/config";
import { REPO_ROOT, type RuntimeProcess, startRuntimeProcess } from "./helpers/runtime-process";
import { eventually } from "./helpers/wait";

/**
 * A config that names an existing topic by ARN (another account, not the home Region) runs locally
 * as it deploys: the topic exists under that ARN in its own Region only, and what is published to
 * it reaches that Region's forwarder and the topic's channels.
 */

const TEAM_TOPIC = "arn:aws:sns:eu-west-1:444455556666:payments-alerts";
const configPath = writeConfig({
  ...ROUTING_CONFIG,
  topics: [...ROUTING_CONFIG.topics, { name: "payments", arn: TEAM_TOPIC }],
  channels: [
    ...ROUTING_CONFIG.channels,
    { name: "payments", teamId: "T0HERALD1", channelId: "C0PAY0001", topics: ["payments"], iamRoleArn: "arn:aws:iam::123456789012:role/HeraldPayments" },
  ],
});
let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntimeProcess({ env: { HERALD_CONFIG: configPath } });
}, 150_000);

afterAll(async () => {
  if (runtime && runtime.child.exitCode === null) await runtime.interrupt();
  removeConfig(configPath);
}, 30_000);

const messagesIn = async (channelId: string) => (await fetchState(runtime.url)).channels.find((c) => c.channelId === channelId)?.messages ?? [];

test("the topic is listed under its own ARN in its Region only", async () => {
  const state = await fetchState(runtime.url);
  const arnsByRegion = Object.fromEntries(state.regions.map((r) => [r.region, r.topics.filter((t) => t.name === "payments").map((t) => t.arn)]));
  expect(arnsByRegion).toEqual({ "us-east-1": [], "eu-west-1": [TEAM_TOPIC] });
});

test("publishing to it with the AWS SDK reaches the forwarder and the topic's channel only", async () => {
  const client = new SNSClient({ endpoint: `${runtime.url}/aws/sns`, region: "eu-west-1", credentials: LOCAL_CREDENTIALS });
  const { MessageId } = await client.send(new PublishCommand({ TopicArn: TEAM_TOPIC, Message: "Card payments degraded" }));
  client.destroy();
  await eventually("the post in C0PAY0001", async () => ((await messagesIn("C0PAY0001")).length > 0 ? true : undefined));
  expect((await messagesIn("C0PAY0001")).map((m) => m.text).join("\n")).toContain("Card payments degraded");
  const state = await fetchState(runtime.url);
  expect(state.invocations.some((i) => i.summary.messageId === MessageId)).toBe(true);
  for (const other of ["C0OPS0001", "C0DEV0001", "C0ALL0001"]) expect(await messagesIn(other)).toEqual([]);
}, 60_000);

test("`herald publish --topic payments` finds it by name without --region", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, "local/herald-cli.js"), "publish", "--topic", "payments", "--message", "From the CLI"], {
    cwd: REPO_ROOT,
    env: { ...process.env, HERALD_PORT: String(runtime.port) },
  });
  expect(stdout).toContain(`Topic: ${TEAM_TOPIC}`);
  await eventually("the CLI's post in C0PAY0001", async () => ((await messagesIn("C0PAY0001")).some((m) => m.text.includes("From the CLI")) ? true : undefined));
}, 60_000);
