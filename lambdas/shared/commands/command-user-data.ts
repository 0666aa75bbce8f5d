import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type CommandSuggestion, type InteractionData, rankedSuggestions, type ResponseData, storeUserData, type UserDataInput } from "../privacy";
import type { CommandCaller } from "./operation-model";
import { type CommandAnswer, outputText } from "./results";

/**
 * What the command path keeps as user data, through the privacy-guarded write path only: what
 * members typed (after credential screening), Herald's answers, and their button clicks; and what
 * it is used for here, suggestions ranked by the channel's own commands. With sharing off the
 * storage layer keeps nothing and the suggestions are empty. Keeping data is never a reason for a
 * command to fail: errors are reported to `onError` (by name) and swallowed.
 */

export interface CommandUserDataOptions {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly accountId: string;
  readonly retentionDays?: number;
  /** A write or read failed (the command goes on). */
  readonly onError?: (what: string, error: unknown) => void;
}

export interface CommandUserData {
  /** What the member typed; `id` ties it to its response (the job's request id). */
  input(caller: CommandCaller, id: string, text: string, source: "slash-command" | "mention", service?: string, operation?: string): Promise<void>;
  /** Herald's answer to a job, as text (no Block Kit). */
  response(caller: CommandCaller, id: string, answer: CommandAnswer, detail: Omit<ResponseData, "title" | "text" | "userId" | "inputId">): Promise<void>;
  /** A click on one of Herald's buttons. */
  interaction(caller: CommandCaller, id: string, interaction: Omit<InteractionData, "userId">): Promise<void>;
  /** The channel's most used commands starting with `prefix` (case-insensitive), most used first; [] with sharing off. */
  usualCommands(caller: CommandCaller, prefix?: string): Promise<CommandSuggestion[]>;
}

export function createCommandUserData(options: CommandUserDataOptions): CommandUserData {
  const { doc, tableName, accountId } = options;
  const report = options.onError ?? (() => undefined);

  async function keep(what: string, item: UserDataInput): Promise<void> {
    try {
      await storeUserData(doc, tableName, accountId, item, { retentionDays: options.retentionDays });
    } catch (error) {
      report(`Could not keep the ${what}`, error);
    }
  }

  return {
    input: (caller, id, text, source, service, operation) =>
      keep("command input", { kind: "user-input", teamId: caller.teamId, channelId: caller.channelId, id, data: { userId: caller.userId, text, source, service, operation } }),
    response: (caller, id, answer, detail) =>
      keep("response", { kind: "response", teamId: caller.teamId, channelId: caller.channelId, id, data: { ...detail, userId: caller.userId, inputId: id, title: answer.title, text: notificationText(answer) } }),
    interaction: (caller, id, interaction) =>
      keep("interaction", { kind: "interaction", teamId: caller.teamId, channelId: caller.channelId, id, data: { ...interaction, userId: caller.userId } }),
    async usualCommands(caller, prefix) {
      try {
        return await rankedSuggestions(doc, tableName, accountId, caller.teamId, caller.channelId, { prefix, limit: 5 });
      } catch (error) {
        report("Could not read the channel's command history", error);
        return [];
      }
    },
  };
}

/** As much of an output as one chat message would show. */
const KEPT_OUTPUT_LENGTH = 2_800;

/** An answer as plain text: summary, body, output, fields and lists, one per line. */
export function notificationText(notification: CommandAnswer): string {
  return [
    notification.summary,
    notification.body?.text,
    notification.output === undefined ? undefined : outputText(notification.output, KEPT_OUTPUT_LENGTH),
    ...notification.fields.map((field) => `${field.label}: ${field.value}`),
    ...notification.lists.flatMap((list) => [list.title, ...list.items.map((item) => `• ${item.text}`)]),
  ].filter((line): line is string => Boolean(line && line.trim())).join("\n");
}
