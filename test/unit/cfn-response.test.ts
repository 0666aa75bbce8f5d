import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { failedResponse, sendCfnResponse, successResponse } from "../../lambdas/config-sync/cfn-response";
import { createConfigSyncHandler } from "../../lambdas/config-sync/handler";
import { testLambdaContext } from "../helpers/lambda-context";
import type { ChannelConfigsProperties } from "../../lambdas/config-sync/properties";

/** A local HTTP server standing in for CloudFormation's pre-signed S3 ResponseURL. */
interface ReceivedPut {
  readonly method: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let server: Server;
let baseUrl: string;
let received: ReceivedPut[];
let statuses: number[];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

beforeEach(() => {
  received = [];
  statuses = [];
});

const identity = {
  ResponseURL: "",
  StackId: "arn:aws:cloudformation:us-east-1:123456789012:stack/Herald-us-east-1/guid",
  RequestId: "request-1",
  LogicalResourceId: "ChannelConfigs",
};
const viaLocalHttp = { request: httpRequest, attempts: 3 };

describe("sendCfnResponse", () => {
  it("PUTs the JSON response with the empty content type and exact length the pre-signed URL needs", async () => {
    const body = successResponse(identity, "herald-channel-configs", { Written: "4" });

    await sendCfnResponse(`${baseUrl}/signed?X-Amz-Signature=abc`, body, viaLocalHttp);

    expect(received).toHaveLength(1);
    const [put] = received;
    expect(put.method).toBe("PUT");
    expect(put.headers["content-type"]).toBe("");
    expect(put.headers["content-length"]).toBe(String(Buffer.byteLength(put.body)));
    expect(JSON.parse(put.body)).toEqual({
      Status: "SUCCESS",
      PhysicalResourceId: "herald-channel-configs",
      StackId: identity.StackId,
      RequestId: "request-1",
      LogicalResourceId: "ChannelConfigs",
      Data: { Written: "4" },
    });
  });

  it("retries a failed PUT and succeeds when the URL recovers", async () => {
    statuses = [503];

    await sendCfnResponse(`${baseUrl}/signed`, successResponse(identity, "id"), viaLocalHttp);

    expect(received).toHaveLength(2);
  });

  it("rejects with the HTTP status once every attempt has failed", async () => {
    statuses = [500, 500];

    await expect(sendCfnResponse(`${baseUrl}/signed`, successResponse(identity, "id"), { request: httpRequest, attempts: 2 }))
      .rejects.toThrow("HTTP 500");
    expect(received).toHaveLength(2);
  });

  it("refuses a non-https ResponseURL unless a request function is injected", async () => {
    await expect(sendCfnResponse(`${baseUrl}/signed`, successResponse(identity, "id"))).rejects.toThrow("must use https");
    expect(received).toHaveLength(0);
  });

  it("cuts an overlong failure reason so the response stays under CloudFormation's size limit", () => {
    const response = failedResponse(identity, "id", "x".repeat(5_000));

    expect(response.Status).toBe("FAILED");
    expect(response.Reason!.length).toBeLessThanOrEqual(1_000);
  });
});

describe("config-sync handler reports to CloudFormation", () => {
  const records = [{ name: "ops-alarms", teamId: "T0HERALD1", channelId: "C0OPS0001", topicArns: ["arn:aws:sns:us-east-1:123456789012:herald-alarms"] }];
  const event = (requestType: "Create" | "Update" | "Delete"): CloudFormationCustomResourceEvent<ChannelConfigsProperties> => {
    const common = {
      ...identity,
      ResponseURL: `${baseUrl}/signed`,
      ServiceToken: "arn:aws:lambda:us-east-1:123456789012:function:config-sync",
      ResourceType: "Custom::HeraldChannelConfigs",
      ResourceProperties: { ServiceToken: "token", Records: JSON.stringify(records), ConfigHash: "hash" },
    };
    if (requestType === "Create") return { ...common, RequestType: "Create" };
    if (requestType === "Update") return { ...common, RequestType: "Update", PhysicalResourceId: "herald-channel-configs", OldResourceProperties: common.ResourceProperties };
    return { ...common, RequestType: "Delete", PhysicalResourceId: "herald-channel-configs" };
  };
  const send = (url: string, body: Parameters<typeof sendCfnResponse>[1]) => sendCfnResponse(url, body, viaLocalHttp);
  const quiet = () => undefined;
  const lastResponse = () => JSON.parse(received[received.length - 1].body);

  it("syncs the records on Create and reports SUCCESS with the counts", async () => {
    const sync = jest.fn().mockResolvedValue({ written: 2, deleted: 1 });

    await createConfigSyncHandler({ sync, send, log: quiet })(event("Create"), testLambdaContext());

    expect(sync).toHaveBeenCalledWith(records);
    expect(lastResponse()).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: "herald-channel-configs", Data: { Written: "2", Deleted: "1" } });
  });

  it("leaves the table alone on Delete and still reports SUCCESS", async () => {
    const sync = jest.fn();

    await createConfigSyncHandler({ sync, send, log: quiet })(event("Delete"), testLambdaContext());

    expect(sync).not.toHaveBeenCalled();
    expect(lastResponse()).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: "herald-channel-configs" });
  });

  it("reports FAILED with the error as the reason when the sync throws", async () => {
    const sync = jest.fn().mockRejectedValue(Object.assign(new Error("User is not authorized to perform dynamodb:Scan"), { name: "AccessDeniedException" }));

    await createConfigSyncHandler({ sync, send, log: quiet })(event("Update"), testLambdaContext());

    expect(lastResponse()).toMatchObject({
      Status: "FAILED",
      PhysicalResourceId: "herald-channel-configs",
      Reason: "AccessDeniedException: User is not authorized to perform dynamodb:Scan",
    });
  });

  it("reports FAILED before the Lambda deadline instead of leaving CloudFormation waiting", async () => {
    const sync = jest.fn(() => new Promise<never>(() => undefined));
    const context = { getRemainingTimeInMillis: () => 150 };

    await createConfigSyncHandler({ sync, send, log: quiet, deadlineMarginMs: 100 })(event("Create"), context);

    expect(lastResponse()).toMatchObject({ Status: "FAILED", Reason: expect.stringContaining("Timed out") });
  });

  it("reports FAILED when the Records property is not a JSON array", async () => {
    const bad = event("Create");
    const withBadRecords = { ...bad, ResourceProperties: { ...bad.ResourceProperties, Records: "{}" } };

    await createConfigSyncHandler({ sync: jest.fn(), send, log: quiet })(withBadRecords, testLambdaContext());

    expect(lastResponse()).toMatchObject({ Status: "FAILED", Reason: expect.stringContaining("JSON array") });
  });
});
