import { CreateTableCommand, DynamoDBClient, ListTablesCommand, ResourceInUseException, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { TABLE_KEYS } from "../lambdas/shared/store/keys";

/**
 * DynamoDB Local (the official AWS implementation, shipped inside the `amplify-dynamodb-simulator`
 * npm package) as a child process on a free port of 127.0.0.1. Each Region is its own namespace
 * there, which is how multi-Region behaviour runs on one machine. In memory by default (the tests);
 * with `dbPath`, in files that outlive the process (`npm start`). Used by the tests and by `npm start`.
 */

/** Credentials DynamoDB Local accepts (it checks nothing, but the SDK needs some). */
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

export interface DynamoDbLocalOptions {
  readonly port?: number;
  readonly startTimeoutMs?: number;
  /** A folder for the tables' files (created if missing); in memory when absent. */
  readonly dbPath?: string;
  /** Told when DynamoDB Local cannot be held to loopback (no JDK to compile the launcher). */
  readonly onWarning?: (message: string) => void;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** True when it listens on 127.0.0.1 only; false in the fallback that listens on every interface. */
  readonly loopbackOnly: boolean;
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

const LAUNCHER_SOURCE = join(__dirname, "DynamoDbLocalOnLoopback.java");
const LAUNCHER_CLASS = "DynamoDbLocalOnLoopback";

/**
 * The folder holding the compiled loopback launcher (DynamoDbLocalOnLoopback.java), compiled once
 * per source version into the temp folder; undefined with the reason when `javac` (a JDK) is missing
 * or fails. Compiled into a fresh folder and renamed, so parallel test workers never see half a class.
 */
function loopbackLauncher(): { classDir: string } | { problem: string } {
  const source = readFileSync(LAUNCHER_SOURCE);
  const classDir = join(tmpdir(), `herald-dynamodb-launcher-${createHash("sha256").update(source).digest("hex").slice(0, 16)}`);
  if (existsSync(join(classDir, `${LAUNCHER_CLASS}.class`))) return { classDir };
  const building = mkdtempSync(`${classDir}-build-`);
  try {
    const compiled = spawnSync("javac", ["-d", building, LAUNCHER_SOURCE], { encoding: "utf8" });
    if (compiled.error) return { problem: "javac (a JDK) is not installed" };
    if (compiled.status !== 0) return { problem: `javac failed: ${compiled.stderr.trim()}` };
    try {
      renameSync(building, classDir);
    } catch (error) {
      // Another process got there first: its classes are the same.
      if (!existsSync(join(classDir, `${LAUNCHER_CLASS}.class`))) throw error;
    }
    return { classDir };
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/** The java arguments: through the loopback launcher when it compiles, else the jar's own main (every interface). */
function javaArguments(dir: string, serverArgs: readonly string[], onWarning: (message: string) => void): { args: string[]; loopbackOnly: boolean } {
  const libraryPath = `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`;
  const launcher = loopbackLauncher();
  if ("classDir" in launcher) {
    const classPath = [launcher.classDir, join(dir, "DynamoDBLocal.jar"), join(dir, "DynamoDBLocal_lib", "*")].join(delimiter);
    return { args: [libraryPath, "-cp", classPath, LAUNCHER_CLASS, ...serverArgs], loopbackOnly: true };
  }
  onWarning(
    `WARNING: DynamoDB Local listens on every network interface, without authentication: ${launcher.problem}. ` +
    "Install a JDK (Debian/Ubuntu: `apt-get install -y openjdk-17-jdk-headless`) so Herald can hold it to 127.0.0.1.",
  );
  return { args: [libraryPath, "-jar", join(dir, "DynamoDBLocal.jar"), ...serverArgs], loopbackOnly: false };
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  if (spawnSync("java", ["-version"], { stdio: "ignore" }).error) throw new JavaMissingError();
  const dir = emulatorDir();
  const port = options.port ?? (await freePort());
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const storage = options.dbPath ? ["-dbPath", options.dbPath] : ["-inMemory"];
  const { args, loopbackOnly } = javaArguments(dir, [...storage, "-port", String(port), "-disableTelemetry"], options.onWarning ?? ((message) => process.stderr.write(`${message}\n`)));
  const child: ChildProcess = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] });
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
    loopbackOnly,
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
