import { CfnOutput, Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { effectiveEventPattern, EVENT_RULE_PREFIX, type EventRule, HERALD_EVENT_BUS_NAME } from "../../lambdas/shared/config/event-rules";
import type { HeraldTopics } from "./topics";

export interface HeraldEventRulesProps {
  /** The config's `eventRules[]` that this Region creates. */
  readonly rules: readonly EventRule[];
  readonly topics: HeraldTopics;
  /** The key of the topics: EventBridge must use it to publish to them. */
  readonly key: kms.IKey;
}

/**
 * The Region's EventBridge rules from the config, each targeting one of Herald's topics. The
 * topic policy and the key allow events.amazonaws.com to publish for exactly these rules
 * (aws:SourceArn), whatever `account.publisherServices` says. Rules taking events `from` other
 * accounts or organizations sit on Herald's own `herald` bus, whose policy lets exactly those send
 * (events:PutEvents); the account's default bus and its policy are left alone.
 */
export class HeraldEventRules extends Construct {
  readonly rules: events.CfnRule[] = [];
  /** Herald's bus: only in a Region with a rule that takes events from other accounts. */
  readonly bus?: events.EventBus;

  constructor(scope: Construct, id: string, props: HeraldEventRulesProps) {
    super(scope, id);
    if (props.rules.length === 0) return;
    const stack = Stack.of(this);
    const crossAccount = props.rules.filter((rule) => rule.from !== undefined);
    if (crossAccount.length > 0) {
      this.bus = new events.EventBus(this, "Bus", { eventBusName: HERALD_EVENT_BUS_NAME, description: "Herald: events other accounts send for eventRules[].from" });
      this.allowSenders(this.bus, crossAccount);
    }

    const ruleArnsByTopic = new Map<string, string[]>();
    props.rules.forEach((rule) => {
      const busName = rule.from !== undefined ? HERALD_EVENT_BUS_NAME : rule.eventBus;
      const ruleName = `${EVENT_RULE_PREFIX}${rule.name}`;
      const cfnRule = new events.CfnRule(this, `Rule-${rule.name}`, {
        name: ruleName,
        description: rule.description ?? `Herald: matching events to the ${rule.topic} topic`,
        eventBusName: rule.from !== undefined && this.bus ? this.bus.eventBusName : rule.eventBus,
        eventPattern: effectiveEventPattern(rule),
        state: "ENABLED",
        targets: [{ id: "HeraldTopic", arn: props.topics.topic(rule.topic).topicArn }],
      });
      this.rules.push(cfnRule);
      // Named, not Fn::GetAtt: the key policy names the rule, and the rule targets a topic encrypted with the key.
      const ruleArn = stack.formatArn({ service: "events", resource: "rule", resourceName: busName === undefined ? ruleName : `${busName}/${ruleName}` });
      ruleArnsByTopic.set(rule.topic, [...(ruleArnsByTopic.get(rule.topic) ?? []), ruleArn]);
      if (rule.from !== undefined && this.bus) this.outputSenderRule(rule, this.bus);
    });

    const sourceAccount = { StringEquals: { "aws:SourceAccount": stack.account } };
    for (const [topicName, ruleArns] of ruleArnsByTopic) {
      props.topics.topic(topicName).addToResourcePolicy(new iam.PolicyStatement({
        sid: "HeraldEventRules",
        principals: [new iam.ServicePrincipal("events.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [props.topics.topic(topicName).topicArn],
        conditions: { ArnEquals: { "aws:SourceArn": ruleArns }, ...sourceAccount },
      }));
    }
    props.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: "HeraldEventRulesUseKeyForTopics",
      principals: [new iam.ServicePrincipal("events.amazonaws.com")],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      resources: ["*"],
      conditions: { ArnEquals: { "aws:SourceArn": [...ruleArnsByTopic.values()].flat() }, ...sourceAccount },
    }));
  }

  /** events:PutEvents on Herald's bus for the accounts and organizations the rules name, and no one else. */
  private allowSenders(bus: events.EventBus, rules: readonly EventRule[]): void {
    const accounts = unique(rules.flatMap((rule) => rule.from?.accounts ?? []));
    const organizations = unique(rules.flatMap((rule) => rule.from?.organizations ?? []));
    if (accounts.length > 0) {
      bus.addToResourcePolicy(new iam.PolicyStatement({
        sid: "HeraldEventSenderAccounts",
        principals: accounts.map((account) => new iam.AccountPrincipal(account)),
        actions: ["events:PutEvents"],
        resources: [bus.eventBusArn],
      }));
    }
    if (organizations.length > 0) {
      bus.addToResourcePolicy(new iam.PolicyStatement({
        sid: "HeraldEventSenderOrganizations",
        principals: [new iam.AnyPrincipal()],
        actions: ["events:PutEvents"],
        resources: [bus.eventBusArn],
        conditions: { StringEquals: { "aws:PrincipalOrgID": organizations } },
      }));
    }
    const output = new CfnOutput(this, "BusArn", {
      description: "Herald's event bus: the target of the rules other accounts create to send events for eventRules[].from",
      value: bus.eventBusArn,
    });
    output.overrideLogicalId("EventBusArn");
  }

  private outputSenderRule(rule: EventRule, bus: events.EventBus): void {
    const stack = Stack.of(this);
    const output = new CfnOutput(this, `SenderRule-${rule.name}`, {
      description: `What each account of eventRules ${rule.name}.from adds in ${stack.region}: a rule on its default bus with this pattern and target, `
        + "and the role the target names (trusted by events.amazonaws.com, allowed RolePolicy)",
      value: stack.toJsonString(senderRule(rule, bus.eventBusArn, stack.partition)),
    });
    output.overrideLogicalId(`EventSenderRule${rule.name.split(/[^A-Za-z0-9]+/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("")}`);
  }
}

/**
 * The sending side of a rule `from` other accounts: on their default bus, a rule with the same
 * pattern whose target is Herald's bus, through a role of theirs that may put events on it.
 */
export function senderRule(rule: EventRule, busArn: string, partition: string): Record<string, unknown> {
  return {
    Name: `${EVENT_RULE_PREFIX}${rule.name}-to-herald`,
    EventPattern: rule.eventPattern,
    Targets: [{ Id: "HeraldBus", Arn: busArn, RoleArn: `arn:${partition}:iam::<sender account>:role/<role for this target>` }],
    RoleTrust: { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" },
    RolePolicy: { Effect: "Allow", Action: "events:PutEvents", Resource: busArn },
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
