import type { IncomingMessage, ServerResponse } from "node:http";
import { readRawBody } from "../http/body";
import { escapeXml } from "../sns/xml";

/**
 * Where the local functions' SDK clients go for AWS services that do not run here (CloudWatch,
 * CloudWatch Logs, Lambda, and any service without its own AWS_ENDPOINT_URL_<SERVICE>): an error
 * in the service's own protocol that says so, instead of a call leaving the machine with fake
 * credentials. HTTP 400, not 5xx, so the SDK does not retry it.
 */

export const NOT_AVAILABLE_LOCALLY = "NotAvailableLocally";
const AVAILABLE = "DynamoDB (DynamoDB Local), SNS Publish and ListTopics, and STS/IAM stand-ins";
/** The path's last segment (`/aws/unavailable/<slug>`) names the service for the message. */
const SERVICE_NAMES: Readonly<Record<string, string>> = { cloudwatch: "CloudWatch", logs: "CloudWatch Logs", lambda: "Lambda" };

/** The SDK's user agent names the client (`api/s3#3.x`); these speak REST-XML, whose errors are XML documents of their own shape. */
const REST_XML_CLIENT = /\bapi\/(s3|route-53)#/;

export function createUnavailableServiceEndpoint() {
  return async (req: IncomingMessage, res: ServerResponse, slug: string): Promise<void> => {
    await readRawBody(req).catch(() => undefined);
    const service = Object.hasOwn(SERVICE_NAMES, slug) ? SERVICE_NAMES[slug] : "This AWS service";
    const message = `${service} is not available in Herald's local runtime (only ${AVAILABLE} are). Deploy Herald to run this command against AWS.`;
    const contentType = String(req.headers["content-type"] ?? "");
    if (REST_XML_CLIENT.test(String(req.headers["user-agent"] ?? ""))) {
      // REST-XML protocol (S3, Route 53): an <Error> document.
      res.writeHead(400, { "content-type": "application/xml" });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${NOT_AVAILABLE_LOCALLY}</Code><Message>${escapeXml(message)}</Message><RequestId>local</RequestId></Error>`);
      return;
    }
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      // Query protocol (e.g. IAM, SNS): XML error.
      res.writeHead(400, { "content-type": "text/xml" });
      res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${NOT_AVAILABLE_LOCALLY}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>local</RequestId></ErrorResponse>`);
      return;
    }
    // JSON 1.0/1.1 and REST-JSON protocols read the error code from this header or __type.
    res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": NOT_AVAILABLE_LOCALLY });
    res.end(JSON.stringify({ __type: NOT_AVAILABLE_LOCALLY, message, Message: message }));
  };
}
