/**
 * AWS timestamps come as "2024-05-01T12:00:00.000+0000" (CloudWatch) or "2024-05-01T12:00:00.000Z"
 * (SNS, EventBridge). Shown as "2024-05-01 12:00:00 UTC"; anything else is shown as sent.
 */
export function formatAwsTime(time: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|[+-]00:?00)$/.exec(time);
  return match === null ? time : `${match[1]} ${match[2]} UTC`;
}
