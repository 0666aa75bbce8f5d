import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadHeraldConfig, parseHeraldConfig } from "../../lambdas/shared/config/load";
import { DEFAULT_GUARDRAIL_POLICY } from "../../lambdas/shared/config/schema";
import { HeraldConfigError } from "../../lambdas/shared/errors";

const examplePath = join(__dirname, "../../config/herald.example.json");
const example = () => JSON.parse(readFileSync(examplePath, "utf8"));
/** The raw file as parsed JSON: tests edit it freely before validation. */
type ConfigJson = ReturnType<typeof example>;

/** Parses a config changed by `edit`, returning the issues (empty when valid). */
function issuesOf(edit: (config: ReturnType<typeof example>) => void): string[] {
  const config = example();
  edit(config);
  try {
    parseHeraldConfig(config);
    return [];
  } catch (error) {
    if (error instanceof HeraldConfigError) return error.issues;
    throw error;
  }
}

describe("Herald config", () => {
  test("the example config is valid and defaults are applied", () => {
    const config = loadHeraldConfig(examplePath);
    const deployments = config.channels.find((c) => c.name === "ops-deployments");
    expect(deployments?.guardrailPolicyArns).toEqual([DEFAULT_GUARDRAIL_POLICY]);
    expect(deployments?.loggingLevel).toBe("ERROR");
    expect(deployments?.userRoleRequired).toBe(false);
    expect(config.account.userDataRetentionDays).toBe(90);
  });

  test("accepts an existing topic by ARN in any configured Region and any account", () => {
    const config = example();
    config.topics.push({ name: "payments", arn: "arn:aws:sns:ap-southeast-2:444455556666:payments-alerts" });
    config.channels[0].topics.push("payments");
    expect(parseHeraldConfig(config).topics.at(-1)).toEqual({ name: "payments", arn: "arn:aws:sns:ap-southeast-2:444455556666:payments-alerts" });
  });

  test("publishers default to the services Herald renders, no other account and no organization", () => {
    const { account } = loadHeraldConfig(examplePath);
    expect(account.publisherServices).toEqual([
      "cloudwatch.amazonaws.com", "events.amazonaws.com", "budgets.amazonaws.com", "backup.amazonaws.com", "codestar-notifications.amazonaws.com",
      "aps.amazonaws.com", "events.rds.amazonaws.com", "dms.amazonaws.com", "cloudformation.amazonaws.com", "s3.amazonaws.com",
      "ssm.amazonaws.com", "ssm-incidents.amazonaws.com",
    ]);
    expect(account.publisherAccounts).toEqual([]);
    expect(account.publisherOrganizations).toEqual([]);
  });

  test("the default guardrail is read-only, not AdministratorAccess", () => {
    expect(DEFAULT_GUARDRAIL_POLICY).toBe("arn:aws:iam::aws:policy/ReadOnlyAccess");
  });

  test.each([
    ["bad name characters", (c: ConfigJson) => (c.channels[0].name = "ops alarms!"), "channels[0].name: must be 1-128 characters of [A-Za-z0-9-_]"],
    ["name too long", (c: ConfigJson) => (c.channels[0].name = "a".repeat(129)), "channels[0].name: must be 1-128 characters"],
    ["duplicate names", (c: ConfigJson) => (c.channels[1].name = c.channels[0].name), "channels[1].name: duplicate configuration name ops-alarms"],
    ["bad logging level", (c: ConfigJson) => (c.channels[0].loggingLevel = "DEBUG"), "channels[0].loggingLevel"],
    ["unknown topic", (c: ConfigJson) => (c.channels[0].topics = ["nope"]), "channels[0].topics[0]: no topic named nope is configured"],
    ["unknown workspace", (c: ConfigJson) => (c.channels[0].teamId = "T0OTHER"), "channels[0].teamId: no workspace with teamId T0OTHER is configured"],
    ["lower-case team id", (c: ConfigJson) => (c.workspaces[0].teamId = "t0herald1"), "workspaces[0].teamId: must be a Slack team id"],
    ["channel id with a #", (c: ConfigJson) => (c.channels[0].channelId = "#ops"), "channels[0].channelId: must be a Slack channel id"],
    ["not a role ARN", (c: ConfigJson) => (c.channels[0].iamRoleArn = "HeraldRole"), "channels[0].iamRoleArn: must be an IAM role ARN"],
    ["home Region not listed", (c: ConfigJson) => (c.account.regions = ["eu-west-1"]), "account.regions: must include the home Region us-east-1"],
    ["duplicate Region", (c: ConfigJson) => c.account.regions.push("eu-west-1"), "account.regions[3]: duplicate Region eu-west-1"],
    ["bad Region", (c: ConfigJson) => (c.account.homeRegion = "Virginia"), "account.homeRegion: must be an AWS Region code"],
    ["made-up Region", (c: ConfigJson) => c.account.regions.push("eu-mars-1"), "account.regions[3]: must be an AWS Region code of the aws, aws-cn or aws-us-gov partition, such as us-east-1; eu-mars-1 is not one"],
    ["made-up home Region", (c: ConfigJson) => { c.account.homeRegion = "eu-mars-1"; c.account.regions[0] = "eu-mars-1"; }, "account.homeRegion: must be an AWS Region code of the aws, aws-cn or aws-us-gov partition, such as us-east-1; eu-mars-1 is not one"],
    ["a publisher service that is not a service principal", (c: ConfigJson) => (c.account.publisherServices = ["budgets"]), "account.publisherServices[0]: must be an AWS service principal such as budgets.amazonaws.com"],
    ["a duplicate publisher service", (c: ConfigJson) => (c.account.publisherServices = ["s3.amazonaws.com", "s3.amazonaws.com"]), "account.publisherServices[1]: duplicate publisher service s3.amazonaws.com"],
    ["a publisher account that is not an account id", (c: ConfigJson) => (c.account.publisherAccounts = ["4444-5555-6666"]), "account.publisherAccounts[0]: must be a 12-digit AWS account id"],
    ["a publisher organization that is not an organization id", (c: ConfigJson) => (c.account.publisherOrganizations = ["my-org"]), "account.publisherOrganizations[0]: must be an AWS Organizations id"],
    ["a topic ARN in a Region Herald is not deployed to", (c: ConfigJson) => c.topics.push({ name: "team", arn: "arn:aws:sns:us-west-2:444455556666:team-alarms" }), "topics[2].arn: is in us-west-2, which is not one of account.regions"],
    ["a FIFO topic ARN", (c: ConfigJson) => c.topics.push({ name: "team", arn: "arn:aws:sns:eu-west-1:444455556666:team.fifo" }), "topics[2].arn: must be the ARN of a standard SNS topic"],
    ["a display name for an existing topic", (c: ConfigJson) => c.topics.push({ name: "team", arn: "arn:aws:sns:eu-west-1:444455556666:team", displayName: "Team" }), "topics[2].displayName: applies only to a topic Herald creates"],
    ["the same topic ARN twice", (c: ConfigJson) => c.topics.push({ name: "a", arn: "arn:aws:sns:eu-west-1:444455556666:team" }, { name: "b", arn: "arn:aws:sns:eu-west-1:444455556666:team" }), "topics[3].arn: duplicate topic ARN"],
    ["alarmTopic naming an existing topic", (c: ConfigJson) => { c.topics.push({ name: "team", arn: "arn:aws:sns:eu-west-1:444455556666:team" }); c.account.alarmTopic = "team"; }, "account.alarmTopic: names team, an existing topic given by arn"],
    ["Regions of two partitions", (c: ConfigJson) => c.account.regions.push("cn-north-1"), "account.regions[3]: cn-north-1 is in the aws-cn partition, the home Region us-east-1 in aws; one account's Regions share a partition"],
    ["admin is not a user id", (c: ConfigJson) => (c.account.admins = ["alice"]), "account.admins[0]: must be a Slack user id"],
    ["tag value too long", (c: ConfigJson) => (c.channels[0].tags = { team: "x".repeat(257) }), "channels[0].tags.team: tag values must be at most 256 characters"],
    ["unknown field (typo)", (c: ConfigJson) => (c.channels[0].loglevel = "INFO"), 'channels[0]: Unrecognized key: "loglevel"'],
  ])("rejects %s, naming the field and the rule", (_case, edit, expected) => {
    expect(issuesOf(edit).join("\n")).toContain(expected);
  });

  describe("the seed's advice is enforced", () => {
    test.each([
      ["an e-mail address in a configuration name", (c: ConfigJson) => (c.channels[0].name = "alice@example.com"), "channels[0].name: must not contain an e-mail address"],
      ["an e-mail address in a tag value", (c: ConfigJson) => (c.channels[0].tags = { owner: "alice@example.com" }), "channels[0].tags.owner: must not contain an e-mail address"],
      ["an AWS access key in a tag", (c: ConfigJson) => (c.channels[0].tags = { key: "AKIAIOSFODNN7EXAMPLE" }), "channels[0].tags.key: looks like an AWS access key id"],
      ["a Slack bot token as a secret name", (c: ConfigJson) => (c.workspaces[0].botTokenSecretName = "xoxb-1234567890-abcdefghij"), "workspaces[0].botTokenSecretName: looks like a Slack token"],
      ["a signing secret instead of its name", (c: ConfigJson) => (c.workspaces[0].signingSecretName = "8f742231b10e8888abcd99aaabbb85a5"), "workspaces[0].signingSecretName: looks like a hex secret"],
      ["an AWS secret key in a tag", (c: ConfigJson) => (c.channels[0].tags = { k: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }), "looks like an AWS secret access key"],
      ["a password in a tag", (c: ConfigJson) => (c.channels[0].tags = { note: "password=hunter2" }), "looks like a key=value secret"],
      ["an http URL", (c: ConfigJson) => (c.channels[0].tags = { runbook: "http://wiki.example/runbook" }), "channels[0].tags.runbook: must use https"],
      ["credentials in a URL", (c: ConfigJson) => (c.channels[0].tags = { runbook: "https://bob:pw@wiki.example/runbook" }), "must not embed credentials"],
      ["a token in a URL's query", (c: ConfigJson) => (c.channels[0].tags = { hook: "https://hooks.example/x?token=abc" }), 'must not carry credentials in the query string (parameter "token")'],
    ])("rejects %s", (_case, edit, expected) => {
      expect(issuesOf(edit).join("\n")).toContain(expected);
    });

    test("accepts a plain https URL in a tag", () => {
      expect(issuesOf((c) => (c.channels[0].tags = { runbook: "https://wiki.example/runbooks/api?page=2" }))).toEqual([]);
    });
  });

  test("the error message lists every issue, one per line", () => {
    const config = example();
    config.channels[0].name = "bad name";
    config.channels[1].channelId = "#x";
    expect(() => parseHeraldConfig(config)).toThrow(/channels\[0\]\.name: .*\n.*channels\[1\]\.channelId/);
  });

  test("an unreadable or non-JSON file gets a clear error", () => {
    expect(() => loadHeraldConfig("/nonexistent/herald.json")).toThrow(/Cannot read Herald config \/nonexistent\/herald.json/);
    expect(() => loadHeraldConfig(__filename)).toThrow(/is not valid JSON/);
  });
});

describe("user roles", () => {
  test("a configuration that requires user roles needs its workspace to map some", () => {
    const config = example();
    config.channels[0].userRoleRequired = true;
    expect(() => parseHeraldConfig(config)).toThrow(/channels\[0\]\.userRoleRequired: requires user roles, but workspace T0HERALD1 maps none/);
    config.workspaces[0].userRoles = { U0ALICE01: "arn:aws:iam::123456789012:role/AliceOps" };
    expect(parseHeraldConfig(config).workspaces[0].userRoles).toEqual({ U0ALICE01: "arn:aws:iam::123456789012:role/AliceOps" });
  });

  test("user role mappings are validated: Slack user ids to role ARNs", () => {
    const config = example();
    config.workspaces[0].userRoles = { alice: "arn:aws:iam::123456789012:role/AliceOps", U0BOB0001: "not an arn" };
    const message = (() => {
      try {
        parseHeraldConfig(config);
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/workspaces\[0\]\.userRoles/);
    expect(message).toMatch(/must be an IAM role ARN/);
  });
});
