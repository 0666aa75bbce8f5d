/** A CloudWatch alarm SNS message as CloudWatch publishes it, with overridable fields. */
export function cloudWatchAlarmMessage(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    AlarmName: "api-5xx-high",
    AlarmDescription: "5xx rate above 1% for 5 minutes",
    AWSAccountId: "000000000000",
    AlarmConfigurationUpdatedTimestamp: "2026-11-27T10:00:00.000+0000",
    NewStateValue: "ALARM",
    NewStateReason: "Threshold Crossed: 1 out of the last 1 datapoints [3.2 (28/11/26 12:00:00)] was greater than the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).",
    StateChangeTime: "2026-11-28T12:05:00.000+0000",
    Region: "US East (N. Virginia)",
    AlarmArn: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:api-5xx-high",
    OldStateValue: "OK",
    OKActions: [],
    AlarmActions: ["arn:aws:sns:us-east-1:000000000000:herald-alarms"],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: "5XXError",
      Namespace: "AWS/ApiGateway",
      StatisticType: "Statistic",
      Statistic: "AVERAGE",
      Unit: null,
      Dimensions: [{ value: "orders-api", name: "ApiName" }],
      Period: 300,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: 1.0,
      TreatMissingData: "missing",
      EvaluateLowSampleCountPercentile: "",
    },
    ...overrides,
  });
}
