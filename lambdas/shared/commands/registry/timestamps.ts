import { ParameterValueError } from "./errors";

/**
 * Time parameters as people type them in chat: ISO 8601 ("2024-05-01T10:00:00Z"), Unix seconds,
 * "now", or a relative time in the past ("-1h", "30m", "2d"). The AWS CLI accepts the first two;
 * the last two save looking up the time when asking "what happened in the last hour".
 */

const RELATIVE = /^-?(\d{1,6})\s*(s|sec|m|min|h|hr|d|day|w|week)s?(?:\s+ago)?$/i;
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000, sec: 1_000,
  m: 60_000, min: 60_000,
  h: 3_600_000, hr: 3_600_000,
  d: 86_400_000, day: 86_400_000,
  w: 604_800_000, week: 604_800_000,
};

export function parseTimestamp(param: string, value: string, now: Date = new Date()): Date {
  const text = value.trim();
  if (text.toLowerCase() === "now") return now;
  const relative = RELATIVE.exec(text);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2].toLowerCase()]);
  if (/^\d{9,11}$/.test(text)) return new Date(Number(text) * 1_000);
  // Date.parse accepts more than ISO 8601; requiring a leading year keeps "5" or "May" from being read as dates.
  const parsed = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(parsed)) {
    throw new ParameterValueError(param, `--${param} must be a time: ISO 8601 (2024-05-01T10:00:00Z), Unix seconds, "now" or a time ago such as "-1h"; got "${text.slice(0, 60)}"`);
  }
  return new Date(parsed);
}
