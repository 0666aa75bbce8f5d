import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Catalogue } from "../../lambdas/shared/commands/catalogue/catalogue";
import { collectPages } from "../../lambdas/shared/commands/catalogue/pages";
import { resolveCommand, type ResolvedCommand } from "../../lambdas/shared/commands/catalogue/resolve-command";

/**
 * The SDK input the catalogue builds, sent by the real SDK client to a local HTTP stand-in for the
 * service (no AWS): the request asserted is the one AWS would receive.
 */

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const catalogue = new Catalogue();
let server: Server;
let endpoint: string;
const recorded: Recorded[] = [];
let reply: { contentType: string; body: string } = { contentType: "application/json", body: "{}" };
/** When set, answers each request in turn (for pagination). */
let replies: string[] | undefined;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      recorded.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": reply.contentType });
      response.end(replies?.shift() ?? reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  recorded.length = 0;
  replies = undefined;
});

async function clientFor(resolved: ResolvedCommand): Promise<{ module: Record<string, unknown>; client: { destroy: () => void } }> {
  const lookup = await catalogue.lookup(resolved.service.cli);
  if (lookup.kind !== "service") throw new Error("blocked");
  const Client = lookup.model.module[resolved.service.clientName] as new (config: object) => { destroy: () => void };
  return { module: lookup.model.module, client: new Client({ region: "eu-west-1", endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, maxAttempts: 1 }) };
}

async function send(text: string): Promise<{ resolved: ResolvedCommand; output: Record<string, unknown> }> {
  const resolution = await resolveCommand(catalogue, text.split(" "));
  if (resolution.kind !== "command") throw new Error(`expected a command, got ${resolution.kind}`);
  const lookup = await catalogue.lookup(resolution.service.cli);
  if (lookup.kind !== "service") throw new Error("blocked");
  type Sender = { send: (command: unknown) => Promise<Record<string, unknown>>; destroy: () => void };
  const Client = lookup.model.module[resolution.service.clientName] as new (config: object) => Sender;
  const Command = resolution.operation.command as new (input: object) => unknown;
  const client = new Client({ region: "eu-west-1", endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, maxAttempts: 1 });
  try {
    return { resolved: resolution, output: await client.send(new Command(resolution.input)) };
  } finally {
    client.destroy();
  }
}

