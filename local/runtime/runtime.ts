import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import type { HeraldConfig } from "../../lambdas/shared/config/schema";
import { channelConfigRecords, createChannelConfigs } from "../../lambdas/shared/store/channel-configs";
import { storeContext } from "../../lambdas/shared/store/index";
import { createHeraldTable, type DynamoDbLocal, freePort, startDynamoDbLocal } from "../dynamodb-local";
import { LambdaInvokeStandIn } from "../stand-ins/lambda-invoke";
import { SecretsManagerStandIn } from "../stand-ins/secrets-manager";
import { SlackWebApi } from "../stand-ins/slack-web-api";
import { snsEventFor } from "../stand-ins/sns-event";
import { StsIamStandIn } from "../stand-ins/sts-iam";
import { BedrockRuntimeStandIn } from "../stand-ins/bedrock-runtime";
import { type Endpoints, endpointsFor } from "./endpoints";
import { startDrainTicks } from "./drain-tick";
import { type FunctionWiring, startCommandFunction, startCommandWorker, startForwarder } from "./functions";
import { type LocalGuardrail, localGuardrails, readGuardrailFile, standInPolicies } from "./guardrails";
import { createRoutes } from "./http/routes";
import { type HttpServer, listen } from "./http/server";
import { AsyncInvoker } from "./lambda/async-invoke";
import { InvocationLog } from "./lambda/invocation-log";
import type { LocalFunction } from "./lambda/local-function";
import { FUNCTION_NAMES, TABLE_NAME } from "./names";
import { createPageActions } from "./page/page-actions";
import { LocalBacklogs } from "./backlogs";
import { LocalOpenAlarms } from "./open-alarms";
import { LocalPrivacy } from "./privacy";
import { protectedArns } from "./protected-resources";
import type { RuntimeSettings } from "./settings";
import { Conversations } from "./slack/conversations";
import { createSlackEndpoint } from "./slack/slack-endpoint";
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
  readonly guardrails: readonly LocalGuardrail[];
  stop(): Promise<void>;
}

type Started = { dynamo?: DynamoDbLocal; functions: LocalFunction[]; privacy?: LocalPrivacy; backlogs?: LocalBacklogs; openAlarms?: LocalOpenAlarms };

/**
 * All of Herald on one machine: DynamoDB Local with the table of every Region, one forwarder per
 * Region and, in the home Region, the command function and its worker (each a child process with
 * its own environment, like separate Lambdas), the privacy erasure (in this process: there is no
 * table stream here), and one HTTP server for SNS, Lambda Invoke, STS/IAM, Slack, Secrets Manager
 * and the page. Same handler and domain code as in AWS.
 */
export async function startRuntime(settings: RuntimeSettings, options: RuntimeOptions): Promise<RunningRuntime> {
  const config = loadHeraldConfig(settings.configPath);
  // A bad guardrail file fails before anything is started.
  const guardrailFile = settings.guardrailsPath ? readGuardrailFile(settings.guardrailsPath) : {};
  const server = await listen(settings.port);
  const started: Started = { functions: [] };
  try {
    return await wire(config, await localGuardrails(config, guardrailFile), server, settings, options, started);
  } catch (error) {
    await Promise.allSettled([server.close(), started.privacy?.stop(), started.backlogs?.stop(), started.openAlarms?.stop(), started.dynamo?.stop(), ...started.functions.map((fn) => fn.stop())]);
    throw error;
  }
}

