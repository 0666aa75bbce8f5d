import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { ServiceSpec } from "../../operation-model";
import { sdkOperation } from "../sdk-operation";

/** Only get-caller-identity: it shows which role a channel's commands run as, and reveals no secret. */
export const service: ServiceSpec = {
  name: "sts",
  description: "AWS STS: which identity the channel's commands run as",
  operations: [
    sdkOperation({
      name: "get-caller-identity",
      description: "Show the account, user ID and ARN the channel's commands run as",
      iamAction: "sts:GetCallerIdentity",
      params: [],
      resource: () => "*",
      client: STSClient,
      command: GetCallerIdentityCommand,
    }),
  ],
};
