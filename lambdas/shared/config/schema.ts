import { z } from "zod";
import { awsRegion } from "../aws/regions";
import { checkEventRules, EventRuleSchema } from "./event-rules";
import { servicesWithoutFips } from "./fips-regions";
import { OnCallSchema } from "./on-call";
import { DEFAULT_PUBLISHER_SERVICES } from "./publishers";
import { checkRoles, isRoleArn, resolveRoleReferences, RoleNameSchema, RoleSchema } from "./roles";
import { whyUnsafe } from "./safety";
import { AskSchema } from "./ask";

/**
 * The Herald config: the single source for `cdk deploy`, the local runtime and the tests.
 * Field rules mirror AWS Chatbot's channel configuration (see shared/reference/aws-chatbot.md).
 */

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const safe = (schema: z.ZodString) => schema.superRefine((value, ctx) => {
  const why = whyUnsafe(value);
  if (why) ctx.addIssue({ code: "custom", message: why });
});

export const RegionSchema = z.string().regex(REGION, "must be an AWS Region code such as us-east-1");
/** A Region Herald can deploy a stack to: a real Region of the aws, aws-cn or aws-us-gov partition (lambdas/shared/aws/regions.ts). */
export const DeployRegionSchema = z.string().superRefine((code, ctx) => {
  if (awsRegion(code) === undefined) {
    ctx.addIssue({ code: "custom", message: `must be an AWS Region code of the aws, aws-cn or aws-us-gov partition, such as us-east-1; ${code} is not one` });
  }
});
export const SlackUserIdSchema = z.string().regex(/^[UW][A-Z0-9]{2,}$/, "must be a Slack user id such as U0123ABCD");
export const SlackTeamIdSchema = z.string().regex(/^[0-9A-Z]{1,255}$/, "must be a Slack team id such as T0123ABCD ([0-9A-Z]{1,255})");
export const SlackChannelIdSchema = z.string().regex(/^[A-Za-z0-9]{1,255}$/, "must be a Slack channel id such as C0123ABCD ([A-Za-z0-9]+)");
export const SecretNameSchema = safe(
  z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, "must be a Secrets Manager secret name ([A-Za-z0-9/_+=.@-]{1,512}), not the secret itself"),
);
export const ConfigurationNameSchema = safe(
  z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "must be 1-128 characters of [A-Za-z0-9-_]"),
);
export const TopicNameSchema = safe(
  z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, "must be 1-200 characters of [A-Za-z0-9-_] (Herald prefixes it with 'herald-')"),
);
const IamRoleArnSchema = safe(
  z.string().regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "must be an IAM role ARN"),
);
const PolicyArnSchema = safe(
  z.string().regex(/^arn:aws(-cn|-us-gov)?:iam::(\d{12}|aws):policy\/[\w+=,.@/-]{1,512}$/, "must be an IAM policy ARN"),
);
export const LoggingLevelSchema = z.enum(["ERROR", "INFO", "NONE"]);

/** Guardrail applied when a configuration names none: read-only, not AdministratorAccess as in AWS Chatbot. */
export const DEFAULT_GUARDRAIL_POLICY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

const TagsSchema = z
  .record(safe(z.string().min(1, "tag keys must be 1-128 characters").max(128, "tag keys must be 1-128 characters")),
    safe(z.string().max(256, "tag values must be at most 256 characters")))
  .refine((tags) => Object.keys(tags).length <= 50, "at most 50 tags");

/** Severities a configuration can name; "ok" and "unknown" are states, not thresholds. */
export const SeverityLevelSchema = z.enum(["critical", "high", "medium", "low", "info"]);
const EventTypeSchema = safe(z.string().min(1, "event types must not be empty").max(256, "event types are at most 256 characters"));

/**
 * Which notifications a configuration sends to its channel. Entries match a notification's event
 * type (EventBridge detail-type, "CloudWatch Alarm State Change", a custom notification's
 * metadata.eventType) or Herald's renderer kind ("guardduty-finding", "text", …). Unset: everything.
 */
