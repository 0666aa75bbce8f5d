/**
 * The security controls cdk-nag does not check (or not the way Herald promises them), each as a
 * check over a synthesized template that returns its violations, and a way to weaken a template so
 * the check must report one: the test runs both, so no check can pass by not looking.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export interface Resource { Type: string; Properties?: Json; DeletionPolicy?: string }
export interface TemplateJson { Resources: Record<string, Resource> }

export interface Control {
  readonly name: string;
  /** What must be in the template for the control to apply (e.g. a trail only when configured). */
  readonly appliesTo?: (template: TemplateJson) => boolean;
  check(template: TemplateJson): string[];
  /** Mutates a copy of a template that passes so that the control is broken. */
  weaken(template: TemplateJson): void;
}

export function resourcesOf(template: TemplateJson, type: string): Array<[string, Json]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type).map(([id, r]) => [id, r.Properties ?? {}]);
}

const first = (template: TemplateJson, type: string): Json => {
  const found = resourcesOf(template, type)[0];
  if (!found) throw new Error(`no ${type} to weaken`);
  return found[1];
};

const statementsOf = (policy: Json): Json[] => [policy.PolicyDocument?.Statement ?? []].flat();
const isAnyone = (principal: unknown) => principal === "*" || (typeof principal === "object" && principal !== null && [(principal as Json).AWS].flat().includes("*"));
const deniesInsecureTransport = (statement: Json) => statement.Effect === "Deny" && isAnyone(statement.Principal) && statement.Condition?.Bool?.["aws:SecureTransport"] === "false";
const refId = (value: Json | undefined): string | undefined => value?.Ref ?? value?.["Fn::GetAtt"]?.[0];

/** Allow statements open to anyone, or to a service without a same-account condition. */
function publicAllows(policyType: string, template: TemplateJson): string[] {
  return resourcesOf(template, policyType).flatMap(([id, policy]) => statementsOf(policy)
    .filter((s) => s.Effect === "Allow")
    .flatMap((s) => {
      if (isAnyone(s.Principal)) return [`${id}: allows anyone (${JSON.stringify(s.Action)})`];
      if (s.Principal?.Service && !s.Condition?.StringEquals?.["aws:SourceAccount"] && !s.Condition?.ArnLike?.["aws:SourceArn"]) {
        return [`${id}: allows ${JSON.stringify(s.Principal.Service)} without an aws:SourceAccount or aws:SourceArn condition`];
      }
      return [];
    }));
}

