import fc from "fast-check";
import { randomBytes } from "node:crypto";
import { CREDENTIAL_PATTERNS, findCredential } from "../../lambdas/shared/security/credential-screen";

/**
 * Credential screening: a command that carries a credential is refused (neither run, stored, logged
 * nor echoed). The same patterns guard config values; commands skip the shapes that everyday ids
 * share (32-hex ECS task ids and log stream ids, IAM unique ids).
 */

// Fixtures are assembled from parts so that this file itself never holds a whole token.
const join = (...parts: string[]) => parts.join("");

describe("a command that carries a credential is found, by kind", () => {
  test.each([
    ["an AWS access key id", join("sns publish --message AKIA", "IOSFODNN7EXAMPLE"), "an AWS access key id"],
    ["a temporary access key id", join("x ASIA", "Y34FZKBOKMUTVV7A"), "an AWS access key id"],
    ["an AWS secret access key", join("lambda invoke --payload {\"k\":\"wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY\"}"), "an AWS secret access key"],
    ["an AWS session token", join("x IQoJb3JpZ2lu", "X2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6"), "an AWS session token"],
    ["a Slack bot token", join("sns publish --message xoxb-", "1234567890-0987654321-AbCdEfGhIjKl"), "a Slack token"],
    ["a Slack user token", join("xoxp-", "1234567890-0987654321-1111-abcdef"), "a Slack token"],
    ["a Slack app-level token", join("xapp-1-", "A0123456789-1234567890123-abcdef"), "a Slack app-level token"],
    ["a Slack webhook URL", join("https://hooks.slack.com/services/", "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"), "a Slack webhook URL"],
    ["a private key", join("-----BEGIN RSA ", "PRIVATE KEY-----\nMIIEow"), "a private key"],
    ["an OpenSSH private key", join("-----BEGIN OPENSSH ", "PRIVATE KEY-----"), "a private key"],
    ["a GitHub token", join("ghp_", "a".repeat(16), "B".repeat(20)), "a GitHub token"],
    ["a fine-grained GitHub token", join("github_pat_", "11ABCDEFG0", "x".repeat(60)), "a GitHub token"],
    ["a GitLab token", join("glpat-", "xxxxxxxxxxxxxxxxxxxx"), "a GitLab token"],
    ["a JSON Web Token", join("--payload eyJhbGciOiJIUzI1NiJ9.", "eyJzdWIiOiIxMjM0NTY3ODkwIn0.", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"), "a JSON Web Token"],
    ["a URL with a password", join("--endpoint https://admin:", "hunter2@db.internal/"), "a URL with a password in it"],
    ["password=", join("ssm send-command --parameters password", "=hunter2"), "a key=value secret"],
    ["secret: ", join("--message 'secret", ": swordfish'"), "a key=value secret"],
    ["a JSON password", join("lambda invoke --payload {\"user\":\"bob\",\"password", "\":\"hunter2\"}"), "a key=value secret"],
    ["a JSON api key", join("--payload {\"apiKey", "\": \"k-123456\"}"), "a key=value secret"],
    ["an aws_secret_access_key line", join("aws_secret_access_key", " = abc123"), "a key=value secret"],
    ["a password parameter", join("rds modify-db-instance --db-instance-identifier prod --master-user-password ", "hunter2"), "a secret passed as a parameter"],
    ["a client secret parameter", join("cognito update --client-secret", "=s3cr3t"), "a secret passed as a parameter"],
  ])("%s", (_case, text, what) => {
    expect(findCredential(text)).toEqual({ what });
  });

  test("random AWS secret access keys are found (at least 99 in 100)", () => {
    const keys = Array.from({ length: 1_000 }, () => randomBytes(30).toString("base64"));
    const found = keys.filter((key) => findCredential(`sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:t --message ${key}`));
    expect(found.length).toBeGreaterThanOrEqual(990);
  });
});

describe("evasions: a credential glued to other characters or split by invisible ones is still found", () => {
  const ZWSP = "\u200B";
  const ZWJ = "\u200D";
  const WORD_JOINER = "\u2060";
  const SOFT_HYPHEN = "\u00AD";
  const accessKey = join("AKIA", "IOSFODNN7EXAMPLE");
  const slackUser = join("xoxp-", "1234567890-0987654321-1111-abcdef");
  const github = join("ghp_", "a".repeat(16), "B".repeat(20));
  test.each([
    // AWS access keys (AKIA…, ASIA…)
    ["an access key between underscores", `sns publish --message key_${accessKey}_end`, "an AWS access key id"],
    ["an access key between letters", `sns publish --message x${accessKey}y`, "an AWS access key id"],
    ["a temporary access key glued to digits", join("--message 9ASIA", "Y34FZKBOKMUTVV7A9"), "an AWS access key id"],
    ["an access key split by a zero-width space", join("--message AKIA", ZWSP, "IOSFODNN7EXAMPLE"), "an AWS access key id"],
    ["an access key split by a word joiner", join("--message AKIAIOSF", WORD_JOINER, "ODNN7EXAMPLE"), "an AWS access key id"],
    ["an access key in full-width letters", `--message ${[...accessKey].map((c) => String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0)).join("")}`, "an AWS access key id"],
    // Slack tokens (xoxb, xoxp, xoxa, xapp…)
    ["a Slack user token after a name", `--message token_${slackUser}`, "a Slack token"],
    ["a Slack bot token glued to a word", join("--message mytokenxoxb-", "1234567890-0987654321-AbCdEfGhIjKl"), "a Slack token"],
    ["a legacy Slack token split by a zero-width joiner", join("--message xox", ZWJ, "a-2-1234567890-0987654321"), "a Slack token"],
    ["a Slack app-level token glued to a word", join("--message app_xapp-1-", "A0123456789-1234567890123-abcdef"), "a Slack app-level token"],
    // GitHub tokens (ghp_, gho_, ghs_, github_pat_…)
    ["a GitHub token between underscores", `--message key_${github}_end`, "a GitHub token"],
    ["a GitHub OAuth token glued to a word", join("--message xgho_", "c".repeat(36)), "a GitHub token"],
    ["a GitHub app token split by a soft hyphen", join("--message ghs_", "d".repeat(20), SOFT_HYPHEN, "e".repeat(16)), "a GitHub token"],
    ["a fine-grained GitHub token after a name", join("--message pat=github_pat_", "11ABCDEFG0", "x".repeat(60)), "a GitHub token"],
    // PEM private key blocks
    ["a PEM block glued to text", join("--message key:-----BEGIN EC ", "PRIVATE KEY-----MHcCAQEE"), "a private key"],
    ["a PEM header split by a zero-width space", join("--message -----BEGIN ", "PRIVATE", ZWSP, " KEY-----"), "a private key"],
    // password= / secret= / token= pairs
    ["a prefixed password pair", join("ssm send-command --parameters db_password", "=hunter2"), "a key=value secret"],
    ["a prefixed secret pair", join("--message app_secret", "=swordfish"), "a key=value secret"],
    ["a prefixed token pair", join("--message x_token", "=abc123def"), "a key=value secret"],
    ["a password pair split by a zero-width space", join("--message pass", ZWSP, "word=hunter2"), "a key=value secret"],
  ])("%s", (_case, text, what) => {
    expect(findCredential(text)).toEqual({ what });
  });

  test.each([
    ["pagination tokens after an underscore", "--query next_token=abc --starting_token=xyz"],
    ["an uppercase word that merely contains AKIA", "cloudwatch describe-alarms --alarm-names OAKIA-ALARM"],
  ])("but %s are not credentials", (_case, text) => {
    expect(findCredential(text)).toBeUndefined();
  });
});

describe("normal commands are not mistaken for credentials", () => {
  test.each([
    ["a plain command", "sns list-topics"],
    ["an SNS publish to an ARN", "sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:ops-alarms --message \"Deploy finished\""],
    ["a CloudFormation stack ARN with a UUID", "cloudformation describe-stacks --stack-name arn:aws:cloudformation:us-east-1:123456789012:stack/prod-api/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"],
    ["a Lambda payload as JSON", "lambda invoke --function-name arn:aws:lambda:eu-west-1:123456789012:function:OrdersProcessorFunction --payload {\"orderId\":\"6f1c2f7e-3b9a-4c1d-9e7f-0a1b2c3d4e5f\",\"retry\":true,\"tokenCount\":3,\"NextToken\":\"abc\",\"secretArn\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf\"}"],
    ["alarm names", "cloudwatch describe-alarms --alarm-names \"High CPU on i-0123456789abcdef0\" Prod-API-5XX-ErrorRate-Above-1Percent PasswordResetFailuresHigh TokenRefreshLatencyP99"],
    ["a Lambda log stream (32 hex characters)", "logs get-log-events --log-group-name /aws/lambda/OrdersProcessorFunction12 --log-stream-name '2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef'"],
    ["a 40-character log group path", "logs filter-log-events --log-group-name /aws/lambda/MyServiceStackMyFunctionABC1"],
    ["an ECS task id (32 hex characters)", "ecs describe-tasks --cluster prod --tasks 0123456789abcdef0123456789abcdef"],
    ["a role's unique id", "cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=AROAEXAMPLEID1234567"],
    ["pagination tokens", "lambda list-functions --max-items 10 --starting-token eyJNYXJrZXIiOiBudWxsfQ== --next-token=AAEBAGVzZGF0YQ"],
    ["a secret's name, not its value", "secretsmanager describe-secret --secret-id prod/db/password-rotation"],
    ["a JMESPath query", "dynamodb describe-table --table-name Orders --query 'Table.{Keys:KeySchema,Status:TableStatus}'"],
    ["a git commit id", "codepipeline list-executions --pipeline-name api --query \"pipelineExecutionSummaries[?sourceRevisions[0].revisionId=='1f3870be274f6c49b3e31a0c6728957f1f3870be']\""],
    ["an alias template with variables", "alias create rotate rds modify-db-instance --db-instance-identifier $db --master-user-password $password"],
    ["metric data queries", "cloudwatch get-metric-data --metric-data-queries '[{\"Id\":\"m1\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/Lambda\",\"MetricName\":\"Errors\"},\"Period\":300,\"Stat\":\"Sum\"}}]' --start-time 2024-05-01T00:00:00Z --end-time 2024-05-01T01:00:00Z"],
    ["an AMI and a KMS key id", "ec2 describe-images --image-ids ami-0abcdef1234567890 --filters Name=tag:kms,Values=1234abcd-12ab-34cd-56ef-1234567890ab"],
  ])("%s", (_case, text) => {
    expect(findCredential(text)).toBeUndefined();
  });

  test("random ARNs and UUIDs are never flagged", () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
    const arn = fc.record({
      partition: fc.constantFrom("aws", "aws-cn", "aws-us-gov"),
      service: fc.constantFrom("sns", "lambda", "dynamodb", "logs", "cloudwatch", "sqs", "ecs"),
      region: fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2"),
      account: fc.stringMatching(/^\d{12}$/),
      resource: fc.array(word, { minLength: 1, maxLength: 3 }),
    }).map(({ partition, service, region, account, resource }) => `arn:${partition}:${service}:${region}:${account}:${resource.join("/")}`);
    fc.assert(fc.property(arn, fc.uuid(), (a, uuid) => findCredential(`describe --arn ${a} --id ${uuid}`) === undefined));
  });
});

describe("config values are screened more strictly", () => {
  test("shapes shared with everyday ids count only when asked for", () => {
    const hex = "8f742231b10e8888abcd99aaabbb85a5";
    expect(findCredential(hex)).toBeUndefined();
    expect(findCredential(hex, { includeAmbiguous: true })?.what).toMatch(/hex secret/);
    expect(findCredential("AROAEXAMPLEID1234567", { includeAmbiguous: true })?.what).toMatch(/principal id/);
  });
});

describe("the screen never hands the secret back", () => {
  test("for any text it returns nothing or one of the known kinds", () => {
    const kinds = new Set(CREDENTIAL_PATTERNS.map((p) => p.what));
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      const found = findCredential(text, { includeAmbiguous: true });
      return found === undefined || (kinds.has(found.what) && Object.keys(found).length === 1);
    }));
  });

  test("even hostile input is screened quickly (no catastrophic backtracking)", () => {
    const hostile = ["password".repeat(2_000), `${"a=".repeat(5_000)}`, `--${"x-".repeat(5_000)}password`, "/".repeat(10_000), "A1b".repeat(5_000)];
    const started = performance.now();
    for (const text of hostile) findCredential(text, { includeAmbiguous: true });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
