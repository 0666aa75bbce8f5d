import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { randomBytes } from "node:crypto";
import type { CommandCaller } from "../commands/operation-model";
import { findCredential } from "../security/credential-screen";
import { CredentialInInputError } from "./command-store-errors";
import { isNumber, isObject, isText, type Item, optional, requireShape } from "./item-guards";
import type { StoreContext } from "./context";
import { keys } from "./keys";
import { LEASE_TABLE_ACTIONS } from "./lease";
import type { TableAction } from "./table-actions";

/**
 * A mutating command waiting for its confirmation button. It runs at most once, only when the
 * member who typed it presses the button, and only within 15 minutes: the press is a claim on the
 * item (lease.ts, held for good), taken by one conditional write, so a double click, a colleague's
 * click or a late click cannot run it (the press is answered with the reason instead).
 *
 * The command text is user input: it is kept only while the button is pending and removed by the
 * claim's holder right after the claim; the rest of the item stays until TTL only so a late second
 * click can be told "already confirmed" rather than "unknown".
 */

/** Offering (Put), the claim and the text's removal (Update), and reading why a press was refused (Get). */
export const CONFIRMATIONS_TABLE_ACTIONS: readonly TableAction[] = ["dynamodb:PutItem", "dynamodb:GetItem", ...LEASE_TABLE_ACTIONS];

export const CONFIRMATION_TTL_SECONDS = 15 * 60;

/** A resolved button is claimed for good: no holder's time ever runs out. */
const FOREVER = Number.MAX_SAFE_INTEGER;

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

interface ClaimedItem {
  readonly caller: CommandCaller;
  readonly commandText: string;
  readonly configurationName?: string;
  readonly createdAt?: string;
}

/** A claimed confirmation, checked: it must still carry who asked and what. */
function claimedItem(item: Item): ClaimedItem {
  requireShape(item, "confirmation", { caller: isObject, commandText: isText, configurationName: optional(isText), createdAt: optional(isText) });
  requireShape(item.caller as Item, "confirmation's caller", { teamId: isText, channelId: isText, userId: isText, userName: optional(isText) });
  const { teamId, channelId, userId, userName } = item.caller as CommandCaller;
  const { commandText, configurationName, createdAt } = item as Item & ClaimedItem;
  return { caller: { teamId, channelId, userId, ...(userName === undefined ? {} : { userName }) }, commandText, configurationName, createdAt };
}

interface RefusedItem {
  readonly userId?: string;
  readonly resolution?: string;
  readonly expiresAt?: number;
}

function refusedItem(item: Item): RefusedItem {
  requireShape(item, "confirmation", { userId: optional(isText), resolution: optional(isText), expiresAt: optional(isNumber) });
  return item as Item & RefusedItem;
}

export interface ConfirmationOptions {
  readonly ttlSeconds?: number;
}

export function createConfirmations(store: StoreContext, options: ConfirmationOptions = {}) {
  const { doc, tableName, now, leases } = store;
  const ttlSeconds = options.ttlSeconds ?? CONFIRMATION_TTL_SECONDS;

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
    const key = keys.confirmation(id);
    const holder = `${resolution}:${userId}`;
    const claimed = await leases.acquire({
      key,
      holder,
      until: FOREVER,
      now: at,
      set: { resolution, resolvedAt: new Date(at).toISOString() },
      condition: {
        expression: "attribute_exists(pk) AND attribute_not_exists(resolution) AND userId = :c_user AND expiresAt > :c_now",
        values: { ":c_user": userId, ":c_now": Math.floor(at / 1000) },
      },
    });
    if (claimed === undefined) {
      const refusal = await whyRefused(id, userId, Math.floor(at / 1000));
      return { ok: false, refusal, reason: REFUSALS[refusal] };
    }
    // The claim is ours alone: the text it carried goes now.
    await doc.send(new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: "REMOVE commandText",
      ConditionExpression: "holder = :holder",
      ExpressionAttributeValues: { ":holder": holder },
    }));
    const item = claimedItem(claimed);
    return {
      ok: true,
      id,
      caller: item.caller,
      commandText: item.commandText,
      ...(item.configurationName === undefined ? {} : { configurationName: item.configurationName }),
      ...(item.createdAt === undefined ? {} : { createdAt: item.createdAt }),
    };
  }

  /** The item as it is after a lost claim, told in order of what matters most. */
  async function whyRefused(id: string, userId: string, nowSeconds: number): Promise<ConfirmationRefusal> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.confirmation(id), ConsistentRead: true }));
    if (!Item) return "unknown";
    const item = refusedItem(Item);
    if (item.resolution !== undefined) return "already-used";
    if (item.userId !== userId) return "other-user";
    if ((item.expiresAt ?? 0) <= nowSeconds) return "expired";
    return "unknown";
  }

  return {
    create,
    /** The confirmation button: hands the command to run back exactly once, to the member who typed it. */
    consume: (id: string, userId: string) => resolve(id, userId, "confirmed"),
    /** The cancel button: the same rules, and the command never runs. */
    cancel: (id: string, userId: string) => resolve(id, userId, "cancelled"),
  };
}

export type Confirmations = ReturnType<typeof createConfirmations>;

const REFUSALS: Record<ConfirmationRefusal, string> = {
  unknown: "This confirmation is unknown or has expired. Run the command again.",
  "already-used": "This command was already confirmed or cancelled; it runs at most once.",
  "other-user": "Only the person who ran this command can confirm or cancel it.",
  expired: "This confirmation expired after 15 minutes. Run the command again.",
};
