/** Example messages for the page's publish form: what each kind of publisher sends. */
export function sampleMessages(region: string, accountId: string, topicArn: string): Record<string, { subject?: string; message: string }> {
  const now = new Date().toISOString().replace("Z", "+0000");
  return {
    "CloudWatch alarm": {
      subject: `ALARM: "api-5xx-high" in ${region}`,
      message: JSON.stringify({
        AlarmName: "api-5xx-high",
        AlarmDescription: "5xx rate above 1% for 5 minutes",
        AWSAccountId: accountId,
        NewStateValue: "ALARM",
        NewStateReason: "Threshold Crossed: 1 out of the last 1 datapoints [3.2] was greater than the threshold (1.0).",
        StateChangeTime: now,
        Region: region,
        AlarmArn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:api-5xx-high`,
        OldStateValue: "OK",
        AlarmActions: [topicArn],
        OKActions: [],
        InsufficientDataActions: [],
        Trigger: {
          MetricName: "5XXError", Namespace: "AWS/ApiGateway", StatisticType: "Statistic", Statistic: "AVERAGE", Unit: null,
          Dimensions: [{ value: "orders-api", name: "ApiName" }], Period: 300, EvaluationPeriods: 1, ComparisonOperator: "GreaterThanThreshold",
          Threshold: 1.0, TreatMissingData: "missing", EvaluateLowSampleCountPercentile: "",
        },
      }, null, 2),
    },
    "Custom notification": {
      message: JSON.stringify({
        version: "1.0",
        source: "custom",
        content: {
          textType: "client-markdown",
          title: ":rocket: Deploy 42 finished",
          description: "orders-api is live in *production*.",
          nextSteps: ["Watch the dashboard for 10 minutes"],
        },
      }, null, 2),
    },
    "Plain text": { message: "Backup finished: 42 GB in 7 minutes. <!channel> & friends" },
  };
}
