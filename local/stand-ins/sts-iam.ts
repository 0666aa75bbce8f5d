import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { escapeXml } from "../runtime/sns/xml";

/**
 * STS and IAM cannot run here. This stand-in answers the few Query-API actions Herald's command
 * worker uses — STS AssumeRole and GetCallerIdentity, IAM GetPolicy and GetPolicyVersion — in the
 * services' XML, and records every request. The local runtime mounts it at /aws/sts and /aws/iam;
 * tests that use it are named "(STS and IAM mocked)". Nothing is enforced: AssumeRole hands out
 * credentials for any role, and the policy documents are whatever it was given.
 */

export interface QueryCall {
  readonly action: string;
  readonly params: Record<string, string>;
}

/** One guardrail document, with an optional description (IAM's `Description`, e.g. "local approximation"). */
export interface StandInPolicy {
  readonly document: object;
  readonly description?: string;
}

export interface StsIamOptions {
  /** Policy ARN → document (or document with description): what GetPolicy/GetPolicyVersion return. */
  readonly policies: Readonly<Record<string, object | StandInPolicy>>;
  /** How many calls `calls` keeps (oldest dropped): a long-running runtime must not grow without bound. */
  readonly keepCalls?: number;
}

/**
 * AccessKeyId "local": DynamoDB Local separates data by access key, so an assumed session sees the
 * same tables as the code that created them.
 */
const ASSUMED_ACCESS_KEY = "local";
const SESSION_TOKEN_PREFIX = "herald-local-session.";
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";

export class StsIamStandIn {
  readonly calls: QueryCall[] = [];