async function wire(
  config: HeraldConfig,
  guardrails: readonly LocalGuardrail[],
  server: HttpServer,
  settings: RuntimeSettings,
  options: RuntimeOptions,
  started: Started,
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
    endpoints,
    slackApiUrl: settings.slackApiUrl ?? endpoints.slackWebApi,
    onLog: (name, region, line) => options.log(`[${name} ${region}] ${line}`),
  };

  // Java and the function hosts start side by side; the hosts only need DynamoDB when invoked.
  const track = (fn: Promise<LocalFunction>) => fn.then((f) => (started.functions.push(f), f));
  // The tables outlive the runtime (the privacy setting, queued deliveries), unless asked to start fresh.
  const dbPath = join(settings.dataDir, "dynamodb");
  if (settings.fresh) rmSync(dbPath, { recursive: true, force: true });
  const dynamoStart = startDynamoDbLocal({ port: dynamoPort, dbPath, onWarning: options.log }).then((dynamo) => (started.dynamo = dynamo));
  const forwarderStarts = regions.map((region) => track(startForwarder(region, wiring)));
  const commandStart = track(startCommandFunction(wiring));
  const workerStart = track(startCommandWorker(wiring, protectedArns(config, topics.accountId)));
  const results = await Promise.allSettled([dynamoStart, ...forwarderStarts, commandStart, workerStart]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  const dynamo = await dynamoStart;
  const forwarders = new Map((await Promise.all(forwarderStarts)).map((fn) => [fn.region, fn]));
  const [command, worker] = await Promise.all([commandStart, workerStart]);

  const docs = new Map(await Promise.all(regions.map(async (region) => {
    // Each Region is its own namespace in DynamoDB Local, as each Region has its own table in AWS.
    const client = dynamo.client(region);
    await createHeraldTable(client, TABLE_NAME);
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    await createChannelConfigs(storeContext(doc, TABLE_NAME)).sync(channelConfigRecords(config, (name) => topics.arnFor(name, region)));
    return [region, doc] as const;
  })));

  const secretsManager = new SecretsManagerStandIn();
  for (const workspace of config.workspaces) {
    secretsManager.set(workspace.botTokenSecretName, settings.botToken);
    secretsManager.set(workspace.signingSecretName, settings.signingSecret);
  }
  const slack = new SlackWebApi({ tokens: [settings.botToken] });
  const invocations = new InvocationLog();
  const invoker = new AsyncInvoker({ log: invocations, retryDelaysMs: options.retryDelaysMs, report: options.log });
  const conversations = new Conversations(server.url);
  const privacy = await LocalPrivacy.start({
    config, accountId: topics.accountId, tableName: TABLE_NAME, regions: docs, slackApiUrl: wiring.slackApiUrl, botToken: settings.botToken, log: options.log,
  });
  started.privacy = privacy;
  const backlogs = LocalBacklogs.start({ regions: docs, tableName: TABLE_NAME, log: options.log });
  started.backlogs = backlogs;
  const openAlarms = LocalOpenAlarms.start({ config, accountId: topics.accountId, regions: docs, tableName: TABLE_NAME, log: options.log });
  started.openAlarms = openAlarms;

  const sns = createSnsEndpoint(topics, (topic, request, messageId) => {
    const forwarder = forwarders.get(topic.region);
    if (!forwarder) return;
    options.log(`SNS: message ${messageId} published to ${topic.arn}`);
    const event = snsEventFor({ topicArn: topic.arn, message: request.message, subject: request.subject, messageAttributes: request.messageAttributes, messageId });
    invoker.invoke(forwarder, event, { messageId, topic: topic.arn, subject: request.subject });
  });

  // The command function's Invoke (InvocationType Event) reaches the worker as Lambda's asynchronous
  // invocation does; the worker is configured with no retries (a command must not run twice).
  const lambda = new LambdaInvokeStandIn();
  lambda.register(FUNCTION_NAMES.worker, (job) => {
    const replyUrl = replyUrlOf(job);
    conversations.jobStarted(replyUrl);
    const { done } = invoker.invoke(worker, job, commandJobSummary(job), { retryDelaysMs: [], afterLastFailure: "the worker is never retried: a command must not run twice" });
    return done.finally(() => conversations.jobFinished(replyUrl));
  });

  const slackIngress = createSlackEndpoint({
    signingSecret: settings.signingSecret,
    apiGateway: { region: config.account.homeRegion, accountId: topics.accountId },
    command,
    observe: conversations.observe,
  });

  // The forwarder's one-minute EventBridge schedule, every few seconds here.
  const drainTicks = startDrainTicks(forwarders.values(), options.log);

  const view: RuntimeView = {
    config, configPath: settings.configPath, topics, endpoints, slack, slackApiUrl: settings.slackApiUrl, invocations, conversations, guardrails, startedAt, dynamoDbEndpoint: dynamo.endpoint, privacy, backlogs, openAlarms,
  };
  server.setHandler(createRoutes({
    port: settings.port,
    view,
    signingSecret: settings.signingSecret,
    sns,
    slackIngress,
    secretsManager,
    lambda,
    stsIam: new StsIamStandIn({ policies: standInPolicies(guardrails) }),
    bedrockRuntime: new BedrockRuntimeStandIn(),
    conversations,
    pageActions: createPageActions({ config, endpoints, signingSecret: settings.signingSecret, conversations, changePrivacy: (share) => privacy.change(share), messages: (channelId) => slack.channelMessages(channelId) }),
  }));

  return {
    config,
    endpoints,
    topics,
    dynamo,
    forwarders,
    guardrails,
    async stop() {
      // Ticks first, then functions and the privacy watch (their pending work ends), then what they talk to.
      await drainTicks.stop();
      await Promise.allSettled([...started.functions.map((fn) => fn.stop()), privacy.stop(), backlogs.stop(), openAlarms.stop()]);
      await invoker.stop();
      await Promise.allSettled([server.close(), dynamo.stop()]);
    },
  };
}

/** A command job's response_url, if it has one (jobs are untrusted JSON here: the worker validates them). */
function replyUrlOf(job: unknown): string | undefined {
  const replyTo = (job as { replyTo?: { kind?: unknown; url?: unknown } } | null)?.replyTo;
  return replyTo?.kind === "response-url" && typeof replyTo.url === "string" ? replyTo.url : undefined;
}

/** One line for the invocations table: where, who, and what was asked (or which confirmation was answered). */
function commandJobSummary(job: unknown): Record<string, string | undefined> {
  const { caller, text, confirmation } = (job ?? {}) as { caller?: { channelId?: unknown; userId?: unknown }; text?: unknown; confirmation?: { id?: unknown; approved?: unknown } };
  const str = (value: unknown) => (typeof value === "string" ? value : undefined);
  const asked = confirmation
    ? `${confirmation.approved === true ? "confirm" : "cancel"} ${str(confirmation.id) ?? ""}`.trim()
    : str(text)?.slice(0, 100);
  return { channel: str(caller?.channelId), user: str(caller?.userId), command: asked };
}