export const ChannelFiltersSchema = z.strictObject({
  includeEventTypes: z.array(EventTypeSchema).min(1, "list at least one event type, or leave includeEventTypes out").optional(),
  excludeEventTypes: z.array(EventTypeSchema).optional(),
  minSeverity: SeverityLevelSchema.optional(),
});

/** Broadcast mentions Herald adds itself (never taken from the forwarded text). Unset: none. */
export const ChannelMentionsSchema = z.strictObject({
  /** Added when a CloudWatch alarm goes into ALARM. */
  onAlarm: z.enum(["here", "channel", "none"]).default("none"),
  /** Any notification at or above this severity gets `onSeverity`. */
  minSeverity: SeverityLevelSchema.optional(),
  onSeverity: z.enum(["here", "channel"]).default("here"),
});

export const ChannelConfigSchema = z.strictObject({
  name: ConfigurationNameSchema,
  teamId: SlackTeamIdSchema,
  channelId: SlackChannelIdSchema,
  topics: z.array(TopicNameSchema).min(1, "a configuration needs at least one topic"),
  /** A role you have; or `role`, one of `roles[]` that Herald creates (roles.ts). */
  iamRoleArn: IamRoleArnSchema.optional(),
  role: RoleNameSchema.optional(),
  guardrailPolicyArns: z.array(PolicyArnSchema).min(1).default([DEFAULT_GUARDRAIL_POLICY]),
  loggingLevel: LoggingLevelSchema.default("ERROR"),
  userRoleRequired: z.boolean().default(false),
  tags: TagsSchema.default({}),
  filters: ChannelFiltersSchema.optional(),
  mentions: ChannelMentionsSchema.optional(),
  onCall: OnCallSchema.optional(),
});

export const WorkspaceSchema = z.strictObject({
  teamId: SlackTeamIdSchema,
  botTokenSecretName: SecretNameSchema,
  signingSecretName: SecretNameSchema,
  /**
   * Members' own IAM roles (Slack user id → role ARN), used instead of the channel role by
   * configurations with `userRoleRequired` (AWS Chatbot's "user roles").
   */
  userRoles: z.record(SlackUserIdSchema, z.string().superRefine((value, ctx) => {
    const parsed = (isRoleArn(value) ? IamRoleArnSchema : RoleNameSchema).safeParse(value);
    if (!parsed.success) ctx.addIssue({ code: "custom", message: "must be an IAM role ARN, or the name of one of roles[] (which Herald creates)" });
  })).default({}),
});

/** A standard SNS topic's ARN (FIFO topics cannot invoke Lambda). */
const TOPIC_ARN = /^arn:(aws|aws-cn|aws-us-gov):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

/** The parts of a topic ARN the schema accepted. */
export function parseTopicArn(arn: string): { partition: string; region: string; accountId: string; topicName: string } | undefined {
  const match = TOPIC_ARN.exec(arn);
  return match === null ? undefined : { partition: match[1], region: match[2], accountId: match[3], topicName: match[4] };
}

/**
 * A topic channels name. Without `arn`, Herald creates `herald-<name>` in every Region. With `arn`,
 * it is an existing topic (any account, any configured Region): Herald subscribes the forwarder of
 * that topic's Region and leaves the topic itself, its policy and its key to their owner.
 */
export const TopicSchema = z.strictObject({
  name: TopicNameSchema,
  displayName: safe(z.string().min(1).max(100)).optional(),
  arn: z.string().regex(TOPIC_ARN, "must be the ARN of a standard SNS topic such as arn:aws:sns:us-east-1:123456789012:team-alarms (FIFO topics cannot invoke Lambda)").optional(),
}).superRefine((topic, ctx) => {
  if (topic.arn !== undefined && topic.displayName !== undefined) {
    ctx.addIssue({ code: "custom", path: ["displayName"], message: "applies only to a topic Herald creates, not to an existing topic given by arn" });
  }
});

/** A DNS host name for the command API's custom domain: lower-case labels, no wildcard, no trailing dot. */
const DomainNameSchema = z
  .string()
  .max(253, "must be at most 253 characters")
  .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lower-case DNS name such as herald.example.com (no wildcard, no trailing dot)");
