import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { storeContext } from "../store/index";
import { keys, USER_DATA_SORT_KINDS } from "../store/keys";
import { createUserDataStore } from "../store/user-data";
import { readPrivacy } from "./setting";
import { type ConversationData, storeUserData } from "./user-data";

/**
 * Asked questions as user data (issue 18): each exchange of a thread, kept only while sharing is on
 * (through storeUserData, the one write path) and erased with everything else on opt-out; and what
 * it is used for: the thread's earlier exchanges for a follow-up, and the channel's successful
 * commands and past questions as the model's examples. With sharing off every read is empty.
 */

export interface ConversationPlace {
  readonly teamId: string;
  readonly channelId: string;
}

export interface KeptTurn {
  readonly turn: number;
  readonly question: string;
  readonly answer: string;
  readonly commands: readonly string[];
}

/** The most exchanges of one thread given back to the model: later ones are dropped first from view. */
export const MAX_THREAD_TURNS = 20;

/** A thread's items are stored at its start (a Slack `ts` is epoch seconds), so one prefix finds them all. */
function threadStart(threadId: string): number {
  const seconds = Number(threadId);
  return /^\d{9,11}(\.\d{1,6})?$/.test(threadId) && Number.isFinite(seconds) ? Math.floor(seconds * 1000) : 0;
}

function threadPrefix(place: ConversationPlace, threadId: string): string {
  return `${keys.userDataChannelPrefix(USER_DATA_SORT_KINDS.conversation, place.teamId, place.channelId)}${new Date(threadStart(threadId)).toISOString()}#${threadId}#`;
}

export function createConversationStore(options: { readonly doc: DynamoDBDocumentClient; readonly tableName: string; readonly accountId: string; readonly retentionDays?: number; readonly now?: () => number }) {
  const { doc, tableName, accountId } = options;
  const now = options.now ?? Date.now;
  const userData = createUserDataStore(storeContext(doc, tableName));

  return {
    /** Keeps one exchange (nothing when sharing is off). */
    async keep(place: ConversationPlace, data: ConversationData): Promise<void> {
      await storeUserData(doc, tableName, accountId, {
        kind: "conversation",
        teamId: place.teamId,
        channelId: place.channelId,
        at: threadStart(data.threadId),
        id: `${data.threadId}#${String(data.turn).padStart(4, "0")}`,
        data,
      }, { retentionDays: options.retentionDays, now });
    },

    /** The thread's exchanges, oldest first; [] when sharing is off or the thread is not a question's. */
    async thread(place: ConversationPlace, threadId: string): Promise<KeptTurn[]> {
      const setting = await readPrivacy(doc, tableName, accountId);
      if (!setting.shareUserData) return [];
      const items = await userData.readItems(setting, threadPrefix(place, threadId), MAX_THREAD_TURNS * 2, now(), (item) => conversationOf(item)?.threadId === threadId, true);
      return items.flatMap((item) => {
        const data = conversationOf(item);
        return data ? [{ turn: data.turn, question: data.question, answer: data.answer, commands: data.commands.split("\n").filter(Boolean) }] : [];
      }).slice(-MAX_THREAD_TURNS);
    },

    /** The channel's latest successful commands and questions, newest first, `limit` of each; empty when sharing is off. */
    async examples(place: ConversationPlace, limit: number): Promise<{ commands: string[]; questions: string[] }> {
      const setting = await readPrivacy(doc, tableName, accountId);
      if (!setting.shareUserData || limit <= 0) return { commands: [], questions: [] };
      const at = now();
      const channel = (kind: keyof typeof USER_DATA_SORT_KINDS) => keys.userDataChannelPrefix(USER_DATA_SORT_KINDS[kind], place.teamId, place.channelId);
      // An input and its response share the job's id; "succeeded" is the audit log's word for a call AWS ran.
      const [inputs, responses, questions] = await Promise.all([
        userData.readItems(setting, channel("user-input"), limit * 5, at),
        userData.readItems(setting, channel("response"), limit * 10, at, (item) => dataOf(item)?.outcome === "succeeded"),
        userData.readItems(setting, channel("conversation"), limit * 3, at),
      ]);
      const succeeded = new Set(responses.map((item) => item.id));
      const commands = unique(inputs.filter((item) => succeeded.has(item.id)).flatMap((item) => text(dataOf(item)?.text))).slice(0, limit);
      const asked = unique(questions.flatMap((item) => text(conversationOf(item)?.question))).slice(0, limit);
      return { commands, questions: asked };
    },
  };
}

export type ConversationStore = ReturnType<typeof createConversationStore>;

function dataOf(item: Record<string, unknown>): Record<string, unknown> | undefined {
  return typeof item.data === "object" && item.data !== null ? (item.data as Record<string, unknown>) : undefined;
}

function conversationOf(item: Record<string, unknown>): ConversationData | undefined {
  const data = dataOf(item);
  if (!data || typeof data.threadId !== "string" || typeof data.question !== "string" || typeof data.turn !== "number") return undefined;
  return { userId: String(data.userId ?? ""), threadId: data.threadId, turn: data.turn, question: data.question, answer: typeof data.answer === "string" ? data.answer : "", commands: typeof data.commands === "string" ? data.commands : "", outcome: String(data.outcome ?? "") };
}

function text(value: unknown): string[] {
  return typeof value === "string" && value.trim() !== "" ? [value.trim().replace(/\s+/g, " ")] : [];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
