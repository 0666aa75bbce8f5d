/**
 * What every EventBridge renderer shares: matching on source and detail-type, and the small print
 * (service, account, Region, time, CodeStar rule). A renderer supplies only what is specific to
 * its events, as a NotificationView.
 */
import { parseArn } from "../arn";
import { consoleLocation, type ConsoleLocation } from "../console-links";
import type { Renderer, ThreadHint } from "../model";
import { toNotification, type NotificationView } from "../view";
import { readEventBridgeEvent, type EventBridgeEvent } from "./event";

export { plainBody } from "../view";

export interface EventBridgeRendererSpec {
  readonly kind: string;
  /** The service, shown first in the small print ("Amazon GuardDuty"). */
  readonly label: string | ((event: EventBridgeEvent) => string);
  /** The event `source` this renderer handles; undefined for any source (the generic renderer). */
  readonly source?: string;
  /** The detail-types it handles; undefined for every detail-type of its source. */
  readonly detailTypes?: readonly string[];
  /** The view of one event, or undefined to let the next renderer try. */
  render(event: EventBridgeEvent): NotificationView | undefined;
}

export function eventBridgeRenderer(spec: EventBridgeRendererSpec): Renderer {
  return {
    kind: spec.kind,
    render(_input, parsed) {
      const event = readEventBridgeEvent(parsed);
      if (event === undefined || !handles(spec, event)) return undefined;
      const view = spec.render(event);
      if (view === undefined) return undefined;
      return toNotification(spec.kind, view, {
        label: typeof spec.label === "string" ? spec.label : spec.label(event),
        account: event.account,
        region: event.region,
        time: event.time,
        note: codeStarNote(event),
        eventType: event.detailType,
      });
    },
  };
}

function handles(spec: EventBridgeRendererSpec, event: EventBridgeEvent): boolean {
  if (spec.source !== undefined && event.source !== spec.source) return false;
  return spec.detailTypes === undefined || spec.detailTypes.includes(event.detailType);
}

function codeStarNote(event: EventBridgeEvent): string | undefined {
  if (event.notificationRuleArn === undefined) return undefined;
  const rule = parseArn(event.notificationRuleArn)?.resource.replace(/^notificationrule\//, "");
  return `Via CodeStar notification rule ${rule ?? event.notificationRuleArn}`;
}

/** The console location of an event: its Region, in the partition its resources' ARNs name. */
export function eventLocation(event: EventBridgeEvent, ...arns: (string | undefined)[]): ConsoleLocation | undefined {
  return consoleLocation(event.region, [...arns, ...event.resources]);
}

/** A thread hint keyed within the event's source, account and Region, timed by the event. */
export function eventThread(event: EventBridgeEvent, key: string, options: { opens?: boolean; updatesParent?: boolean } = {}): ThreadHint {
  return {
    key: `${event.source}:${event.account ?? ""}:${event.region ?? ""}:${key}`,
    opens: options.opens ?? true,
    updatesParent: options.updatesParent ?? true,
    ...(event.time === undefined ? {} : { occurredAt: event.time }),
  };
}