  constructor(private readonly options: StsIamOptions) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
    const action = params.Action ?? "";
    this.record({ action, params });
    const requestId = randomUUID();
    const xml = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": requestId });
      res.end(body);
    };
    const metadata = `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`;
    switch (action) {
      case "AssumeRole": {
        const roleArn = params.RoleArn ?? "";
        const sessionName = params.RoleSessionName ?? "";
        if (!/^arn:[\w-]+:iam::\d{12}:role\/.+$/.test(roleArn) || !sessionName) {
          return xml(400, errorXml(STS_NS, "ValidationError", "RoleArn and RoleSessionName are required", requestId));
        }
        const assumedArn = assumedRoleArn(roleArn, sessionName);
        const token = SESSION_TOKEN_PREFIX + Buffer.from(JSON.stringify({ roleArn, sessionName })).toString("base64url");
        const expiration = new Date(Date.now() + Number(params.DurationSeconds ?? 3600) * 1000).toISOString();
        const sourceIdentity = params.SourceIdentity ? `<SourceIdentity>${escapeXml(params.SourceIdentity)}</SourceIdentity>` : "";
        return xml(200, `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><Credentials><AccessKeyId>${ASSUMED_ACCESS_KEY}</AccessKeyId>` +
          `<SecretAccessKey>local</SecretAccessKey><SessionToken>${token}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `<AssumedRoleUser><Arn>${escapeXml(assumedArn)}</Arn><AssumedRoleId>AROALOCALSTANDIN:${escapeXml(sessionName)}</AssumedRoleId></AssumedRoleUser>` +
          `${sourceIdentity}</AssumeRoleResult>${metadata}</AssumeRoleResponse>`);
      }
      case "GetCallerIdentity": {
        // The session token names the assumed role (the access key cannot: DynamoDB Local needs it to be "local").
        const session = sessionFromToken(header(req, "x-amz-security-token"));
        const arn = session ? assumedRoleArn(session.roleArn, session.sessionName) : "arn:aws:iam::000000000000:user/herald-local";
        const account = arn.split(":")[4];
        const userId = session ? `AROALOCALSTANDIN:${session.sessionName}` : "AIDALOCALSTANDIN";
        return xml(200, `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>${escapeXml(arn)}</Arn>` +
          `<UserId>${escapeXml(userId)}</UserId><Account>${account}</Account></GetCallerIdentityResult>${metadata}</GetCallerIdentityResponse>`);
      }
      case "GetPolicy": {
        const policy = this.policy(params.PolicyArn);
        if (!policy) return xml(404, errorXml(IAM_NS, "NoSuchEntity", `Policy ${params.PolicyArn ?? ""} was not found.`, requestId));
        const arn = params.PolicyArn as string;
        const description = policy.description ? `<Description>${escapeXml(policy.description)}</Description>` : "";
        return xml(200, `<GetPolicyResponse xmlns="${IAM_NS}"><GetPolicyResult><Policy><PolicyName>${escapeXml(arn.split("/").pop() ?? arn)}</PolicyName>` +
          `<DefaultVersionId>v1</DefaultVersionId><PolicyId>ANPALOCALSTANDIN</PolicyId><Path>/</Path><Arn>${escapeXml(arn)}</Arn>` +
          `<AttachmentCount>0</AttachmentCount><IsAttachable>true</IsAttachable>${description}</Policy></GetPolicyResult>${metadata}</GetPolicyResponse>`);
      }
      case "GetPolicyVersion": {
        const policy = this.policy(params.PolicyArn);
        if (!policy || params.VersionId !== "v1") {
          return xml(404, errorXml(IAM_NS, "NoSuchEntity", `Policy ${params.PolicyArn ?? ""} version ${params.VersionId ?? ""} does not exist.`, requestId));
        }
        // IAM returns the document URL-encoded (RFC 3986), inside XML.
        return xml(200, `<GetPolicyVersionResponse xmlns="${IAM_NS}"><GetPolicyVersionResult><PolicyVersion>` +
          `<Document>${escapeXml(encodeURIComponent(JSON.stringify(policy.document)))}</Document><VersionId>v1</VersionId>` +
          `<IsDefaultVersion>true</IsDefaultVersion></PolicyVersion></GetPolicyVersionResult>${metadata}</GetPolicyVersionResponse>`);
      }
      default:
        return xml(400, errorXml(STS_NS, "InvalidAction", `The action ${action || "(none)"} is not supported by Herald's local STS/IAM stand-in`, requestId));
    }
  }

  private policy(arn: string | undefined): StandInPolicy | undefined {
    if (arn === undefined || !Object.hasOwn(this.options.policies, arn)) return undefined;
    const entry = this.options.policies[arn];
    return "document" in entry ? (entry as StandInPolicy) : { document: entry };
  }

  private record(call: QueryCall): void {
    this.calls.push(call);
    const keep = this.options.keepCalls ?? 1_000;
    if (this.calls.length > keep) this.calls.splice(0, this.calls.length - keep);
  }
}

/** The stand-in as a server of its own, for tests: `url` serves both STS and IAM. */
export async function startStsAndIamStandIn(guardrails: Record<string, object>): Promise<{ url: string; calls: QueryCall[]; close(): Promise<void> }> {
  const standIn = new StsIamStandIn({ policies: guardrails });
  const server = createServer((req, res) => void standIn.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls: standIn.calls, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/** `arn:aws:iam::123456789012:role/path/Name` + session → `arn:aws:sts::123456789012:assumed-role/Name/session`. */
function assumedRoleArn(roleArn: string, sessionName: string): string {
  const [, partition, , , account, resource] = roleArn.split(":");
  return `arn:${partition}:sts::${account}:assumed-role/${resource.split("/").pop() ?? ""}/${sessionName}`;
}

function sessionFromToken(token: string | undefined): { roleArn: string; sessionName: string } | undefined {
  if (!token?.startsWith(SESSION_TOKEN_PREFIX)) return undefined;
  try {
    const session = JSON.parse(Buffer.from(token.slice(SESSION_TOKEN_PREFIX.length), "base64url").toString("utf8")) as { roleArn?: unknown; sessionName?: unknown };
    return typeof session.roleArn === "string" && typeof session.sessionName === "string" ? { roleArn: session.roleArn, sessionName: session.sessionName } : undefined;
  } catch {
    return undefined;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function errorXml(namespace: string, code: string, message: string, requestId: string): string {
  return `<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`;
}
