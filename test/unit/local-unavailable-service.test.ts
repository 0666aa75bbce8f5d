import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createUnavailableServiceEndpoint, NOT_AVAILABLE_LOCALLY } from "../../local/runtime/aws/unavailable-service";

/**
 * The local runtime's answer for services with no stand-in reads as NotAvailableLocally in every
 * protocol the catalogue's clients speak (the worker turns it into "Needs AWS" with the exact call):
 * EC2 query, AWS query, REST-XML, REST-JSON, JSON 1.0/1.1 and Smithy RPC v2 CBOR.
 */

let server: Server;
let endpoint: string;

beforeAll(async () => {
  const answer = createUnavailableServiceEndpoint();
  server = createServer((req, res) => void answer(req, res, "aws"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/aws/unavailable/aws`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const config = () => ({ region: "us-east-1", endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });

test.each([
  ["ec2 (EC2 query)", async () => { const m = await import("@aws-sdk/client-ec2"); return new m.EC2Client(config()).send(new m.DescribeInstancesCommand({})); }],
  ["cloudformation (AWS query)", async () => { const m = await import("@aws-sdk/client-cloudformation"); return new m.CloudFormationClient(config()).send(new m.DescribeStacksCommand({})); }],
  ["rds (AWS query)", async () => { const m = await import("@aws-sdk/client-rds"); return new m.RDSClient(config()).send(new m.DescribeDBInstancesCommand({})); }],
  ["s3api (REST-XML)", async () => { const m = await import("@aws-sdk/client-s3"); return new m.S3Client({ ...config(), forcePathStyle: true }).send(new m.ListBucketsCommand({})); }],
  ["route53 (REST-XML)", async () => { const m = await import("@aws-sdk/client-route-53"); return new m.Route53Client(config()).send(new m.ListHostedZonesCommand({})); }],
  ["eks (REST-JSON)", async () => { const m = await import("@aws-sdk/client-eks"); return new m.EKSClient(config()).send(new m.ListClustersCommand({})); }],
  ["ecs (JSON 1.1)", async () => { const m = await import("@aws-sdk/client-ecs"); return new m.ECSClient(config()).send(new m.ListClustersCommand({})); }],
  ["cloudwatch", async () => { const m = await import("@aws-sdk/client-cloudwatch"); return new m.CloudWatchClient(config()).send(new m.DescribeAlarmsCommand({})); }],
])("%s", async (_service, call) => {
  await expect(call()).rejects.toMatchObject({ name: NOT_AVAILABLE_LOCALLY });
});
