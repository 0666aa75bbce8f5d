import { Logger } from "@aws-lambda-powertools/logger";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import type { Context } from "aws-lambda";
import { createAwsClient, createDocumentClient } from "../shared/aws/clients";
import { createSecretReader } from "../shared/aws/secrets";
import { auditCommand } from "../shared/commands/audit";
import { authorize } from "../shared/commands/authorization/authorize";
import { createIamGuardrailPolicySource } from "../shared/commands/authorization/policy-documents";
import { createCommandUserData } from "../shared/commands/command-user-data";
import { createCommandCredentials } from "../shared/commands/credentials";
import { expandAlias, formatInvocation, helpText, parseCommand, parseDecodedCommand, suggestService } from "../shared/commands/grammar";
import type { CommandJob } from "../shared/commands/job";
import { createPrivacyCommands } from "../shared/commands/privacy-commands";
import { createServiceRegistry } from "../shared/commands/registry";
import { renderCommandError, renderCommandResult, renderHelp } from "../shared/commands/results";
import { runCommandJob } from "../shared/commands/run-command";
import { createAliasStore } from "../shared/commands/stores/aliases";
import { createConfirmationStore } from "../shared/commands/stores/confirmations";
import { getOptionalStringFromEnv, getStringFromEnv } from "../shared/env";
import { partitionFromRegion } from "../shared/notifications/console-links";
import { createSlackReplier } from "../shared/slack/replies";
import { createChannelConfigs } from "../shared/store/channel-configs";
import { storeContext } from "../shared/store/index";

// Built once per cold start; the environment is validated here so a misconfiguration fails loudly.
const tableName = getStringFromEnv("TABLE_NAME");
const region = getStringFromEnv("AWS_REGION");
const accountId = getStringFromEnv("HERALD_ACCOUNT_ID");
const admins = (getOptionalStringFromEnv("HERALD_ADMINS") ?? "").split(",").map((id) => id.trim()).filter(Boolean);
const protectedArns = (getOptionalStringFromEnv("HERALD_PROTECTED_ARNS") ?? "").split(",").map((arn) => arn.trim()).filter(Boolean);
const logger = new Logger({ serviceName: "herald-command-worker" });
const doc = createDocumentClient();
const registry = createServiceRegistry();
const aliases = createAliasStore(doc, { tableName, reservedNames: registry.serviceNames() });
const confirmations = createConfirmationStore(doc, { tableName });
const channelConfigs = createChannelConfigs(storeContext(doc, tableName));
const privacy = createPrivacyCommands({ doc, tableName, accountId, admins });
const userData = createCommandUserData({
  doc,
  tableName,
  accountId,
  retentionDays: Number(getOptionalStringFromEnv("HERALD_USER_DATA_RETENTION_DAYS") ?? 90),
  onError: (what, error) => logger.warn(what, { error: (error as Error)?.name }),
});
const policies = createIamGuardrailPolicySource(createAwsClient(IAMClient, {}));
// Members' own roles come with each channel configuration record (from workspaces[].userRoles).
const userRolesByTeam = new Map<string, Readonly<Record<string, string>>>();
const credentials = createCommandCredentials({
  sts: createAwsClient(STSClient, {}),
  userRoles: { roleFor: async (teamId, userId) => userRolesByTeam.get(teamId)?.[userId] },
});
const reply = createSlackReplier({
  readSecret: createSecretReader({ region: getOptionalStringFromEnv("SECRETS_REGION") }),
  // The local runtime's response URLs live next to its Slack stand-in; in AWS only hooks.slack.com is accepted.
  extraResponseOrigin: getOptionalStringFromEnv("SLACK_API_URL"),
});

/** Time kept back from the Lambda deadline to answer in Slack after the AWS call is cut off. */
const ANSWER_MARGIN_MS = 5_000;

/** Runs one command job (from the command function) and answers in Slack. Never retried: a command must not run twice. */
export async function handler(job: CommandJob, context?: Context): Promise<void> {
  if (!job || typeof job !== "object" || !job.caller || typeof job.text !== "string" || !job.replyTo) {
    logger.error("Not a command job; ignored");
    return;
  }
  const budgetMs = (context ? context.getRemainingTimeInMillis() : 120_000) - ANSWER_MARGIN_MS;
  try {
    await runCommandJob(job, {
      registry,
      parse: (text) => parseCommand(text, registry),
      parseDecoded: (text) => parseDecodedCommand(text, registry),
      expandAlias,
      help: async (service, operation) => renderHelp(await helpText(registry, service, operation)),
      suggestService: async (word) => suggestService(word, registry),
      formatInvocation,
      configsForChannel: (teamId, channelId) => channelConfigs.forChannel(teamId, channelId),
      aliases: {
        create: async (caller, name, template) => void (await aliases.create(caller, name, template)),
        list: (caller) => aliases.list(caller),
        delete: async (caller, name) => void (await aliases.delete(caller, name)),
        get: (caller, name) => aliases.get(caller, name),
      },
      confirmations,
      authorize: ({ operation, resource, config, region: callRegion }) =>
        authorize(
          { iamAction: operation.iamAction, resource, region: callRegion, roleArn: config.iamRoleArn, guardrailPolicyArns: config.guardrailPolicyArns },
          { policies, heraldResourcePatterns: protectedArns },
        ),
      credentialsFor: async (config, caller) => {
        userRolesByTeam.set(config.teamId, config.userRoles ?? {});
        return (await credentials.credentialsFor(config, caller)).credentials;
      },
      renderResult: renderCommandResult,
      renderError: renderCommandError,
      reply,
      audit: (entry) => auditCommand({ ...entry, requestId: context?.awsRequestId ?? entry.requestId }),
      scope: { partition: partitionFromRegion(region), accountId, defaultRegion: region },
      privacy,
      userData,
      timeBudget: () => AbortSignal.timeout(Math.max(1_000, budgetMs)),
    });
  } catch (error) {
    // The person gets no answer if even the reply failed: make it visible to operators.
    logger.error("Command job failed", { requestId: job.requestId, teamId: job.caller.teamId, channelId: job.caller.channelId, error: (error as Error).name, message: (error as Error).message });
  }
}