export const CONTROLS: Control[] = [
  {
    name: "tables are protected from deletion, recoverable to a point in time for a set window and encrypted with the CMK",
    check: (t) => {
      const tables = resourcesOf(t, "AWS::DynamoDB::Table");
      if (tables.length === 0) return ["no table"];
      return tables.flatMap(([id, p]) => [
        p.DeletionProtectionEnabled === true ? undefined : `${id}: deletion protection off`,
        p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled === true ? undefined : `${id}: no point-in-time recovery`,
        // Unset, DynamoDB keeps 35 days of restorable copies: erased data would outlive the window Herald states.
        Number.isInteger(p.PointInTimeRecoverySpecification?.RecoveryPeriodInDays) ? undefined : `${id}: recovery window not set (DynamoDB's default is 35 days)`,
        p.SSESpecification?.SSEType === "KMS" && p.SSESpecification.KMSMasterKeyId ? undefined : `${id}: not encrypted with a customer-managed key`,
        t.Resources[id].DeletionPolicy === "Retain" ? undefined : `${id}: deleted with the stack`,
      ].filter((v): v is string => v !== undefined));
    },
    weaken: (t) => { delete first(t, "AWS::DynamoDB::Table").DeletionProtectionEnabled; },
  },
  {
    name: "every KMS key rotates",
    check: (t) => {
      const keys = resourcesOf(t, "AWS::KMS::Key");
      if (keys.length === 0) return ["no key"];
      return keys.filter(([, p]) => p.EnableKeyRotation !== true).map(([id]) => `${id}: rotation off`);
    },
    weaken: (t) => { first(t, "AWS::KMS::Key").EnableKeyRotation = false; },
  },
  {
    name: "topics are encrypted with the CMK and their policies open them to no one but this account's services",
    check: (t) => [
      ...resourcesOf(t, "AWS::SNS::Topic").filter(([, p]) => !p.KmsMasterKeyId).map(([id]) => `${id}: not encrypted`),
      ...publicAllows("AWS::SNS::TopicPolicy", t),
    ],
    weaken: (t) => { first(t, "AWS::SNS::TopicPolicy").PolicyDocument.Statement.push({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: "*" }); },
  },
  {
    name: "every topic's policy denies publishing without TLS",
    check: (t) => {
      const protectedTopics = new Set(resourcesOf(t, "AWS::SNS::TopicPolicy")
        .filter(([, p]) => statementsOf(p).some((s) => deniesInsecureTransport(s) && [s.Action].flat().includes("sns:Publish")))
        .flatMap(([, p]) => (p.Topics as Json[]).map(refId)));
      const topics = resourcesOf(t, "AWS::SNS::Topic");
      if (topics.length === 0) return ["no topic"];
      return topics.filter(([id]) => !protectedTopics.has(id)).map(([id]) => `${id}: accepts publishing without TLS`);
    },
    weaken: (t) => {
      const policy = first(t, "AWS::SNS::TopicPolicy");
      policy.PolicyDocument.Statement = statementsOf(policy).filter((s) => !deniesInsecureTransport(s));
    },
  },
  {
    name: "queues are encrypted with the CMK, TLS-only and not public",
    check: (t) => {
      const tlsOnly = new Set(resourcesOf(t, "AWS::SQS::QueuePolicy")
        .filter(([, p]) => statementsOf(p).some(deniesInsecureTransport))
        .flatMap(([, p]) => (p.Queues as Json[]).map(refId)));
      return [
        ...resourcesOf(t, "AWS::SQS::Queue").flatMap(([id, p]) => [
          ...(p.KmsMasterKeyId ? [] : [`${id}: not encrypted with a CMK`]),
          ...(tlsOnly.has(id) ? [] : [`${id}: accepts requests without TLS`]),
        ]),
        ...publicAllows("AWS::SQS::QueuePolicy", t),
      ];
    },
    weaken: (t) => { delete first(t, "AWS::SQS::Queue").KmsMasterKeyId; },
  },
  {
    name: "functions are not public: no function URL, and only AWS services invoke them, each for one source",
    check: (t) => [
      ...resourcesOf(t, "AWS::Lambda::Url").map(([id]) => `${id}: a function URL`),
      ...resourcesOf(t, "AWS::Lambda::Permission").flatMap(([id, p]) => {
        if (typeof p.Principal !== "string" || !/^[a-z0-9.-]+\.amazonaws\.com$/.test(p.Principal)) return [`${id}: invokable by ${JSON.stringify(p.Principal)}`];
        return p.SourceArn ? [] : [`${id}: ${p.Principal} may invoke it for any source`];
      }),
    ],
    weaken: (t) => { t.Resources.PublicInvoke = { Type: "AWS::Lambda::Permission", Properties: { Action: "lambda:InvokeFunction", Principal: "*", FunctionName: "any" } }; },
  },
  {
    name: "log groups are encrypted with the CMK and kept for a set time; every function logs to its own",
    check: (t) => {
      const groups = resourcesOf(t, "AWS::Logs::LogGroup");
      const ids = new Set(groups.map(([id]) => id));
      return [
        ...groups.flatMap(([id, p]) => [
          ...(p.KmsKeyId ? [] : [`${id}: not encrypted`]),
          ...(typeof p.RetentionInDays === "number" ? [] : [`${id}: kept forever`]),
        ]),
        // Without its own group, Lambda creates /aws/lambda/<name>: unencrypted and kept forever.
        ...resourcesOf(t, "AWS::Lambda::Function").filter(([, p]) => !ids.has(refId(p.LoggingConfig?.LogGroup) ?? "")).map(([id]) => `${id}: logs to a group Herald does not manage`),
      ];
    },
    weaken: (t) => { delete first(t, "AWS::Logs::LogGroup").RetentionInDays; },
  },
  {
    name: "the Slack API stage writes access logs, is throttled and never logs request data",
    appliesTo: (t) => resourcesOf(t, "AWS::ApiGateway::RestApi").length > 0,
    check: (t) => {
      const stages = resourcesOf(t, "AWS::ApiGateway::Stage");
      if (stages.length === 0) return ["no stage"];
      return stages.flatMap(([id, p]) => {
        const all = (p.MethodSettings as Json[] | undefined)?.find((m) => m.ResourcePath === "/*" && m.HttpMethod === "*");
        return [
          ...(p.AccessLogSetting?.DestinationArn && p.AccessLogSetting.Format ? [] : [`${id}: no access log`]),
          ...(all?.ThrottlingRateLimit > 0 && all?.ThrottlingBurstLimit > 0 ? [] : [`${id}: not throttled`]),
          ...(all?.DataTraceEnabled === false ? [] : [`${id}: may log request and response bodies`]),
        ];
      });
    },
    weaken: (t) => { delete first(t, "AWS::ApiGateway::Stage").AccessLogSetting; },
  },
  {
    name: "the custom domain accepts TLS 1.2 or later only, and the execute-api endpoint is off",
    appliesTo: (t) => resourcesOf(t, "AWS::ApiGateway::DomainName").length > 0,
    check: (t) => [
      ...resourcesOf(t, "AWS::ApiGateway::DomainName").filter(([, p]) => p.SecurityPolicy !== "TLS_1_2").map(([id, p]) => `${id}: security policy ${p.SecurityPolicy ?? "default"}`),
      ...resourcesOf(t, "AWS::ApiGateway::RestApi").filter(([, p]) => p.DisableExecuteApiEndpoint !== true).map(([id]) => `${id}: reachable around the custom domain`),
    ],
    weaken: (t) => { first(t, "AWS::ApiGateway::DomainName").SecurityPolicy = "TLS_1_0"; },
  },
  {
    name: "the trail covers every Region, validates its log files, is encrypted and logs data events for Herald's tables and functions",
    appliesTo: (t) => resourcesOf(t, "AWS::CloudTrail::Trail").length > 0,
    check: (t) => resourcesOf(t, "AWS::CloudTrail::Trail").flatMap(([id, p]) => {
      const selectors = (p.AdvancedEventSelectors ?? []) as Json[];
      const covers = (type: string) => selectors.some((s) => (s.FieldSelectors as Json[]).some((f) => f.Field === "resources.type" && f.Equals?.includes(type)));
      return [
        ...(p.IsMultiRegionTrail === true ? [] : [`${id}: one Region only`]),
        ...(p.EnableLogFileValidation === true ? [] : [`${id}: log files not validated`]),
        ...(p.KMSKeyId ? [] : [`${id}: not encrypted with a CMK`]),
        ...(p.IsLogging === true ? [] : [`${id}: not logging`]),
        ...(selectors.some((s) => (s.FieldSelectors as Json[]).some((f) => f.Field === "eventCategory" && f.Equals?.includes("Management"))) ? [] : [`${id}: no management events`]),
        ...(covers("AWS::DynamoDB::Table") ? [] : [`${id}: no data events for the tables`]),
        ...(covers("AWS::Lambda::Function") ? [] : [`${id}: no data events for the functions`]),
      ];
    }),
    weaken: (t) => { first(t, "AWS::CloudTrail::Trail").IsMultiRegionTrail = false; },
  },
  {
    name: "buckets are encrypted, private, versioned, expire old objects and accept TLS only",
    appliesTo: (t) => resourcesOf(t, "AWS::S3::Bucket").length > 0,
    check: (t) => {
      const tlsOnly = new Set(resourcesOf(t, "AWS::S3::BucketPolicy").filter(([, p]) => statementsOf(p).some(deniesInsecureTransport)).map(([, p]) => refId(p.Bucket)));
      return resourcesOf(t, "AWS::S3::Bucket").flatMap(([id, p]) => {
        const block = p.PublicAccessBlockConfiguration ?? {};
        return [
          ...(p.BucketEncryption?.ServerSideEncryptionConfiguration?.length ? [] : [`${id}: not encrypted`]),
          ...(["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"].every((k) => block[k] === true) ? [] : [`${id}: public access not blocked`]),
          ...(p.VersioningConfiguration?.Status === "Enabled" ? [] : [`${id}: not versioned`]),
          ...(p.LifecycleConfiguration?.Rules?.some((r: Json) => r.ExpirationInDays > 0) ? [] : [`${id}: objects never expire`]),
          ...(tlsOnly.has(id) ? [] : [`${id}: accepts requests without TLS`]),
        ];
      });
    },
    weaken: (t) => { delete first(t, "AWS::S3::Bucket").PublicAccessBlockConfiguration; },
  },
];
