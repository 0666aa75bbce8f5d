/**
 * Turns any SNS message into a Notification. Renderers are tried from the most specific to the most
 * generic; plain text accepts everything, so every message is delivered in some form. Never throws.
 */
import { cloudWatchAlarmRenderer } from "./cloudwatch-alarm";
import { customNotificationRenderer } from "./custom-notification";
import { EVENTBRIDGE_RENDERERS } from "./eventbridge";
import { genericJsonRenderer } from "./generic-json";
import type { Notification, Renderer, SnsNotificationInput } from "./model";
import { parseMessageJson } from "./parse-message";
import { plainTextRenderer } from "./plain-text";
import { backupRenderer } from "./sns-native/backup";
import { budgetsRenderer } from "./sns-native/budgets";
import { cloudFormationStackRenderer } from "./sns-native/cloudformation-stack";
import { dmsEventRenderer, rdsEventSubscriptionRenderer } from "./sns-native/event-subscription";
import { prometheusAlertmanagerRenderer } from "./sns-native/prometheus-alertmanager";

export const RENDERERS: readonly Renderer[] = [
  cloudWatchAlarmRenderer,
  customNotificationRenderer,
  // EventBridge events and CodeStar notifications: each service's renderer, then the generic one.
  ...EVENTBRIDGE_RENDERERS,
  // Services that publish their own formats to SNS, JSON or text.
  rdsEventSubscriptionRenderer,
  dmsEventRenderer,
  prometheusAlertmanagerRenderer,
  cloudFormationStackRenderer,
  budgetsRenderer,
  backupRenderer,
  genericJsonRenderer,
  plainTextRenderer,
];

export interface RenderOptions {
  /** Told when a renderer threw (the next renderer is then tried), so the caller can log it. */
  readonly onRendererError?: (kind: string, error: unknown) => void;
}

export function renderNotification(input: SnsNotificationInput, options: RenderOptions = {}): Notification {
  return renderWith(RENDERERS, input, options);
}

/** The waterfall itself, over any renderers (tests use it to show that a failing renderer falls through). */
export function renderWith(
  renderers: readonly Renderer[],
  input: SnsNotificationInput,
  options: RenderOptions = {},
): Notification {
  let parsed: unknown;
  try {
    parsed = parseMessageJson(input.message);
  } catch (error) {
    report(options, "parse", error);
  }
  for (const renderer of renderers) {
    try {
      const notification = renderer.render(input, parsed);
      if (notification !== undefined) return notification;
    } catch (error) {
      report(options, renderer.kind, error);
    }
  }
  return unreadableMessageNotification();
}

function report(options: RenderOptions, kind: string, error: unknown): void {
  try {
    options.onRendererError?.(kind, error);
  } catch {
    // A failing logger must not stop the message from being delivered.
  }
}

/** Only reached if even the plain-text renderer failed, i.e. the input is not the shape its type promises. */
function unreadableMessageNotification(): Notification {
  return {
    kind: "unreadable",
    recognized: false,
    title: "Unreadable message",
    severity: "unknown",
    summary: "An SNS message arrived that Herald could not read.",
    fields: [],
    lists: [],
    links: [],
    context: ["Herald could not read this message; see the forwarder's logs"],
  };
}
