import { z } from "zod";
import { eventPatternIssues } from "./event-patterns";
import { whyUnsafe } from "./safety";

/**
 * `eventRules[]`: EventBridge rules Herald creates, each routing the events its pattern matches to
 * one of Herald's topics, in every configured Region (or the ones listed). Events of this account
 * match on the default bus (or `eventBus`, a bus of this account you already have); with `from`,
 * the rule sits on Herald's own `herald` bus, which those accounts or organizations may send to.
 */

/** Herald names each rule `herald-<name>` (EventBridge allows 64 characters of [.-_A-Za-z0-9]). */
export const EVENT_RULE_PREFIX = "herald-";
/** The bus Herald creates in a Region where a rule takes events `from` other accounts. */
export const HERALD_EVENT_BUS_NAME = "herald";

export const EventPatternSchema = z.unknown().superRefine((pattern, ctx) => {
  for (const issue of eventPatternIssues(pattern)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

const AccountIdSchema = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");
const OrganizationIdSchema = z.string().regex(/^o-[a-z0-9]{10,32}$/, "must be an AWS Organizations id such as o-a1b2c3d4e5");

export const EventRuleSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,57}$/, "must be 1-57 characters of [A-Za-z0-9._-] (Herald names the rule herald-<name>)"),
  description: z.string().min(1).max(512, "must be at most 512 characters").superRefine((value, ctx) => {
    const why = whyUnsafe(value);
    if (why) ctx.addIssue({ code: "custom", message: why });
  }).optional(),
  /** One of `topics[]` that Herald creates (not one given by arn: its owner keeps its policy). */
  topic: z.string().min(1, "name one of topics[]"),
  eventPattern: EventPatternSchema.transform((pattern) => pattern as Record<string, unknown>),
  /** Regions to create the rule in; unset: every configured Region. */
  regions: z.array(z.string()).min(1, "list at least one Region, or leave regions out for all of them").optional(),
  /** A bus of this account that already receives the events (e.g. an organization's central bus), by name. */
  eventBus: z.string().regex(/^[A-Za-z0-9._-]{1,256}$/, "must be the name of an event bus in this account (not an ARN)").optional(),
  /** Other accounts and organizations whose buses send these events to Herald's `herald` bus. */
  from: z.strictObject({
    accounts: z.array(AccountIdSchema).default([]),
    organizations: z.array(OrganizationIdSchema).default([]),
  }).refine((from) => from.accounts.length + from.organizations.length > 0, "name at least one account or organization, or leave from out")
    .optional(),
}).superRefine((rule, ctx) => {
  if (rule.eventBus !== undefined && rule.from !== undefined) {
    ctx.addIssue({ code: "custom", path: ["from"], message: "give either eventBus (a bus of this account) or from (other accounts send to Herald's bus), not both" });
  }
  if (rule.eventBus === "default") ctx.addIssue({ code: "custom", path: ["eventBus"], message: "leave eventBus out for the default bus" });
});

export type EventRule = z.output<typeof EventRuleSchema>;

/** What the cross-checks need of the whole config. */
interface RuleContext {
  readonly account: { readonly id?: string; readonly regions: readonly string[] };
  readonly topics: ReadonlyArray<{ readonly name: string; readonly arn?: string }>;
  readonly eventRules: readonly EventRule[];
}

/** The rules' references to the rest of the config: topics Herald creates, configured Regions, unique names. */
export function checkEventRules(config: RuleContext, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  config.eventRules.forEach((rule, index) => {
    const at = (...path: (string | number)[]) => ["eventRules", index, ...path];
    if (seen.has(rule.name)) ctx.addIssue({ code: "custom", path: at("name"), message: `duplicate rule name ${rule.name}; it must be unique` });
    seen.add(rule.name);
    const topic = config.topics.find((t) => t.name === rule.topic);
    if (topic === undefined) {
      ctx.addIssue({ code: "custom", path: at("topic"), message: `no topic named ${rule.topic} is configured` });
    } else if (topic.arn !== undefined) {
      ctx.addIssue({ code: "custom", path: at("topic"), message: `names ${rule.topic}, an existing topic given by arn; a rule targets a topic Herald creates, whose policy and key Herald keeps open to the rule` });
    }
    rule.regions?.forEach((region, i) => {
      if (!config.account.regions.includes(region)) ctx.addIssue({ code: "custom", path: at("regions", i), message: `${region} is not one of account.regions` });
    });
    rule.from?.accounts.forEach((id, i) => {
      if (id === config.account.id) ctx.addIssue({ code: "custom", path: at("from", "accounts", i), message: `is Herald's own account; its events need no from (leave it out)` });
    });
  });
}

/** The Regions a rule is created in. */
export function eventRuleRegions(rule: EventRule, regions: readonly string[]): readonly string[] {
  return rule.regions ?? regions;
}

/** The pattern the rule is created with: on Herald's shared bus, a rule from accounts only matches those accounts' events. */
export function effectiveEventPattern(rule: EventRule): Record<string, unknown> {
  const from = rule.from;
  if (from === undefined || from.organizations.length > 0 || "account" in rule.eventPattern) return rule.eventPattern;
  return { ...rule.eventPattern, account: [...from.accounts] };
}
