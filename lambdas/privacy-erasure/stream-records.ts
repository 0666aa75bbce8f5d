import type { AttributeValue, DynamoDBRecord } from "aws-lambda";
import type { ChatPlace, PrivacyChange } from "../shared/privacy";
import { keys } from "../shared/store/keys";

/**
 * Which records of the home table's stream are privacy changes: the account's privacy record,
 * inserted or modified, with a higher version than before. Other writes of the record (an update that
 * keeps the version) are not changes.
 */
export function privacyChangeFrom(record: DynamoDBRecord, accountId: string): PrivacyChange | undefined {
  if (record.eventName !== "INSERT" && record.eventName !== "MODIFY") return undefined;
  const image = record.dynamodb?.NewImage;
  const { pk, sk } = keys.privacy(accountId);
  if (!image || text(image.pk) !== pk || text(image.sk) !== sk) return undefined;
  const version = number(image.version);
  const before = number(record.dynamodb?.OldImage?.version) ?? 0;
  if (version === undefined || version <= before) return undefined;
  const notify = image.notify?.M;
  const teamId = text(notify?.teamId);
  const channelId = text(notify?.channelId);
  const userId = text(notify?.userId);
  return {
    accountId,
    version,
    shareUserData: image.shareUserData?.BOOL !== false,
    floorVersion: number(image.floorVersion) ?? 0,
    changedBy: text(image.changedBy) ?? "",
    changedAt: text(image.changedAt) ?? new Date(0).toISOString(),
    ...(teamId && channelId ? { notify: { teamId, channelId, ...(userId ? { userId } : {}) } satisfies ChatPlace } : {}),
  };
}

function text(value: AttributeValue | undefined): string | undefined {
  return value?.S;
}

function number(value: AttributeValue | undefined): number | undefined {
  return value?.N === undefined ? undefined : Number(value.N);
}
