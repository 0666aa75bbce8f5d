import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLargeError, readRawBody } from "../http/body";
import type { LocalTopic, TopicCatalog } from "../topics";
import { invalidAction, invalidParameter, SnsApiError, topicNotFound } from "./errors";
import { type PublishRequest, parsePublishRequest } from "./publish-request";
import { errorResponseXml, listTopicsResponseXml, publishResponseXml } from "./xml";

/** What happens to an accepted message: SNS answers at once and delivers asynchronously. */
export type PublishSink = (topic: LocalTopic, request: PublishRequest, messageId: string) => void;

/**
 * The SNS Query API (form-encoded parameters, XML replies) for `Publish` and `ListTopics`, so the
 * AWS SDK's SNSClient and `aws sns … --endpoint-url` work unchanged. Signatures are not checked.
 */
export function createSnsEndpoint(topics: TopicCatalog, publish: PublishSink) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const requestId = randomUUID();
    const reply = (status: number, xml: string) => {
      res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": requestId });
      res.end(xml);
    };
    // The SDK and the CLI always POST; a GET (which any page's <img> can send, without an Origin in
    // older browsers) must not publish.
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST", "content-type": "text/xml", "x-amzn-requestid": requestId });
      res.end(errorResponseXml(new SnsApiError("InvalidAction", "The local SNS endpoint takes POST requests only (as the AWS SDK and CLI send them)", 405), requestId));
      return;
    }
    try {
      const params = new URLSearchParams(url.search);
      for (const [key, value] of new URLSearchParams((await readRawBody(req)).toString("utf8"))) params.append(key, value);
      const action = params.get("Action") ?? "";
      switch (action) {
        case "Publish": {
          const request = parsePublishRequest(params);
          const topic = topics.find(request.topicArn);
          if (!topic) throw topicNotFound();
          const messageId = randomUUID();
          publish(topic, request, messageId);
          return reply(200, publishResponseXml(messageId, requestId));
        }
        case "ListTopics": {
          const region = signingRegion(req.headers.authorization);
          const arns = topics.topics.filter((t) => !region || t.region === region).map((t) => t.arn);
          return reply(200, listTopicsResponseXml(arns, requestId));
        }
        default:
          throw invalidAction(action || "(none)");
      }
    } catch (error) {
      const apiError = error instanceof SnsApiError ? error
        : error instanceof BodyTooLargeError ? invalidParameter("Message too long")
        : new SnsApiError("InternalError", "The request processing has failed because of an unknown error.", 500, "Receiver");
      return reply(apiError.status, errorResponseXml(apiError, requestId));
    }
  };
}

/** SigV4's credential scope names the Region the caller's client is in: `Credential=AKID/date/<region>/sns/aws4_request`. */
function signingRegion(authorization: string | undefined): string | undefined {
  return authorization ? /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/sns\//.exec(authorization)?.[1] : undefined;
}
