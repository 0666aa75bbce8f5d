/**
 * Comparing and deriving severities. Sources grade differently (labels, 0–10 scores, 0–100
 * normalised scores, states); renderers map them onto Herald's scale here so that filters and
 * mentions mean the same thing for every source.
 */
import type { Severity } from "./model";
import { lookup } from "./untrusted-json";

/** "ok" (a recovery) and "unknown" rank lowest: they carry no urgency of their own. */
const RANK: Readonly<Record<Severity, number>> = { critical: 5, high: 4, medium: 3, low: 2, info: 1, ok: 0, unknown: 0 };

export function severityRank(severity: Severity): number {
  return lookup(RANK, severity) ?? 0;
}

/** The more urgent of two severities. */
export function higherSeverity(a: Severity, b: Severity): Severity {
  return severityRank(b) > severityRank(a) ? b : a;
}

const BY_LABEL: Readonly<Record<string, Severity>> = {
  CRITICAL: "critical",
  HIGH: "high",
  MEDIUM: "medium",
  MODERATE: "medium",
  LOW: "low",
  INFORMATIONAL: "info",
  INFO: "info",
};

/** The labels AWS security services use (Security Hub, Inspector, Health, patch compliance), any case. */
export function severityFromLabel(label: string | undefined): Severity | undefined {
  return label === undefined ? undefined : lookup(BY_LABEL, label.trim().toUpperCase());
}

/** A band of a numeric score: scores at or above `min` (and below the next band's) get `severity`. */
export interface ScoreBand {
  readonly min: number;
  readonly severity: Severity;
}

/** The severity of a score, given bands in descending order of `min`; below every band: "unknown". */
export function severityFromScore(score: number | undefined, bands: readonly ScoreBand[]): Severity {
  if (score === undefined) return "unknown";
  return bands.find((band) => score >= band.min)?.severity ?? "unknown";
}

/** A state's severity from a table; states the table does not know (new enum values) are "unknown". */
export function severityOfState(state: string | undefined, table: Readonly<Record<string, Severity>>): Severity {
  return state === undefined ? "unknown" : (lookup(table, state) ?? lookup(table, state.toUpperCase()) ?? "unknown");
}
