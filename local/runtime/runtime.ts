import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { channelConfigRecords, syncChannelConfigs } from "../../lambdas/shared/store/channel-configs";
import { createHeraldTable, type DynamoDbLocal, freePort, startDynamoDbLocal } from "../dynamodb-local";
import { SecretsManagerStandIn } from "../secrets-manager";
import { SlackWebApi } from "../slack-web-api";
import { snsEventFor } from "../sns-event";
import { type Endpoints, endpointsFor } from "./endpoints";
import { commandFunctionExists, type FunctionWiring, startCommandFunction, startForwarder, TABLE_NAME } from "./functions";
import { createRoutes } from "./http/routes";
import { type HttpServer, listen } from "./http/server";
import { AsyncInvoker } from "./lambda/async-invoke";
import { InvocationLog } from "./lambda/invocation-log";
import type { LocalFunction } from "./lambda/local-function";
import type { RuntimeSettings } from "./settings";
import { createSlackEndpoint } from "./slack/slack-endpoint";
import { ResponseUrlSink } from "./slack/response-url";
import { createSnsEndpoint } from "./sns/sns-endpoint";
import type { RuntimeView } from "./state";
import { TopicCatalog } from "./topics";

export interface RuntimeOptions {
  /** Where the runtime reports what happens (the terminal). */
  readonly log: (line: string) => void;
  readonly retryDelaysMs?: readonly number[];
}

export interface RunningRuntime {
  readonly config: HeraldConfig;
  readonly endpoints: Endpoints;
  readonly topics: TopicCatalog;
  readonly dynamo: DynamoDbLocal;
  readonly forwarders: ReadonlyMap<string, LocalFunction>;
  stop(): Promise<void>;
}

/**
 * All of Herald on one machine: DynamoDB Local with the table of every Region, one forwarder per
 * Region (each a child process with its Region's environment, like separate Lambdas), and one HTTP
 * server for SNS, Slack, Secrets Manager and the page. Same handler code as in AWS.
 */
export async function startRuntime(settings: RuntimeSettings, options: RuntimeOptions): Promise<RunningRuntime> {
  const config = loadHeraldConfig(settings.configPath);
  const server = await listen(settings.port);
  const started: { dynamo?: DynamoDbLocal; functions: LocalFunction[] } = { functions: [] };
  try {
    return await wire(config, server, settings, options, started);
  } catch (error) {
    await Promise.allSettled([server.close(), started.dynamo?.stop(), ...started.functions.map((fn) => fn.stop())]);
    throw error;
  }
}

async function wire(
  config: HeraldConfig,
  server: HttpServer,
  settings: RuntimeSettings,
  options: RuntimeOptions,
  started: { dynamo?: DynamoDbLocal; functions: LocalFunction[] },
): Promise<RunningRuntime> {
  const startedAt = Date.now();
  const endpoints = endpointsFor(server.url);
  const topics = new TopicCatalog(config);
  const regions = config.account.regions;
  const dynamoPort = await freePort();
  const wiring: FunctionWiring = {
    config,
    accountId: topics.accountId,
    dynamoDbEndpoint: `http://127.0.0.1:${dynamoPort}`,
    secretsManagerEndpoint: endpoints.secretsManager,
    slackApiUrl: settings.slackApiUrl ?? endpoints.slackWebApi,
    onLog: (name, region, line) => options.log(`[${name} ${region}] ${line}`),
  };

  // Java and the function hosts start side by side; the hosts only need DynamoDB when invoked.
  const track = (fn: Promise<LocalFunction>) => fn.then((f) => (started.functions.push(f), f));
  const dynamoStart = startDynamoDbLocal({ port: dynamoPort }).then((dynamo) => (started.dynamo = dynamo));
  const forwarderStarts = regions.map((region) => track(startForwarder(region, wiring)));
  const results = await Promise.allSettled([dynamoStart, ...forwarderStarts]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  const dynamo = await dynamoStart;
  const forwarders = new Map((await Promise.all(forwarderStarts)).map((fn) => [fn.region, fn]));

  await Promise.all(regions.map(async (region) => {
    // Each Region is its own namespace in DynamoDB Local, as each Region has its own table in AWS.
    const client = dynamo.client(region);
    await createHeraldTable(client, TABLE_NAME);
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    await syncChannelConfigs(doc, TABLE_NAME, channelConfigRecords(config, (name) => topics.arnFor(name, region)));
  }));

  const secretsManager = new SecretsManagerStandIn();
  for (const workspace of config.workspaces) {
    secretsManager.set(workspace.botTokenSecretName, settings.botToken);
    secretsManager.set(workspace.signingSecretName, settings.signingSecret);
  }
  const slack = new SlackWebApi({ tokens: [settings.botToken] });
  const invocations = new InvocationLog();
  const invoker = new AsyncInvoker({ log: invocations, retryDelaysMs: options.retryDelaysMs, report: options.log });

  const sns = createSnsEndpoint(topics, (topic, request, messageId) => {
    const forwarder = forwarders.get(topic.region);
    if (!forwarder) return;
    options.log(`SNS: message ${messageId} published to ${topic.arn}`);
    const event = snsEventFor({ topicArn: topic.arn, message: request.message, subject: request.subject, messageAttributes: request.messageAttributes, messageId });
    invoker.invoke(forwarder, event, { messageId, topic: topic.arn, subject: request.subject });
  });

  let command: Promise<LocalFunction> | undefined;
  const slackIngress = createSlackEndpoint({
    signingSecret: settings.signingSecret,
    apiGateway: { region: config.account.homeRegion, accountId: topics.accountId },
    command: {
      invoke(event) {
        if (!commandFunctionExists()) return undefined;
        command ??= track(startCommandFunction(wiring)).catch((error: unknown) => {
          command = undefined;
          throw error;
        });
        return command.then((fn) => fn.invoke(event));
      },
    },
  });

  const view: RuntimeView = {
    config, configPath: settings.configPath, topics, endpoints, slack, slackApiUrl: settings.slackApiUrl, invocations, startedAt, dynamoDbEndpoint: dynamo.endpoint,
  };
  server.setHandler(createRoutes({ port: settings.port, view, signingSecret: settings.signingSecret, sns, slackIngress, secretsManager, responseUrls: new ResponseUrlSink() }));

  return {
    config,
    endpoints,
    topics,
    dynamo,
    forwarders,
    async stop() {
      // Functions first (their pending invocations end), then what they talk to.
      await Promise.allSettled(started.functions.map((fn) => fn.stop()));
      await invoker.stop();
      await Promise.allSettled([server.close(), dynamo.stop()]);
    },
  };
}
