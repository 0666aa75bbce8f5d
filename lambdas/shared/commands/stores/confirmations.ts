import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { randomBytes } from "node:crypto";
import { findCredential } from "../../security/credential-screen";
import { keys } from "../../store/keys";
import type { CommandCaller } from "../operation-model";
import { CredentialInInputError } from "./errors";

/**
 * A mutating command waiting for its confirmation button. It runs at most once, only when the
 * member who typed it presses the button, and only within 15 minutes: one conditional update
 * decides, so a double click, a colleague's click or a late click cannot run it (the press is
 * answered with the reason instead).
 *
 * The command text is user input: it is kept only while the button is pending and removed the
 * moment the button is resolved; the rest of the item stays until TTL only so a late second
 * click can be told "already confirmed" rather than "unknown".
 */

export const CONFIRMATION_TTL_SECONDS = 15 * 60;

/** Why a button press does not run the command: an answer, not an error, since such presses are expected. */
export type ConfirmationRefusal = "unknown" | "already-used" | "other-user" | "expired";

/** What a button press gets: the command to run (or drop), or why not. */
export type ConfirmationResult =
  | {
    readonly ok: true;
    readonly id: string;
    readonly caller: CommandCaller;
    /** The command as typed (screened for credentials before it was stored). */
    readonly commandText: string;
    /** The channel configuration the command was authorized under. */
    readonly configurationName?: string;
    /** When the buttons were offered (ISO 8601): how long the member took to decide. */
    readonly createdAt?: string;
  }
  | { readonly ok: false; readonly refusal: ConfirmationRefusal; /** For the member who pressed. */ readonly reason: string };

export interface ConfirmationStoreOptions {
  readonly tableName: string;
  readonly ttlSeconds?: number;
  readonly now?: () => number;
}

export function createConfirmationStore(doc: DynamoDBDocumentClient, options: ConfirmationStoreOptions) {
  const { tableName } = options;
  const ttlSeconds = options.ttlSeconds ?? CONFIRMATION_TTL_SECONDS;
  const now = options.now ?? Date.now;

  /** Records a pending command for `ttlSeconds`; returns its id, which goes into the button. */
  async function create(caller: CommandCaller, commandText: string, context: { configurationName?: string } = {}): Promise<string> {
    const credential = findCredential(commandText);
    if (credential) throw new CredentialInInputError(credential.what);
    // 128 random bits: the id is the only thing a button press carries, so it must not be guessable.
    const id = randomBytes(16).toString("base64url");
    await doc.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.confirmation(id),
        entity: "confirmation",
        userId: caller.userId,
        caller,
        commandText,
        configurationName: context.configurationName,
        createdAt: new Date(now()).toISOString(),
        expiresAt: Math.floor(now() / 1000) + ttlSeconds,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }));
    return id;
  }

  /** Resolves the button once, for the member who typed the command, before it expires; otherwise says why not. */
  async function resolve(id: string, userId: string, resolution: "confirmed" | "cancelled"): Promise<ConfirmationResult> {
    const at = now();
    try {
      const { Attributes } = await doc.send(new UpdateCommand({
        TableName: tableName,
        Key: keys.confirmation(id),
        UpdateExpression: "SET resolution = :resolution, resolvedAt = :at REMOVE commandText",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(resolution) AND userId = :user AND expiresAt > :now",
        ExpressionAttributeValues: { ":resolution": resolution, ":at": new Date(at).toISOString(), ":user": userId, ":now": Math.floor(at / 1000) },
        ReturnValues: "ALL_OLD",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }));
      return toResult(id, Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const refusal = whyRefused(error.Item, userId, Math.floor(at / 1000));
        return { ok: false, refusal, reason: REFUSALS[refusal] };
      }
      throw error;
    }
  }

  return {
    create,
    /** The confirmation button: hands the command to run back exactly once, to the member who typed it. */
    consume: (id: string, userId: string) => resolve(id, userId, "confirmed"),
    /** The cancel button: the same rules, and the command never runs. */
    cancel: (id: string, userId: string) => resolve(id, userId, "cancelled"),
  };
}

export type ConfirmationStore = ReturnType<typeof createConfirmationStore>;

const REFUSALS: Record<ConfirmationRefusal, string> = {
  unknown: "This confirmation is unknown or has expired. Run the command again.",
  "already-used": "This command was already confirmed or cancelled; it runs at most once.",
  "other-user": "Only the person who ran this command can confirm or cancel it.",
  expired: "This confirmation expired after 15 minutes. Run the command again.",
};

/** The item as the failed condition saw it (raw attribute values), told in order of what matters most. */
function whyRefused(item: Record<string, { S?: string; N?: string }> | undefined, userId: string, nowSeconds: number): ConfirmationRefusal {
  if (!item) return "unknown";
  if (item.resolution?.S !== undefined) return "already-used";
  if (item.userId?.S !== userId) return "other-user";
  if (Number(item.expiresAt?.N ?? 0) <= nowSeconds) return "expired";
  return "unknown";
}

function toResult(id: string, item: Record<string, unknown>): ConfirmationResult {
  return {
    ok: true,
    id,
    caller: item.caller as CommandCaller,
    commandText: String(item.commandText),
    ...(typeof item.configurationName === "string" ? { configurationName: item.configurationName } : {}),
    ...(typeof item.createdAt === "string" ? { createdAt: item.createdAt } : {}),
  };
}
