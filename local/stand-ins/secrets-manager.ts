import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Secrets Manager's `GetSecretValue` (JSON 1.1 protocol), so the same handler code
 * that reads the Slack bot token in AWS reads it locally through AWS_ENDPOINT_URL_SECRETS_MANAGER.
 * It holds only the values it is given (local, fake secrets).
 */
export class SecretsManagerStandIn {
  constructor(private readonly secrets: Map<string, string> = new Map()) {}

  set(name: string, value: string): void {
    this.secrets.set(name, value);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers["x-amz-target"] ?? "");
    const reply = (status: number, payload: object) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(payload));
    };
    if (target !== "secretsmanager.GetSecretValue") {
      return reply(400, { __type: "UnknownOperationException", message: `Unsupported operation ${target}` });
    }
    let secretId: unknown;
    try {
      secretId = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { SecretId?: unknown }).SecretId;
    } catch {
      return reply(400, { __type: "InvalidRequestException", message: "Body is not JSON" });
    }
    const value = typeof secretId === "string" ? this.secrets.get(secretId) : undefined;
    if (value === undefined) {
      return reply(400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." });
    }
    return reply(200, { ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${String(secretId)}-AbCdEf`, Name: secretId, SecretString: value, VersionId: "local" });
  }
}

export async function startSecretsManager(secrets: Record<string, string>): Promise<{ standIn: SecretsManagerStandIn; url: string; close(): Promise<void> }> {
  const standIn = new SecretsManagerStandIn(new Map(Object.entries(secrets)));
  const server = createServer((req, res) => void standIn.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { standIn, url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}
