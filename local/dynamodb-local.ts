import { CreateTableCommand, DynamoDBClient, ListTablesCommand, ResourceInUseException, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { TABLE_KEYS } from "../lambdas/shared/store/keys";

/**
 * DynamoDB Local (the official AWS implementation, shipped inside the `amplify-dynamodb-simulator`
 * npm package) as a child process on a free port. Each Region is its own namespace there, which is
 * how multi-Region behaviour runs on one machine. Used by the tests and by `npm start`.
 */

/** Credentials DynamoDB Local accepts (it checks nothing, but the SDK needs some). */
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  client(region: string): DynamoDBClient;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor() {
    super("Java 17+ is needed to run DynamoDB Local. Install it (Debian/Ubuntu: `apt-get install -y openjdk-17-jre-headless`) and try again.");
    this.name = "JavaMissingError";
  }
}

function emulatorDir(): string {
  const packageJson = require.resolve("amplify-dynamodb-simulator/package.json");
  const dir = join(dirname(packageJson), "emulator");
  if (!existsSync(join(dir, "DynamoDBLocal.jar"))) throw new Error(`DynamoDBLocal.jar not found in ${dir}; run npm install`);
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startDynamoDbLocal(options: { port?: number; startTimeoutMs?: number } = {}): Promise<DynamoDbLocal> {
  if (spawnSync("java", ["-version"], { stdio: "ignore" }).error) throw new JavaMissingError();
  const dir = emulatorDir();
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    "java",
    [`-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`, "-jar", join(dir, "DynamoDBLocal.jar"), "-inMemory", "-port", String(port), "-disableTelemetry"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Never leave a Java process behind when the parent goes away.
  const killChild = () => child.kill("SIGKILL");
  process.once("exit", killChild);

  const endpoint = `http://127.0.0.1:${port}`;
  const clients = new Map<string, DynamoDBClient>();
  const local: DynamoDbLocal = {
    endpoint,
    port,
    client(region) {
      let client = clients.get(region);
      if (!client) {
        client = new DynamoDBClient({ region, endpoint, credentials: LOCAL_CREDENTIALS });
        clients.set(region, client);
      }
      return client;
    },
    async stop() {
      process.removeListener("exit", killChild);
      for (const client of clients.values()) client.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}:\n${output}`);
    try {
      await local.client("us-east-1").send(new ListTablesCommand({}));
      return local;
    } catch (error) {
      if (Date.now() > deadline) {
        await local.stop();
        throw new Error(`DynamoDB Local did not start on port ${port} in time: ${(error as Error).message}\n${output}`, { cause: error });
      }
      await sleep(100);
    }
  }
}

/** Creates Herald's table (same keys, TTL and stream as the CDK table) in one Region; idempotent. */
export async function createHeraldTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: TABLE_KEYS.partitionKey, AttributeType: "S" },
        { AttributeName: TABLE_KEYS.sortKey, AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    }));
    await client.send(new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
    }));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