describe("the SDK sends what the catalogue built (through a local HTTP stand-in)", () => {
  it("ecs list-services --cluster prod: a JSON 1.1 ListServices call", async () => {
    reply = { contentType: "application/x-amz-json-1.1", body: JSON.stringify({ serviceArns: ["arn:aws:ecs:eu-west-1:123456789012:service/prod/web"] }) };
    const { output } = await send("ecs list-services --cluster prod --launch-type FARGATE");
    expect(recorded).toHaveLength(1);
    expect(recorded[0].method).toBe("POST");
    expect(recorded[0].headers["x-amz-target"]).toBe("AmazonEC2ContainerServiceV20141113.ListServices");
    expect(JSON.parse(recorded[0].body)).toEqual({ cluster: "prod", launchType: "FARGATE" });
    expect(output.serviceArns).toEqual(["arn:aws:ecs:eu-west-1:123456789012:service/prod/web"]);
  });

  it("ec2 describe-instances with filters in shorthand: the EC2 Query request AWS receives", async () => {
    reply = { contentType: "text/xml", body: '<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><reservationSet/></DescribeInstancesResponse>' };
    await send("ec2 describe-instances --filters Name=tag:env,Values=prod,stage --instance-ids i-1");
    const form = new URLSearchParams(recorded[0].body);
    expect(Object.fromEntries(form)).toEqual({
      Action: "DescribeInstances",
      Version: "2016-11-15",
      "InstanceId.1": "i-1",
      "Filter.1.Name": "tag:env",
      "Filter.1.Value.1": "prod",
      "Filter.1.Value.2": "stage",
    });
  });

  it("sns publish --topic-arn … --message hi: an SNS query Publish", async () => {
    reply = { contentType: "text/xml", body: "<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>" };
    const { output, resolved } = await send("sns publish --topic-arn arn:aws:sns:eu-west-1:123456789012:ops --message hi");
    expect(Object.fromEntries(new URLSearchParams(recorded[0].body))).toEqual({ Action: "Publish", Version: "2010-03-31", TopicArn: "arn:aws:sns:eu-west-1:123456789012:ops", Message: "hi" });
    expect(output.MessageId).toBe("m-1");
    expect(resolved.needsConfirmation).toBe(true);
  });

  it("dynamodb list-tables --max-items 3: pages followed with the SDK paginator, bounded, with the token to go on", async () => {
    reply = { contentType: "application/x-amz-json-1.0", body: "{}" };
    replies = [JSON.stringify({ TableNames: ["a", "b"], LastEvaluatedTableName: "b" }), JSON.stringify({ TableNames: ["c", "d"], LastEvaluatedTableName: "d" }), JSON.stringify({ TableNames: ["e"] })];
    const resolution = await resolveCommand(catalogue, "dynamodb list-tables --max-items 3 --page-size 2".split(" "));
    if (resolution.kind !== "command") throw new Error(resolution.kind);
    const { module, client } = await clientFor(resolution);
    try {
      const collected = await collectPages(resolution, module, client, { maxPages: 10 });
      // Three items, as the CLI shows them: the second page is cut after "c", and the token resumes there.
      expect(collected.items).toBe(3);
      expect(collected.pages.map((page) => page.TableNames)).toEqual([["a", "b"], ["c"]]);
      expect(recorded.map((request) => JSON.parse(request.body))).toEqual([{ Limit: 2 }, { Limit: 2, ExclusiveStartTableName: "b" }]);
      expect(collected.nextToken).toMatch(/^herald1:/);
      // Going on: the page after "b" is fetched again and "c" is skipped.
      recorded.length = 0;
      replies = [JSON.stringify({ TableNames: ["c", "d"], LastEvaluatedTableName: "d" }), JSON.stringify({ TableNames: ["e"] })];
      const next = await resolveCommand(catalogue, ["dynamodb", "list-tables", "--max-items", "3", "--page-size", "2", "--starting-token", String(collected.nextToken)]);
      if (next.kind !== "command") throw new Error(next.kind);
      const rest = await collectPages(next, module, client, { maxPages: 10 });
      expect(rest.pages.map((page) => page.TableNames)).toEqual([["d"], ["e"]]);
      expect(rest.nextToken).toBeUndefined();
      expect(JSON.parse(recorded[0].body)).toEqual({ Limit: 2, ExclusiveStartTableName: "b" });
    } finally {
      client.destroy();
    }
  });

  it("--max-items alone never sets the request's page size (RDS wants at least 20, DynamoDB at most 100)", async () => {
    reply = { contentType: "application/x-amz-json-1.0", body: "{}" };
    replies = [JSON.stringify({ TableNames: ["a", "b", "c"], LastEvaluatedTableName: "c" })];
    const resolution = await resolveCommand(catalogue, "dynamodb list-tables --max-items 2".split(" "));
    if (resolution.kind !== "command") throw new Error(resolution.kind);
    const { module, client } = await clientFor(resolution);
    try {
      const collected = await collectPages(resolution, module, client, { maxPages: 10 });
      expect(JSON.parse(recorded[0].body)).toEqual({});
      expect(collected.pages.map((page) => page.TableNames)).toEqual([["a", "b"]]);
      await expect(resolveCommand(catalogue, "dynamodb list-tables --starting-token herald1:not-json".split(" ")).then((r) => (r.kind === "command" ? collectPages(r, module, client, { maxPages: 1 }) : undefined))).rejects.toThrow("--starting-token");
    } finally {
      client.destroy();
    }
  });

  it("stops at Herald's page bound and at the last page", async () => {
    reply = { contentType: "application/x-amz-json-1.0", body: "{}" };
    replies = [JSON.stringify({ TableNames: ["a"], LastEvaluatedTableName: "a" }), JSON.stringify({ TableNames: ["b"], LastEvaluatedTableName: "b" })];
    const resolution = await resolveCommand(catalogue, "dynamodb list-tables --starting-token z".split(" "));
    if (resolution.kind !== "command") throw new Error(resolution.kind);
    const { module, client } = await clientFor(resolution);
    try {
      const bounded = await collectPages(resolution, module, client, { maxPages: 1 });
      expect(bounded).toMatchObject({ items: 1, nextToken: "a" });
      expect(JSON.parse(recorded[0].body)).toEqual({ ExclusiveStartTableName: "z" });
      replies = [JSON.stringify({ TableNames: ["x"] })];
      expect((await collectPages(resolution, module, client, { maxPages: 5 })).nextToken).toBeUndefined();
    } finally {
      client.destroy();
    }
  });
});