const CertificateArnSchema = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, "must be an ACM certificate ARN");

/**
 * The Slack command API (API Gateway in the home Region). Throttling defaults suit one workspace:
 * Slack's own event cap is 30,000 per hour (about 8 per second).
 */
export const CommandApiSchema = z
  .strictObject({
    domainName: DomainNameSchema.optional(),
    certificateArn: CertificateArnSchema.optional(),
    throttleRatePerSecond: z.number().positive("must be greater than 0").max(10_000, "must be at most 10000 (API Gateway's default account quota)").optional(),
    throttleBurst: z.number().int("must be a whole number").min(1).max(5_000, "must be at most 5000 (API Gateway's default account burst)").optional(),
  })
  .superRefine((api, ctx) => {
    if (api.domainName && !api.certificateArn) ctx.addIssue({ code: "custom", path: ["certificateArn"], message: "is required with domainName (an ACM certificate for that name in the home Region)" });
    if (api.certificateArn && !api.domainName) ctx.addIssue({ code: "custom", path: ["domainName"], message: "is required with certificateArn" });
  });

const CloudTrailArnSchema = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/, "must be a CloudTrail trail ARN");

/**
 * Activity logging. `create: true`: the home Region's stack creates a multi-Region trail (log file
 * validation, KMS, its own bucket) with data events for Herald's tables and functions.
 * `existingTrailArn`: you already log with an organization or account trail; Herald only records it
 * (an output) and creates nothing. There is no switch for the command audit log: it is always on.
 */
export const TrailSchema = z
  .strictObject({
    create: z.boolean().default(false),
    existingTrailArn: CloudTrailArnSchema.optional(),
    /** Days the trail's log files are kept in its bucket (create: true). */
    retentionDays: z.number().int().min(1).max(3653).default(365),
  })
  .superRefine((trail, ctx) => {
    if (trail.create && trail.existingTrailArn) ctx.addIssue({ code: "custom", path: ["existingTrailArn"], message: "give either create: true or existingTrailArn, not both" });
  });

export const AccountSchema = z.strictObject({
  id: z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id").optional(),
  homeRegion: DeployRegionSchema,
  regions: z.array(DeployRegionSchema).min(1, "list at least the home Region"),
  admins: z.array(SlackUserIdSchema).min(1, "name at least one admin (Slack user id)"),
  userDataRetentionDays: z.number().int().min(1).max(3650).default(90),
  /**
   * Point-in-time recovery window of every Region's table, in days (DynamoDB allows 1–35). Erased
   * user data stays restorable from the table's backups this long after an opt-out, and each erasure
   * receipt says when the last restorable copy ages out. The default covers the backup need Herald
   * has (README, "What is kept"): undoing an operator's mistake noticed within a week.
   */
  recoveryWindowDays: z.number().int().min(1, "must be at least 1 (DynamoDB's minimum recovery period)").max(35, "must be at most 35 (DynamoDB's maximum recovery period)").default(7),
  /** An erasure (opt-out) not finished in every Region within this many minutes raises the ErasureOverdue alarm. */
  erasureAlarmMinutes: z.number().int().min(5, "must be at least 5 (the overdue check runs every 5 minutes)").max(10_080, "must be at most 10080 (7 days)").default(60),
  /**
   * Where Herald's own alarms (channel backlog age, erasure overdue, failed erasure events) send
   * their ALARM and OK: an SNS topic name that exists in every configured Region, or the name of
   * one of Herald's own `topics[]` (its herald-<name> topic, which posts them to Slack). Unset:
   * the alarms have no action.
   */
  alarmTopic: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "must be an SNS topic name (the same name in every Region), not an ARN").optional(),
  /**
   * AWS services allowed to publish to Herald's topics and use its key to do so, by service
   * principal, each limited to this account (and `publisherAccounts` / `publisherOrganizations`)
   * by `aws:SourceAccount` / `aws:SourceOrgID`, and by `aws:SourceArn` where the service sets it.
   * Replaces the default list (lambdas/shared/config/publishers.ts) when given.
   */
  publisherServices: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/, "must be an AWS service principal such as budgets.amazonaws.com"))
    .default([...DEFAULT_PUBLISHER_SERVICES]),
  /** Other AWS accounts that may publish (their IAM principals, and the publisher services acting for them). */
  publisherAccounts: z.array(z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id")).default([]),
  /** AWS Organizations whose accounts may publish (`aws:PrincipalOrgID` for IAM principals, `aws:SourceOrgID` for services). */
  publisherOrganizations: z.array(z.string().regex(/^o-[a-z0-9]{10,32}$/, "must be an AWS Organizations id such as o-a1b2c3d4e5")).default([]),
  /** AWS_USE_FIPS_ENDPOINT=true on every function; only Regions with FIPS endpoints (lambdas/shared/config/fips-regions.ts). */
  useFipsEndpoints: z.boolean().default(false),
  /** CloudTrail: a trail created by the home Region's stack, or an existing one you keep (see TrailSchema). */
  trail: TrailSchema.optional(),
  logRetentionDays: z.number().int().min(1).max(3653).default(90),
  commandApi: CommandApiSchema.optional(),
});

