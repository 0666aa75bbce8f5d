import { invalidParameter, invalidParameterValue } from "./errors";

/** A validated `Publish` call, before its topic is looked up. */
export interface PublishRequest {
  readonly topicArn: string;
  /** What a Lambda subscriber receives: the message, or its "lambda"/"default" entry with MessageStructure=json. */
  readonly message: string;
  readonly subject?: string;
  readonly messageAttributes: Record<string, { type: string; value: string }>;
}

/** SNS's limit for the whole message, attributes included. */
const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_ATTRIBUTES = 10;

/** Parses the Query API parameters of `Action=Publish` the way SNS validates them. */
export function parsePublishRequest(params: URLSearchParams): PublishRequest {
  const topicArn = params.get("TopicArn") || params.get("TargetArn");
  if (!topicArn) {
    if (params.get("PhoneNumber")) throw invalidParameter("PhoneNumber Reason: SMS is not available in the local runtime; publish to a topic");
    throw invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
  }
  const raw = params.get("Message");
  if (raw === null) throw invalidParameter("Message Reason: no value for required parameter");
  if (raw === "") throw invalidParameter("Empty message");
  const subject = params.get("Subject") ?? undefined;
  if (subject !== undefined) validateSubject(subject);
  const messageAttributes = parseMessageAttributes(params);
  const size = Buffer.byteLength(raw) + Object.entries(messageAttributes).reduce((sum, [name, a]) => sum + Buffer.byteLength(name + a.type + a.value), 0);
  if (size > MAX_MESSAGE_BYTES) throw invalidParameter("Message too long");
  return { topicArn, message: messageForLambda(raw, params.get("MessageStructure")), subject, messageAttributes };
}

/** With MessageStructure=json a subscriber gets its protocol's entry, else "default" (which SNS requires). */
function messageForLambda(raw: string, structure: string | null): string {
  if (structure === null || structure === "") return raw;
  if (structure !== "json") throw invalidParameter("MessageStructure Reason: the only supported value is json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter("Message Structure - JSON message body failed to parse");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalidParameter("Message Structure - JSON message body failed to parse");
  const entries = parsed as Record<string, unknown>;
  if (typeof entries.default !== "string") throw invalidParameter("Message Structure - No default entry in JSON message body");
  return typeof entries.lambda === "string" ? entries.lambda : entries.default;
}

// SNS: printable ASCII, no line breaks, fewer than 100 characters, starting with a letter, digit or punctuation.
function validateSubject(subject: string): void {
  if (subject.length === 0 || subject.length >= 100 || !/^[\x21-\x7e][\x20-\x7e]*$/.test(subject)) {
    throw invalidParameter("Subject");
  }
}

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue` | `.Value.BinaryValue`. */
function parseMessageAttributes(params: URLSearchParams): Record<string, { type: string; value: string }> {
  const attributes: Record<string, { type: string; value: string }> = {};
  for (let n = 1; params.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const prefix = `MessageAttributes.entry.${n}`;
    const name = params.get(`${prefix}.Name`) ?? "";
    const type = params.get(`${prefix}.Value.DataType`) ?? "";
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || /^(AWS\.|Amazon\.)/i.test(name) || name.startsWith(".") || name.endsWith(".") || name.includes("..")) {
      throw invalidParameterValue(`The message attribute name '${name}' is invalid.`);
    }
    if (!/^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$/.test(type)) {
      throw invalidParameterValue(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    }
    const value = type.startsWith("Binary") ? params.get(`${prefix}.Value.BinaryValue`) : params.get(`${prefix}.Value.StringValue`);
    if (!value) throw invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`);
    attributes[name] = { type, value };
  }
  if (Object.keys(attributes).length > MAX_ATTRIBUTES) throw invalidParameterValue(`Number of message attributes [${Object.keys(attributes).length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`);
  return attributes;
}
