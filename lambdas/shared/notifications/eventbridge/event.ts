/**
 * The EventBridge event envelope, read once per message. AWS CodeStar notification rules deliver
 * the same events with `detailType` instead of `detail-type` plus the rule's ARN, so one reader
 * serves both and every EventBridge renderer handles CodeStar notifications too.
 */
import { scalarTexts } from "../fields";
import { arrayAt, isRecord, recordAt, stringAt, type JsonRecord } from "../untrusted-json";

export interface EventBridgeEvent {
  readonly source: string;
  readonly detailType: string;
  readonly detail: JsonRecord;
  readonly id?: string;
  readonly account?: string;
  readonly region?: string;
  readonly time?: string;
  readonly resources: readonly string[];
  /** The CodeStar notification rule that sent it, when it came that way rather than from an EventBridge rule. */
  readonly notificationRuleArn?: string;
}

// Renderers each ask for the envelope; the parsed message is frozen and shared, so it is read once.
const cache = new WeakMap<object, EventBridgeEvent | null>();

/** The envelope of an EventBridge (or CodeStar) event, or undefined when the message is not one. */
export function readEventBridgeEvent(parsed: unknown): EventBridgeEvent | undefined {
  if (!isRecord(parsed)) return undefined;
  const cached = cache.get(parsed);
  if (cached !== undefined) return cached ?? undefined;
  const event = read(parsed);
  cache.set(parsed, event ?? null);
  return event;
}

function read(message: JsonRecord): EventBridgeEvent | undefined {
  const source = stringAt(message, "source");
  const detailType = stringAt(message, "detail-type") ?? stringAt(message, "detailType");
  const detail = recordAt(message, "detail");
  if (source === undefined || detailType === undefined || detail === undefined) return undefined;
  return {
    source,
    detailType,
    detail,
    id: stringAt(message, "id"),
    account: stringAt(message, "account"),
    region: stringAt(message, "region"),
    time: stringAt(message, "time"),
    resources: scalarTexts(arrayAt(message, "resources")),
    notificationRuleArn: stringAt(message, "notificationRuleArn"),
  };
}
