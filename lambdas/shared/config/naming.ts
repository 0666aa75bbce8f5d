/** How Herald names what it creates from the config, in one place (CDK, local runtime and tests agree). */

/** The SNS topic Herald creates in every Region for a config `topics[]` entry. */
export function heraldTopicName(topicName: string): string {
  return `herald-${topicName}`;
}

/** The ARN of that topic in a given Region and account. */
export function heraldTopicArn(topicName: string, region: string, accountId: string, partition = "aws"): string {
  return `arn:${partition}:sns:${region}:${accountId}:${heraldTopicName(topicName)}`;
}
