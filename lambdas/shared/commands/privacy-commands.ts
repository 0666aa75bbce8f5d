import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Notification } from "../notifications/model";
import { changePrivacy, PrivacyNotAdminError, readLatestErasure, readPrivacy, recentCommands } from "../privacy";
import { commandNotice, inlineCode } from "./messages";
import type { CommandCaller } from "./operation-model";

/**
 * The privacy commands (`privacy status | opt-out | opt-in`, `history`), on top of
 * lambdas/shared/privacy (what the command path keeps is command-user-data.ts). Only the account's admins may change the
 * setting; the erasure itself runs in the erasure function, triggered by the home table's stream.
 */

export interface PrivacyCommandsOptions {
  readonly doc: DynamoDBDocumentClient;
  /** The home Region's table (the authoritative privacy record). */
  readonly tableName: string;
  readonly accountId: string;
  /** `config.account.admins`. */
  readonly admins: readonly string[];
}

export function createPrivacyCommands(options: PrivacyCommandsOptions) {
  const { doc, tableName, accountId, admins } = options;

  async function status(): Promise<Notification> {
    const setting = await readPrivacy(doc, tableName, accountId);
    const latest = await readLatestErasure(doc, tableName, accountId);
    const lines = [
      `Share user data: *${setting.shareUserData ? "on" : "off"}*${setting.changedBy ? ` (changed by ${inlineCode(setting.changedBy)} at ${setting.changedAt})` : " (default)"}.`,
      setting.shareUserData
        ? "Herald keeps notifications, command inputs, its responses and interaction data in the Region where they were produced, with a TTL, to power history and suggestions."
        : "Herald stores no new user data; configurations and this setting are not user data and remain.",
    ];
    if (latest) {
      lines.push(`Latest erasure ${inlineCode(latest.request.requestId)}: ${latest.receipts.map((r) => `${r.region} ${r.status} (${r.itemsDeleted} items${r.restorableUntil ? `, restorable from backups until ${r.restorableUntil}` : ""})`).join(", ") || "starting"}.`);
    }
    return commandNotice("Data privacy", lines.join("\n"));
  }

  async function change(caller: CommandCaller, shareUserData: boolean): Promise<Notification> {
    try {
      const result = await changePrivacy(doc, tableName, accountId, {
        shareUserData,
        changedBy: caller.userId,
        admins,
        notify: { teamId: caller.teamId, channelId: caller.channelId, userId: caller.userId },
      });
      if (!result.changed) return commandNotice("Data privacy", `Share user data is already ${shareUserData ? "on" : "off"}.`);
      return shareUserData
        ? commandNotice("Data privacy", "Share user data is *on* again. Herald stores new data only; nothing erased comes back.")
        : commandNotice("Data privacy", `Share user data is *off*. Herald stores nothing new and is erasing what it kept, in every Region (request ${inlineCode(result.requestId)}). ${inlineCode("privacy status")} shows the progress.`, "medium");
    } catch (error) {
      if (error instanceof PrivacyNotAdminError) return commandNotice("Not allowed", "Only the account's Herald admins can change data privacy settings.", "medium");
      throw error;
    }
  }

  async function history(caller: CommandCaller): Promise<Notification> {
    const commands = await recentCommands(doc, tableName, accountId, caller.teamId, caller.channelId, 20);
    if (commands.length === 0) {
      return commandNotice("History", "No command history for this channel (nothing run yet, or Share user data is off).");
    }
    return { ...commandNotice("Recent commands in this channel", ""), body: undefined, fields: commands.map((c) => ({ label: `${c.at} · ${c.userId}`, value: c.text, code: true })) };
  }

  return { status, change, history };
}

export type PrivacyCommands = ReturnType<typeof createPrivacyCommands>;
