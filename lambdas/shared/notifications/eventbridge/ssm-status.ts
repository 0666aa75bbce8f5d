/** Systems Manager's execution statuses (Automation, Run Command, State Manager) as severities. */
import type { Severity } from "../model";
import { severityOfState } from "../severity";

const SSM_STATUS_SEVERITY: Readonly<Record<string, Severity>> = {
  SUCCESS: "ok",
  FAILED: "high",
  TIMEDOUT: "high",
  TIMED_OUT: "high",
  DELIVERYTIMEDOUT: "high",
  EXECUTIONTIMEDOUT: "high",
  UNDELIVERABLE: "high",
  TERMINATED: "medium",
  CANCELLED: "low",
  CANCELLING: "low",
  PENDING: "info",
  INPROGRESS: "info",
  IN_PROGRESS: "info",
  WAITING: "info",
  DELAYED: "info",
  RUNBOOKINPROGRESS: "info",
  PENDINGAPPROVAL: "info",
  APPROVED: "info",
  SCHEDULED: "info",
  CHANGECALENDAROVERRIDEAPPROVED: "info",
};

/** Statuses come as "Success", "TimedOut", "InProgress", "Timed Out": compared without case or spaces. */
export function ssmStatusSeverity(status: string | undefined): Severity {
  return severityOfState(status?.replace(/[\s-]/g, "").toUpperCase(), SSM_STATUS_SEVERITY);
}
