import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { unlessConditionFails } from "./conditional";
import type { StoreContext } from "./context";
import { keys } from "./keys";
import type { TableAction } from "./table-actions";

/**
 * Signed requests seen, by a digest of their signature: each one is effective once. A signature
 * stays valid for minutes (Slack's ±300 s), so a captured request could otherwise be sent again and
 * run again; the first use wins one conditional put, every replay loses it. The record outlives the
 * window in which the signature would still verify (`keepSeconds`, the caller's to choose), then
 * expires (TTL). It holds the digest and times only, never the request.
 */

export const SIGNED_REQUESTS_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:PutItem"];

export function createSignedRequests(context: StoreContext) {
  const { doc, tableName, now } = context;

  /** True the first time this digest is used (kept `keepSeconds`), false for a replay. */
  async function firstUse(digest: string, keepSeconds: number): Promise<boolean> {
    if (!/^[0-9a-f]{64}$/.test(digest)) throw new RangeError("a signed request is identified by a SHA-256 hex digest");
    const at = now();
    const nowSeconds = Math.floor(at / 1000);
    return unlessConditionFails(() => doc.send(new PutCommand({
      TableName: tableName,
      Item: { ...keys.signedRequest(digest), entity: "signed-request", receivedAt: new Date(at).toISOString(), expiresAt: nowSeconds + keepSeconds },
      // DynamoDB removes expired items lazily (within days), so an expired record counts as gone:
      // by then the signature it stands for no longer verifies.
      ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
      ExpressionAttributeValues: { ":now": nowSeconds },
    })));
  }

  return { firstUse };
}

export type SignedRequests = ReturnType<typeof createSignedRequests>;
