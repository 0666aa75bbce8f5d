import type { CloudFormationCustomResourceEvent, Context } from "aws-lambda";
import type { ChannelConfigRecord } from "../shared/store/channel-configs";
import { type CfnResponseBody, failedResponse, sendCfnResponse, successResponse } from "./cfn-response";
import { CHANNEL_CONFIGS_PHYSICAL_ID, type ChannelConfigsProperties } from "./properties";

export interface ConfigSyncDependencies {
  /** Makes the table's channel configs match `records` (idempotent). */
  readonly sync: (records: readonly ChannelConfigRecord[]) => Promise<{ written: number; deleted: number }>;
  /** Delivers the response to CloudFormation; defaults to an https PUT to the ResponseURL. */
  readonly send?: (responseUrl: string, body: CfnResponseBody) => Promise<void>;
  readonly log?: (message: string, details: Record<string, unknown>) => void;
  /** Time kept back from the Lambda deadline to report FAILED before being cut off (default 5 s). */
  readonly deadlineMarginMs?: number;
}

type Event = CloudFormationCustomResourceEvent<ChannelConfigsProperties>;
type DeadlineContext = Pick<Context, "getRemainingTimeInMillis">;

/**
 * The channel-config custom resource: Create/Update write this Region's channel configs to the
 * table, Delete leaves the table alone (it is retained). Whatever happens, CloudFormation gets
 * exactly one answer, so a failure shows as FAILED with its reason instead of a stack that
 * waits for the service timeout.
 */
export function createConfigSyncHandler(deps: ConfigSyncDependencies) {
  const send = deps.send ?? ((url: string, body: CfnResponseBody) => sendCfnResponse(url, body));
  const log = deps.log ?? ((message, details) => console.log(JSON.stringify({ message, ...details })));
  const margin = deps.deadlineMarginMs ?? 5_000;

  return async (event: Event, context: DeadlineContext): Promise<void> => {
    const physicalId = event.RequestType === "Create" ? CHANNEL_CONFIGS_PHYSICAL_ID : event.PhysicalResourceId;
    // Never log the whole event: its ResponseURL is a pre-signed (credential-bearing) URL.
    const about = { requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, requestId: event.RequestId };
    let response: CfnResponseBody;
    try {
      const data = await beforeDeadline(apply(event, deps), context, margin);
      response = successResponse(event, physicalId, data);
      log("Channel configs applied", { ...about, ...data });
    } catch (error) {
      const reason = describe(error);
      response = failedResponse(event, physicalId, reason);
      log("Channel configs failed", { ...about, reason });
    }
    // If even the PUT fails, throwing makes Lambda retry the (idempotent) invocation.
    await send(event.ResponseURL, response);
  };
}

async function apply(event: Event, deps: ConfigSyncDependencies): Promise<Record<string, string>> {
  if (event.RequestType === "Delete") return {};
  const result = await deps.sync(parseRecords(event.ResourceProperties.Records));
  return { Written: String(result.written), Deleted: String(result.deleted) };
}

function parseRecords(json: unknown): ChannelConfigRecord[] {
  if (typeof json !== "string") throw new Error("Property Records must be a JSON string");
  const records: unknown = JSON.parse(json);
  if (!Array.isArray(records)) throw new Error("Property Records must be a JSON array of channel configs");
  return records as ChannelConfigRecord[];
}

function beforeDeadline<T>(work: Promise<T>, context: DeadlineContext, marginMs: number): Promise<T> {
  const budget = Math.max(context.getRemainingTimeInMillis() - marginMs, 0);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out: no result ${marginMs} ms before the Lambda deadline`)), budget);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Error name and message only: AWS SDK errors name resources and causes, never secret values. */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return "Unknown error";
}
