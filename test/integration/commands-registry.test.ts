import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import { parseCommand } from "../../lambdas/shared/commands/grammar";
import type { AwsInvocation } from "../../lambdas/shared/commands/operation-model";
import { createServiceRegistry } from "../../lambdas/shared/commands/registry";
import { renderCommandError, renderCommandResult as renderNeutral } from "../../lambdas/shared/commands/results";
import { withOutputBlock } from "../../lambdas/shared/slack/command-replies";
import type { Notification } from "../../lambdas/shared/notifications/model";
import { type DynamoDbLocal, LOCAL_CREDENTIALS, startDynamoDbLocal } from "../../local/dynamodb-local";
import type { PublishRequest } from "../../local/runtime/sns/publish-request";
import { createSnsEndpoint } from "../../local/runtime/sns/sns-endpoint";
import { TopicCatalog } from "../../local/runtime/topics";
import { EXAMPLE_CONFIG_PATH } from "../helpers/local-services";

/** A result as the Slack adapter shows it (output fenced and cut to fit). */
const renderCommandResult = (invocation: AwsInvocation, output: unknown) => withOutputBlock(renderNeutral(invocation, output));

/**
 * Commands end to end through the real parts: text → parseCommand → registry → the AWS SDK call →
 * renderCommandResult, against DynamoDB Local and the local runtime's SNS Query API endpoint.
 * Endpoints come only from the SDK's AWS_ENDPOINT_URL_<SERVICE> variables, as in the deployed code.
 */

const REGION = "us-east-1";
const registry = createServiceRegistry();
const savedEnv = { ...process.env };
let dynamo: DynamoDbLocal;
let sns: Server;
const published: PublishRequest[] = [];
const topics = new TopicCatalog(loadHeraldConfig(EXAMPLE_CONFIG_PATH));
const alarmsTopic = topics.arnFor("alarms", REGION);

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  sns = createServer((req, res) => {
    void createSnsEndpoint(topics, (_topic, request) => published.push(request))(req, res, new URL(req.url ?? "/", "http://127.0.0.1"));
  });
  await new Promise<void>((resolve) => sns.listen(0, "127.0.0.1", resolve));
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.AWS_ENDPOINT_URL_SNS = `http://127.0.0.1:${(sns.address() as AddressInfo).port}/`;
  await dynamo.client(REGION).send(
    new CreateTableCommand({
      TableName: "orders",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
}, 60_000);

afterAll(async () => {
  process.env = savedEnv;
  await new Promise((resolve) => sns?.close(resolve));
  await dynamo?.stop();
});

/** What the command worker does, minus authorization and credentials (DynamoDB Local and the SNS stand-in check neither). */
async function run(text: string): Promise<{ invocation: AwsInvocation; output?: unknown; error?: unknown; message: Notification }> {
  const request = await parseCommand(text, registry);
  if (request.kind !== "aws") throw new Error(`not an AWS command: ${JSON.stringify(request)}`);
  const { invocation } = request;
  const operation = (await registry.load(invocation.service))?.operations.find((candidate) => candidate.name === invocation.operation);
  if (operation === undefined) throw new Error(`no operation ${invocation.operation}`);
  const context = { region: invocation.region ?? REGION, credentials: LOCAL_CREDENTIALS, signal: AbortSignal.timeout(10_000) };
  try {
    const output = await operation.run(invocation.params, context);
    return { invocation, output, message: renderCommandResult(invocation, output) };
  } catch (error) {
    return { invocation, error, message: renderCommandError(invocation, error) };
  }
}

describe("dynamodb against DynamoDB Local", () => {
  test("list-tables shows the table", async () => {
    const { output, message } = await run("dynamodb list-tables");
    expect(output).toEqual({ TableNames: ["orders"] });
    expect(message.body?.text).toBe("```\norders\n```");
    expect(message.summary).toBe("dynamodb list-tables: 1 item in TableNames");
  });

  test("describe-table returns plain data without $metadata, dates as ISO strings", async () => {
    const { output, message } = await run("dynamodb describe-table --table-name orders");
    expect(output).not.toHaveProperty("$metadata");
    expect(output).toMatchObject({
      Table: { TableName: "orders", TableStatus: "ACTIVE", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], CreationDateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
    });
    expect(message.body?.text).toContain('"TableName": "orders"');
  });

  test("describe-table with --query picks what to show", async () => {
    const { message } = await run("dynamodb describe-table --table-name orders --query Table.KeySchema[].AttributeName");
    expect(message.body?.text).toBe("```\npk\n```");
  });

  test("describe-time-to-live", async () => {
    const { output } = await run("dynamodb describe-time-to-live --table-name orders");
    expect(output).toEqual({ TimeToLiveDescription: { TimeToLiveStatus: "DISABLED" } });
  });

  test("--region runs the call in that Region (DynamoDB Local keeps Regions apart)", async () => {
    const { output } = await run("dynamodb list-tables --region eu-west-1");
    expect(output).toEqual({ TableNames: [] });
  });

  test("a table that does not exist is AWS's ResourceNotFoundException, explained", async () => {
    const { error, message } = await run("dynamodb describe-table --table-name missing");
    expect(error).toMatchObject({ name: "ResourceNotFoundException" });
    expect(message.title).toBe("dynamodb describe-table failed");
    expect(message.body?.text).toContain("could not find");
    expect(message.fields).toContainEqual({ label: "Error", value: "ResourceNotFoundException", code: true });
  });
});

describe("sns against the local runtime's SNS Query API endpoint", () => {
  test("publish sends the message and shows its MessageId", async () => {
    const { output, message } = await run(`sns publish --topic-arn ${alarmsTopic} --message "Deploy finished: 3 services" --subject Deploy`);
    expect(output).toEqual({ MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(published.at(-1)).toMatchObject({ topicArn: alarmsTopic, message: "Deploy finished: 3 services", subject: "Deploy" });
    expect(message.fields).toEqual([{ label: "MessageId", value: (output as { MessageId: string }).MessageId, code: true }]);
  });

  test("a JSON message typed as is arrives as that JSON", async () => {
    await run(`sns publish --topic-arn ${alarmsTopic} --message {"event": "deploy", "ok": true}`);
    expect(published.at(-1)?.message).toBe('{"event": "deploy", "ok": true}');
  });

  test("list-topics shows the Region's topics as a table", async () => {
    const { message } = await run("sns list-topics");
    expect(message.body?.text).toContain(alarmsTopic);
    expect(message.body?.text).toMatch(/^```\nTopicArn\n-+\n/);
  });

  test("publishing to a topic that does not exist is SNS's NotFoundException, explained", async () => {
    const { error, message } = await run(`sns publish --topic-arn ${topics.arnFor("nope", REGION)} --message hi`);
    expect(error).toMatchObject({ name: "NotFoundException" });
    expect(message.body?.text).toContain("could not find");
    expect(message.fields).toContainEqual({ label: "Message", value: "Topic does not exist" });
  });
});
