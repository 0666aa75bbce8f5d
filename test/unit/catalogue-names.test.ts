import { toCliName } from "../../lambdas/shared/commands/catalogue/cli-names";

/** Real operation and member names across the catalogue's services, with the names the AWS CLI reference gives them. */
const OPERATIONS: ReadonlyArray<readonly [string, string]> = [
  ["DescribeDBInstances", "describe-db-instances"],
  ["DescribeDBClusters", "describe-db-clusters"],
  ["CreateDBSnapshot", "create-db-snapshot"],
  ["DescribeDBProxyTargetGroups", "describe-db-proxy-target-groups"],
  ["ModifyDBParameterGroup", "modify-db-parameter-group"],
  ["ListTagsForResource", "list-tags-for-resource"],
  ["GetMetricData", "get-metric-data"],
  ["DescribeAlarmsForMetric", "describe-alarms-for-metric"],
  ["DescribeVpcEndpointServices", "describe-vpc-endpoint-services"],
  ["DescribeVpcs", "describe-vpcs"],
  ["DescribeDhcpOptions", "describe-dhcp-options"],
  ["DescribeNetworkAcls", "describe-network-acls"],
  ["DescribeIpv6Pools", "describe-ipv6-pools"],
  ["AssignIpv6Addresses", "assign-ipv6-addresses"],
  ["AssociateIamInstanceProfile", "associate-iam-instance-profile"],
  ["DescribeIamInstanceProfileAssociations", "describe-iam-instance-profile-associations"],
  ["DescribeEC2InstanceLimits", "describe-ec2-instance-limits"],
  ["DescribeInstances", "describe-instances"],
  ["RunInstances", "run-instances"],
  ["ListObjectsV2", "list-objects-v2"],
  ["GetBucketAcl", "get-bucket-acl"],
  ["PutBucketCors", "put-bucket-cors"],
  ["CreateLocationS3", "create-location-s3"],
  ["GetBucketV2", "get-bucket-v2"],
  ["ListWebACLs", "list-web-acls"],
  ["GetWebACL", "get-web-acl"],
  ["ListIPSets", "list-ip-sets"],
  ["GetIPSet", "get-ip-set"],
  ["GetCallerIdentity", "get-caller-identity"],
  ["AssumeRoleWithSAML", "assume-role-with-saml"],
  ["StartAutomationExecution", "start-automation-execution"],
  ["FilterLogEvents", "filter-log-events"],
  ["DescribeLogGroups", "describe-log-groups"],
  ["ListFunctions", "list-functions"],
  ["Invoke", "invoke"],
  ["GetFunctionUrlConfig", "get-function-url-config"],
  ["ListHostedZonesByName", "list-hosted-zones-by-name"],
  ["ChangeResourceRecordSets", "change-resource-record-sets"],
  ["ListCertificates", "list-certificates"],
  ["ListCACertificates", "list-ca-certificates"],
  ["DescribeLoadBalancers", "describe-load-balancers"],
  ["DescribeTargetHealth", "describe-target-health"],
  ["DescribeSSLPolicies", "describe-ssl-policies"],
  ["GetCostAndUsage", "get-cost-and-usage"],
  ["ListStateMachines", "list-state-machines"],
  ["PutEvents", "put-events"],
  ["DescribeStream", "describe-stream"],
  ["DescribeCacheClusters", "describe-cache-clusters"],
  ["ListBackupPlans", "list-backup-plans"],
  ["StartQueryExecution", "start-query-execution"],
  ["GetTraceSummaries", "get-trace-summaries"],
  ["GetRestApis", "get-rest-apis"],
  ["DescribeTrustedAdvisorChecks", "describe-trusted-advisor-checks"],
  ["ListAccounts", "list-accounts"],
  ["ListAWSServiceAccessForOrganization", "list-aws-service-access-for-organization"],
  ["ExecutePartiQLStatement", "execute-partiql-statement"],
  ["CreateCachediSCSIVolume", "create-cached-iscsi-volume"],
  ["GetSMSAttributes", "get-sms-attributes"],
  ["CreateSMSSandboxPhoneNumber", "create-sms-sandbox-phone-number"],
  ["ListSubscriptionsByTopic", "list-subscriptions-by-topic"],
  ["GetQueueUrl", "get-queue-url"],
  ["DescribeAutoScalingGroups", "describe-auto-scaling-groups"],
  ["GetPipelineState", "get-pipeline-state"],
  ["BatchGetBuilds", "batch-get-builds"],
  ["ListDeploymentGroups", "list-deployment-groups"],
  ["GetFindings", "get-findings"],
  ["DescribeConfigRules", "describe-config-rules"],
  ["GetDataQualityResultV2", "get-data-quality-result-v2"],
  ["DescribeImageScanFindings", "describe-image-scan-findings"],
  ["ListAssociatedAccessPolicies", "list-associated-access-policies"],
];
const MEMBERS: ReadonlyArray<readonly [string, string]> = [
  ["DBInstanceIdentifier", "db-instance-identifier"],
  ["S3Bucket", "s3-bucket"],
  ["SSEKMSKeyId", "ssekms-key-id"],
  ["VpcId", "vpc-id"],
  ["TargetGroupARNs", "target-group-arns"],
  ["LoadBalancerArns", "load-balancer-arns"],
  ["ResourceARNs", "resource-arns"],
  ["MaxResults", "max-results"],
  ["DryRun", "dry-run"],
];

describe("toCliName converts model names the way the AWS CLI does", () => {
  it.each(OPERATIONS)("operation %s is %s", (name, cli) => {
    expect(toCliName(name)).toBe(cli);
  });

  it.each(MEMBERS)("parameter %s is --%s", (name, cli) => {
    expect(toCliName(name)).toBe(cli);
  });

  it("leaves a name that is already hyphenated as it is", () => {
    expect(toCliName("describe-db-instances")).toBe("describe-db-instances");
  });
});
