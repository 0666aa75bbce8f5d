/**
 * Alertmanager notifications as Amazon Managed Service for Prometheus sends them to SNS, in either
 * form: the default text template, or the JSON template AWS documents. Both are read into one
 * shape here, so the renderer need not care which one arrived.
 * https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-alertmanager-receiver-JSON.html
 */
import { arrayAt, isRecord, recordAt, scalarText, stringAt, type JsonRecord } from "../untrusted-json";

export type Labels = ReadonlyMap<string, string>;

export interface Alert {
  readonly status?: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt?: string;
}

export interface AlertGroup {
  /** "firing" or "resolved" (lower case). */
  readonly status: string;
  readonly receiver?: string;
  readonly alerts: readonly Alert[];
  readonly groupLabels: Labels;
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
}

/** The JSON form: receiver, status, alerts[], groupLabels, commonLabels, commonAnnotations. */
export function alertGroupFromJson(parsed: unknown): AlertGroup | undefined {
  if (!isRecord(parsed)) return undefined;
  const status = stringAt(parsed, "status");
  const alerts = arrayAt(parsed, "alerts");
  if (status === undefined || alerts === undefined) return undefined;
  const records = alerts.filter(isRecord);
  if (records.length === 0 || !records.some((alert) => recordAt(alert, "labels") !== undefined)) return undefined;
  return {
    status: status.toLowerCase(),
    receiver: stringAt(parsed, "receiver"),
    alerts: records.map((alert) => ({
      status: stringAt(alert, "status"),
      labels: labelsOf(recordAt(alert, "labels")),
      annotations: labelsOf(recordAt(alert, "annotations")),
      startsAt: stringAt(alert, "startsAt"),
    })),
    groupLabels: labelsOf(recordAt(parsed, "groupLabels")),
    commonLabels: labelsOf(recordAt(parsed, "commonLabels")),
    commonAnnotations: labelsOf(recordAt(parsed, "commonAnnotations")),
  };
}

function labelsOf(record: JsonRecord | undefined): Labels {
  const labels = new Map<string, string>();
  for (const [name, value] of Object.entries(record ?? {})) {
    const text = scalarText(value);
    if (text !== undefined) labels.set(name, text);
  }
  return labels;
}

const SUBJECT = /^\[(FIRING|RESOLVED)(?::\d+)?\]/i;
const SECTION = /^Alerts (Firing|Resolved):\s*$/;
const PAIR = /^ - ([^=]+?) = (.*)$/;

/**
 * The default text form: "[FIRING:2] group" as subject, then "Alerts Firing:" and "Alerts
 * Resolved:" sections of "Labels:" / "Annotations:" lists of " - name = value" and a "Source:" line.
 */
export function alertGroupFromText(subject: string | undefined, message: string): AlertGroup | undefined {
  const lines = message.split(/\r?\n/);
  if (!lines.some((line) => SECTION.test(line))) return undefined;
  const subjectStatus = subject === undefined ? undefined : SUBJECT.exec(subject)?.[1];

  const alerts: Array<{ status: string; labels: Map<string, string>; annotations: Map<string, string> }> = [];
  let sectionStatus: string | undefined;
  let target: Map<string, string> | undefined;
  for (const line of lines) {
    const section = SECTION.exec(line);
    if (section !== null) {
      sectionStatus = section[1].toLowerCase();
      target = undefined;
      continue;
    }
    if (sectionStatus === undefined) continue;
    if (line === "Labels:") {
      const alert = { status: sectionStatus, labels: new Map<string, string>(), annotations: new Map<string, string>() };
      alerts.push(alert);
      target = alert.labels;
    } else if (line === "Annotations:") {
      target = alerts.at(-1)?.annotations;
    } else {
      const pair = PAIR.exec(line);
      if (pair !== null) target?.set(pair[1], pair[2]);
      else target = undefined;
    }
  }
  if (alerts.length === 0) return undefined;
  const status = subjectStatus?.toLowerCase() ?? (alerts.some((alert) => alert.status === "firing") ? "firing" : "resolved");
  return {
    status,
    alerts,
    groupLabels: new Map(),
    commonLabels: commonEntries(alerts.map((alert) => alert.labels)),
    commonAnnotations: commonEntries(alerts.map((alert) => alert.annotations)),
  };
}

/** The entries every map has with the same value. */
function commonEntries(maps: readonly Labels[]): Labels {
  const [first, ...rest] = maps;
  const common = new Map<string, string>();
  for (const [name, value] of first ?? []) if (rest.every((map) => map.get(name) === value)) common.set(name, value);
  return common;
}
