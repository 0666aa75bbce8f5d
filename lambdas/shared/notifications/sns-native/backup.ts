/**
 * AWS Backup notifications: a sentence, then "Key : value." pairs, with the event type and state
 * in message attributes. https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
 */
import { parseArn } from "../arn";
import { consoleLink, consoleLocation } from "../console-links";
import { optionalField, presentFields } from "../fields";
import type { Field, Renderer, Severity, SnsNotificationInput } from "../model";
import { lookup } from "../untrusted-json";
import { toNotification } from "../view";

const SUBJECT = "Notification from AWS Backup";
/** A key starts the message or follows ". ", is a few words, and ends with " :" or ":" and a space. */
const KEY = /(?:^|\.\s+)([A-Z][A-Za-z ]{1,40}?)\s?:\s/g;
const MAX_LENGTH = 20_000;

const SEVERITY_BY_STATE: Readonly<Record<string, Severity>> = {
  COMPLETED: "ok",
  FAILED: "high",
  ABORTED: "high",
  EXPIRED: "high",
  PARTIAL: "medium",
  RUNNING: "info",
  CREATED: "info",
  PENDING: "info",
};

/** Console pages of the job kinds that have one. */
const JOB_PAGES: Readonly<Record<string, string>> = { BACKUP_JOB: "backup", COPY_JOB: "copy", RESTORE_JOB: "restore" };

export const backupRenderer: Renderer = {
  kind: "backup",
  render: renderBackupNotification,
};

export function renderBackupNotification(input: SnsNotificationInput, parsed: unknown) {
  if (parsed !== undefined || typeof input.message !== "string" || input.message.length > MAX_LENGTH) return undefined;
  const attributes = attributeValues(input);
  const eventType = attributes.get("EventType") ?? attributes.get("eventType");
  if (input.subject !== SUBJECT && !(/\bAWS Backup\b|\bEKS Backup\b/.test(input.message) && eventType !== undefined)) return undefined;

  const { description, pairs } = readMessage(input.message);
  const state = attributes.get("State");
  const jobId = attributes.get("Id") ?? attributes.get("backupJobId") ?? attributes.get("restoreJobId") ?? pairs.get("BackupJob ID") ?? pairs.get("RestoreJob ID");
  const resourceArn = pairs.get("Resource ARN");
  const region = [resourceArn, pairs.get("Recovery point ARN"), input.topicArn].map((arn) => (arn === undefined ? undefined : parseArn(arn)?.region)).find(Boolean);

  const page = eventType === undefined ? undefined : lookup(JOB_PAGES, eventType);
  const jobPage = page === undefined || jobId === undefined ? undefined : `/jobs/${page}/details/${encodeURIComponent(jobId)}`;
  // ARNs and ids as code, the rest (cluster names, resource kinds) as text.
  const pairFields: Field[] = [...pairs].map(([label, value]) => (/ARN|ID$/.test(label) ? { label, value, code: true } : { label, value }));
  return toNotification(backupRenderer.kind, {
    title: description || "AWS Backup notification",
    severity: backupSeverity(state, eventType, description),
    summary: `AWS Backup: ${description || eventType || "notification"}`,
    fields: presentFields(
      optionalField("Event", eventType),
      optionalField("State", state),
      ...pairFields,
      optionalField("Reason", attributes.get("reason")),
      optionalField("Started", attributes.get("StartTime")),
    ),
    links: [consoleLink(consoleLocation(region, [resourceArn, input.topicArn]), "View job in AWS Backup", jobPage && "/backup/home", jobPage)],
  }, {
    label: "AWS Backup",
    account: attributes.get("AccountId"),
    region,
    time: input.timestamp,
    eventType: eventType ?? "AWS Backup Notification",
  });
}

function attributeValues(input: SnsNotificationInput): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, attribute] of Object.entries(input.messageAttributes ?? {})) {
    if (typeof attribute?.value === "string" && attribute.value.trim() !== "") values.set(name, attribute.value);
  }
  return values;
}

/** The sentence before the first key, and each key's value up to the next key (without the closing "."). */
function readMessage(message: string): { description: string; pairs: Map<string, string> } {
  const keys = [...message.matchAll(KEY)];
  const pairs = new Map<string, string>();
  keys.forEach((match, index) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = index + 1 < keys.length ? (keys[index + 1].index ?? message.length) : message.length;
    const value = message.slice(start, end).trim().replace(/\.$/, "");
    if (value !== "" && !pairs.has(match[1])) pairs.set(match[1], value);
  });
  const first = keys[0]?.index ?? message.length;
  return { description: message.slice(0, first).trim().replace(/\.$/, ""), pairs };
}

function backupSeverity(state: string | undefined, eventType: string | undefined, description: string): Severity {
  const byState = state === undefined ? undefined : lookup(SEVERITY_BY_STATE, state.toUpperCase());
  if (byState !== undefined) return byState;
  if (eventType?.endsWith("_FAILED") || /\bfail|could not|interrupted/i.test(description)) return "high";
  if (eventType?.endsWith("_SKIPPED")) return "low";
  if (/completed|successful/i.test(description)) return "ok";
  return "info";
}
