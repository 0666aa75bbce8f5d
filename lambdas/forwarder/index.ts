import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { createDocumentClient } from "../shared/aws/clients";
import { createSecretReader } from "../shared/aws/secrets";
import { METRICS_NAMESPACE } from "../shared/runtime/common-variables";
import { lambdaHandler } from "../shared/runtime/lambda-handler";
import { createOnCallForwarding } from "../shared/oncall/forwarding";
import { runOnCallTimers } from "../shared/oncall/timers";
import { createSlackOnCallChat } from "../shared/slack/on-call-chat";
import { createSlackPoster } from "../shared/slack/poster";
import { slackApiUrl } from "../shared/slack/web-client";
import { createHeraldStore } from "../shared/store/index";
import { FORWARDER_SERVICE_NAME, forwarderEnvironment } from "./environment";
import { createForwarderHandler } from "./handler";
import { createForwarderTelemetry } from "./telemetry";

// Built once per cold start; a missing or malformed variable fails here, naming it.
const environment = forwarderEnvironment.read();
const logger = new Logger({ serviceName: FORWARDER_SERVICE_NAME });
const metrics = new Metrics({ namespace: environment.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE, serviceName: FORWARDER_SERVICE_NAME });

const store = createHeraldStore(createDocumentClient(), environment.TABLE_NAME);
const readSecret = createSecretReader({ region: environment.SECRETS_REGION });
const apiUrl = slackApiUrl({ SLACK_API_URL: environment.SLACK_API_URL });

export const handler = lambdaHandler({ logger, metrics }, createForwarderHandler({
  store,
  // The drainer paces each channel itself: a 429 comes back at once instead of being slept on.
  chat: createSlackPoster({ readSecret, apiUrl, onRateLimit: "fail" }),
  telemetry: createForwarderTelemetry(logger, metrics),
  userData: { accountId: environment.HERALD_ACCOUNT_ID, retentionDays: environment.HERALD_USER_DATA_RETENTION_DAYS },
  onCall: {
    forwarding: createOnCallForwarding({ store: store.onCall, configs: store.channelConfigs, accountId: environment.HERALD_ACCOUNT_ID, now: Date.now }),
    runTimers: () => runOnCallTimers({ store: store.onCall, configs: store.channelConfigs, chat: createSlackOnCallChat({ readSecret, apiUrl }), now: Date.now }),
  },
}));
