import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * STS and IAM cannot run here. This stand-in answers the few Query-API actions Herald's worker
 * uses — STS AssumeRole, IAM GetPolicy and GetPolicyVersion — in the services' XML, and records
 * every request, so tests that use it are named "(STS and IAM mocked)".
 */

export interface QueryCall {
  readonly action: string;
  readonly params: Record<string, string>;
}

export async function startStsAndIamStandIn(guardrails: Record<string, object>): Promise<{ url: string; calls: QueryCall[]; close(): Promise<void> }> {
  const calls: QueryCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      const action = params.Action ?? "";
      calls.push({ action, params });
      const xml = (status: number, body: string) => {
        res.writeHead(status, { "content-type": "text/xml" });
        res.end(body);
      };
      switch (action) {
        case "AssumeRole":
          // AccessKeyId "local": DynamoDB Local separates data by access key, so the assumed
          // session sees the same tables as the tests.
          return xml(200, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>local</AccessKeyId><SecretAccessKey>local</SecretAccessKey><SessionToken>session-token</SessionToken><Expiration>${new Date(Date.now() + 900_000).toISOString()}</Expiration></Credentials><AssumedRoleUser><Arn>${params.RoleArn}/${params.RoleSessionName}</Arn><AssumedRoleId>AROAEXAMPLE:${params.RoleSessionName}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`);
        case "GetPolicy": {
          if (!guardrails[params.PolicyArn]) return xml(404, `<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>Policy ${params.PolicyArn} was not found.</Message></Error><RequestId>1</RequestId></ErrorResponse>`);
          return xml(200, `<GetPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetPolicyResult><Policy><PolicyName>${params.PolicyArn.split("/").pop()}</PolicyName><DefaultVersionId>v1</DefaultVersionId><Arn>${params.PolicyArn}</Arn></Policy></GetPolicyResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetPolicyResponse>`);
        }
        case "GetPolicyVersion":
          return xml(200, `<GetPolicyVersionResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetPolicyVersionResult><PolicyVersion><Document>${encodeURIComponent(JSON.stringify(guardrails[params.PolicyArn]))}</Document><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion></GetPolicyVersionResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetPolicyVersionResponse>`);
        default:
          return xml(400, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Unsupported ${action}</Message></Error><RequestId>1</RequestId></ErrorResponse>`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}
