import { codeSafe, type CommandAnswer, type CommandOutput } from "../commands/results";
import type { Notification } from "../notifications/model";
import { type SlackMessage, toSlackMessage } from "./blocks";

/**
 * A command's answer as Slack shows it. Output is a code block, and a code block must stay within
 * one section (3,000 characters, counted after escaping) or toSlackMessage would split it and
 * break its fences. So the output is cut here, at a row or line, measured escaped as Slack counts,
 * with a note saying what was left out.
 */

/** Escaped characters a code block may take, leaving room in its section for fences and the note. */
export const CODE_BLOCK_BUDGET = 2_800;

/** The answer as a Slack message (Block Kit). */
export function toSlackCommandMessage(answer: CommandAnswer): SlackMessage {
  return toSlackMessage(withOutputBlock(answer));
}

/** The answer with its output as a fenced, cut-to-fit code block in the body (mrkdwn). */
export function withOutputBlock(answer: CommandAnswer): Notification {
  const { output, ...notification } = answer;
  if (output === undefined) return notification;
  const block = codeBlock(output);
  return { ...notification, body: { text: notification.body === undefined ? block : `${notification.body.text}\n${block}`, markdown: true } };
}

/**
 * ```-fenced lines, as many as fit CODE_BLOCK_BUDGET (measured escaped), and a note saying how
 * many rows or lines were left out.
 */
function codeBlock(output: CommandOutput): string {
  const { header, lines, unit } = output;
  const shown: string[] = [];
  let used = 0;
  for (const raw of [...header, ...lines]) {
    const line = codeSafe(raw);
    const cost = escapedLength(line) + 1;
    if (used + cost > CODE_BLOCK_BUDGET) {
      // A single line longer than the whole budget is shown cut rather than not at all.
      if (shown.length === header.length) shown.push(cutEscaped(line, CODE_BLOCK_BUDGET - used - 1));
      break;
    }
    shown.push(line);
    used += cost;
  }
  const hidden = header.length + lines.length - shown.length;
  const notes: string[] = [];
  if (hidden > 0) notes.push(`… ${hidden.toLocaleString("en-US")} more ${hidden === 1 ? unit.slice(0, -1) : unit} not shown; narrow the output with --query.`);
  notes.push(...output.notes);
  const block = `\`\`\`\n${shown.join("\n")}\n\`\`\``;
  return notes.length === 0 ? block : `${block}\n_${notes.join(" ")}_`;
}

/** Characters as Slack counts them: `&`, `<` and `>` arrive escaped. */
function escapedLength(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    length += unit === 0x26 ? 5 : unit === 0x3c || unit === 0x3e ? 4 : 1;
  }
  return length;
}

function cutEscaped(text: string, budget: number): string {
  let length = 0;
  let end = 0;
  while (end < text.length && length + escapedLength(text[end]) <= budget - 1) length += escapedLength(text[end++]);
  return end < text.length ? `${text.slice(0, end)}…` : text;
}
