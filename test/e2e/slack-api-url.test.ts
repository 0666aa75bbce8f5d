import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { LOCAL_CREDENTIALS } from "../../local/dynamodb-local";
import { fetchState } from "../../local/runtime/client/runtime-client";
import { startSlackWebApi } from "../../local/stand-ins/slack-web-api";
import { removeConfig, ROUTING_CONFIG, writeConfig } from "./helpers/config";
import { type RuntimeProcess, startRuntimeProcess } from "./helpers/runtime-process";
import { eventually } from "./helpers/wait";

/** With SLACK_API_URL set, the forwarders post there (with HERALD_SLACK_BOT_TOKEN), not to the local sink. */

const TOKEN = "xoxb-e2e-elsewhere-token";
const configPath = writeConfig(ROUTING_CONFIG);
let slack: Awaited<ReturnType<typeof startSlackWebApi>>;
let runtime: RuntimeProcess;

beforeAll(async () => {
  slack = await startSlackWebApi({ tokens: [TOKEN] });
  runtime = await startRuntimeProcess({ env: { HERALD_CONFIG: configPath, SLACK_API_URL: slack.url, HERALD_SLACK_BOT_TOKEN: TOKEN } });
}, 150_000);

afterAll(async () => {
  if (runtime && runtime.child.exitCode === null) await runtime.interrupt();
  await slack?.close();
  removeConfig(configPath);
}, 30_000);

test("messages go to the user's Slack API URL and the local sink stays empty", async () => {
  const client = new SNSClient({ endpoint: `${runtime.url}/aws/sns`, region: "us-east-1", credentials: LOCAL_CREDENTIALS });
  await client.send(new PublishCommand({ TopicArn: "arn:aws:sns:us-east-1:000000000000:herald-alarms", Message: "To the real place" }));
  client.destroy();

  await eventually("the post to arrive at SLACK_API_URL", () => (slack.api.channelMessages("C0OPS0001").length ? true : undefined));
  expect(slack.api.channelMessages("C0ALL0001")).toHaveLength(1);
  expect(slack.api.callsTo("chat.postMessage").every((call) => call.token === TOKEN)).toBe(true);

  const state = await fetchState(runtime.url);
  expect(state.slack).toEqual({ sink: "external", url: slack.url });
  expect(state.channels.flatMap((c) => c.messages)).toEqual([]);
  expect(runtime.output()).toContain(`not used: SLACK_API_URL=${slack.url}`);
}, 60_000);