export const HeraldConfigSchema = z
  .strictObject({
    account: AccountSchema,
    workspaces: z.array(WorkspaceSchema).min(1, "configure at least one Slack workspace"),
    topics: z.array(TopicSchema).min(1, "configure at least one topic"),
    channels: z.array(ChannelConfigSchema).min(1, "configure at least one channel"),
    /** EventBridge rules Herald creates, routing matched events to its topics (event-rules.ts). */
    eventRules: z.array(EventRuleSchema).default([]),
    /** IAM roles Herald creates for channels and members (roles.ts). */
    roles: z.array(RoleSchema).default([]),
    ask: AskSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const { account, workspaces, topics, channels } = config;
    if (!account.regions.includes(account.homeRegion)) {
      ctx.addIssue({ code: "custom", path: ["account", "regions"], message: `must include the home Region ${account.homeRegion}` });
    }
    reportDuplicates(account.regions, ["account", "regions"], "Region", ctx);
    checkEventRules(config, ctx);
    checkRoles(config, ctx);
    topics.forEach((topic, index) => {
      const arn = topic.arn === undefined ? undefined : parseTopicArn(topic.arn);
      if (arn === undefined) return;
      if (!account.regions.includes(arn.region)) {
        ctx.addIssue({ code: "custom", path: ["topics", index, "arn"], message: `is in ${arn.region}, which is not one of account.regions; Herald subscribes to a topic from that Region's stack` });
      } else if (awsRegion(arn.region)?.partition !== arn.partition) {
        ctx.addIssue({ code: "custom", path: ["topics", index, "arn"], message: `names partition ${arn.partition}, but ${arn.region} is in ${awsRegion(arn.region)?.partition}` });
      }
      if (account.alarmTopic === topic.name) {
        ctx.addIssue({ code: "custom", path: ["account", "alarmTopic"], message: `names ${topic.name}, an existing topic given by arn; name one Herald creates or your own topic's name` });
      }
    });
    const seenArns = new Set<string>();
    topics.forEach((topic, index) => {
      if (topic.arn === undefined) return;
      if (seenArns.has(topic.arn)) ctx.addIssue({ code: "custom", path: ["topics", index, "arn"], message: `duplicate topic ARN ${topic.arn}; it must be unique` });
      seenArns.add(topic.arn);
    });
    reportDuplicates(account.publisherServices, ["account", "publisherServices"], "publisher service", ctx);
    reportDuplicates(account.publisherAccounts, ["account", "publisherAccounts"], "account", ctx);
    if (account.id !== undefined && account.publisherAccounts.includes(account.id)) {
      ctx.addIssue({ code: "custom", path: ["account", "publisherAccounts"], message: `lists Herald's own account ${account.id}, which may always publish` });
    }
    // One account lives in one partition: its stacks cannot span aws and aws-cn, say.
    const homePartition = awsRegion(account.homeRegion)?.partition;
    account.regions.forEach((region, index) => {
      const partition = awsRegion(region)?.partition;
      if (homePartition !== undefined && partition !== undefined && partition !== homePartition) {
        ctx.addIssue({ code: "custom", path: ["account", "regions", index], message: `${region} is in the ${partition} partition, the home Region ${account.homeRegion} in ${homePartition}; one account's Regions share a partition` });
      }
    });
    if (account.useFipsEndpoints) {
      for (const region of account.regions) {
        const missing = servicesWithoutFips(region, region === account.homeRegion);
        if (missing.length > 0) {
          ctx.addIssue({
            code: "custom",
            path: ["account", "useFipsEndpoints"],
            message: `${region} has no FIPS endpoint for ${missing.join(", ")}, which Herald calls there${region === account.homeRegion ? " (home Region)" : ""}; `
              + "FIPS endpoints exist in the US, Canada (DynamoDB and Secrets Manager only) and GovCloud Regions",
          });
        }
      }
    }
    const certificateRegion = account.commandApi?.certificateArn?.split(":")[3];
    if (certificateRegion && certificateRegion !== account.homeRegion) {
      ctx.addIssue({
        code: "custom",
        path: ["account", "commandApi", "certificateArn"],
        message: `must be a certificate in the home Region ${account.homeRegion} (the API is regional); got ${certificateRegion}`,
      });
    }
    reportDuplicates(workspaces.map((w) => w.teamId), ["workspaces"], "workspace teamId", ctx, "teamId");
    reportDuplicates(topics.map((t) => t.name), ["topics"], "topic name", ctx, "name");
    reportDuplicates(channels.map((c) => c.name), ["channels"], "configuration name", ctx, "name");
    const teamIds = new Set(workspaces.map((w) => w.teamId));
    const topicNames = new Set(topics.map((t) => t.name));
    channels.forEach((channel, i) => {
      const workspace = workspaces.find((w) => w.teamId === channel.teamId);
      if (workspace && channel.userRoleRequired && Object.keys(workspace.userRoles).length === 0) {
        ctx.addIssue({ code: "custom", path: ["channels", i, "userRoleRequired"], message: `requires user roles, but workspace ${channel.teamId} maps none (workspaces[].userRoles)` });
      }
      if (!teamIds.has(channel.teamId)) {
        ctx.addIssue({ code: "custom", path: ["channels", i, "teamId"], message: `no workspace with teamId ${channel.teamId} is configured` });
      }
      channel.topics.forEach((topic, j) => {
        if (!topicNames.has(topic)) {
          ctx.addIssue({ code: "custom", path: ["channels", i, "topics", j], message: `no topic named ${topic} is configured` });
        }
      });
    });
    })
  // Channels and members naming one of roles[] get the ARN of the role Herald creates.
  .transform(resolveRoleReferences);

function reportDuplicates(values: string[], path: (string | number)[], what: string, ctx: z.RefinementCtx, field?: string) {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) {
      ctx.addIssue({ code: "custom", path: field ? [...path, i, field] : [...path, i], message: `duplicate ${what} ${value}; it must be unique` });
    }
    seen.add(value);
  });
}

export type HeraldConfig = z.output<typeof HeraldConfigSchema>;
export type HeraldConfigInput = z.input<typeof HeraldConfigSchema>;
/** A channel configuration, its role resolved to an ARN (`role` names one Herald creates). */
export type ChannelConfig = HeraldConfig["channels"][number];
export type Workspace = z.output<typeof WorkspaceSchema>;
export type CommandApiConfig = z.output<typeof CommandApiSchema>;
export type TrailConfig = z.output<typeof TrailSchema>;
export type LoggingLevel = z.output<typeof LoggingLevelSchema>;
export type SeverityLevel = z.output<typeof SeverityLevelSchema>;
export type ChannelFilters = z.output<typeof ChannelFiltersSchema>;
export type ChannelMentions = z.output<typeof ChannelMentionsSchema>;
